package dev.clusterlink.linkmanager.security;

import java.util.Arrays;

import dev.clusterlink.linkmanager.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call the API. Every request under {@code /api} needs an API key
 * ({@code X-API-Key}) or, when an issuer is configured, an OAuth2/OIDC bearer token; the
 * role each handler needs is its {@code @PreAuthorize} (a test fails for a handler
 * without one), so the default is to deny. Probes, the OpenAPI document, the Swagger UI
 * and the console's static files (which hold no data: the console asks for a key and
 * reads everything through the API) are open; any other path is denied. There are no
 * sessions, no cookies (hence no CSRF tokens) and no Basic auth.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/**
	 * The console loads nothing but its own files and talks to nothing but this API: no
	 * inline script or style, no other origin, no framing.
	 */
	private static final String CONSOLE_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
			+ "frame-ancestors 'none'";

	private final LinkScope linkScope;

	SecurityConfiguration(LinkScope linkScope) {
		this.linkScope = linkScope;
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, ApiKeys keys, AuditLog audit, SecuritySettings settings,
			Environment environment, ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
		ProblemAuthHandlers problems = new ProblemAuthHandlers();
		if (settings.authenticationDisabled()) {
			if (!Arrays.asList(environment.getActiveProfiles()).contains("dev")) {
				throw new IllegalStateException(
						"clusterlink.security.authentication=disabled is accepted only with the dev profile");
			}
			http.addFilterBefore(new DevAuthenticationFilter(), AnonymousAuthenticationFilter.class);
		}
		else {
			http.addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class);
		}
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new RefusalAuditFilter(audit), ExceptionTranslationFilter.class)
			.addFilterAfter(new RateLimitFilter(settings.rateLimit(), System::nanoTime), AuthorizationFilter.class)
			.headers((headers) -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
					PathPatternRequestMatcher.withDefaults().matcher("/console/**"),
					new StaticHeadersWriter("Content-Security-Policy", CONSOLE_CONTENT_SECURITY_POLICY))))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/**", "/livez", "/readyz", "/error", "/v3/api-docs", "/v3/api-docs/**",
						"/swagger-ui.html", "/swagger-ui/**", "/console", "/console/**")
				.permitAll()
				.requestMatchers("/api/**")
				.authenticated()
				.anyRequest()
				.denyAll());
		// OAuth2/OIDC bearer tokens, once an issuer, a JWK set or a public key is
		// configured
		JwtDecoder decoder = jwtDecoder.getIfAvailable();
		if (decoder != null && !settings.authenticationDisabled()) {
			http.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(decoder)
					.jwtAuthenticationConverter(new ClusterlinkJwtConverter(settings.jwt())))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		}
		return http.build();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.linkScope).addPathPatterns("/api/**");
	}

	/**
	 * The first start: an admin key from {@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY}, or a
	 * generated one, printed once.
	 */
	@Bean
	ApplicationRunner apiKeyBootstrap(ApiKeys keys, SecuritySettings settings) {
		return (arguments) -> {
			if (settings.authenticationDisabled()) {
				log.warn("""

						**********************************************************************
						*  API AUTHENTICATION IS DISABLED (dev profile): every request acts  *
						*  as the admin 'dev-unauthenticated'. Never run this in production. *
						**********************************************************************""");
				return;
			}
			keys.bootstrap(settings.bootstrapAdminKey())
				.ifPresent((generated) -> log.warn(
						"bootstrap admin API key (shown once, store it now; send it as " + "X-API-Key): {}",
						generated.value()));
		};
	}

}
