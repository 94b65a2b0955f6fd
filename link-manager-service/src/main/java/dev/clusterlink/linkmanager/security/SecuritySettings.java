package dev.clusterlink.linkmanager.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication of the API.
 *
 * @param authentication {@code enabled} (the default), or {@code disabled}: every request
 * acts as the admin {@code dev-unauthenticated}; accepted only with the {@code dev}
 * profile
 * @param bootstrapAdminKey the admin API key created at the first start, when the store
 * holds no key ({@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY}); unset: one is generated and
 * logged once
 * @param jwt how OAuth2/OIDC bearer tokens map to principals (tokens are accepted once
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or
 * {@code public-key-location} is set)
 * @param rateLimit requests per principal
 */
@ConfigurationProperties("clusterlink.security")
public record SecuritySettings(@DefaultValue("enabled") String authentication, @Nullable String bootstrapAdminKey,
		@DefaultValue Jwt jwt, @DefaultValue RateLimit rateLimit) {

	/** The defaults, with an authentication mode and a bootstrap key. */
	static SecuritySettings of(String authentication, @Nullable String bootstrapAdminKey) {
		return new SecuritySettings(authentication, bootstrapAdminKey,
				new Jwt("clusterlink_roles", "clusterlink_links", "sub", Map.of()), new RateLimit(20, 40));
	}

	/**
	 * A token bucket per principal (per replica, in memory): past it, 429 with
	 * {@code Retry-After}.
	 *
	 * @param requestsPerSecond the sustained rate of one principal
	 * @param burst how many requests a principal may make at once
	 */
	public record RateLimit(@DefaultValue("20") double requestsPerSecond, @DefaultValue("40") int burst) {
	}

	boolean authenticationDisabled() {
		return "disabled".equalsIgnoreCase(this.authentication);
	}

	/**
	 * @param rolesClaim the claim holding the caller's roles (a string or a list); the
	 * highest recognised role wins, a token without one gets 403 everywhere
	 * @param linksClaim the claim listing the links the caller may see (absent: every
	 * link)
	 * @param principalClaim the claim naming the caller in the audit log
	 * ({@code jwt:<value>})
	 * @param roleMapping claim values (e.g. IdP group names) mapped to {@code viewer},
	 * {@code operator} or {@code admin}; the role names themselves always map
	 */
	public record Jwt(@DefaultValue("clusterlink_roles") String rolesClaim,
			@DefaultValue("clusterlink_links") String linksClaim, @DefaultValue("sub") String principalClaim,
			@DefaultValue Map<String, String> roleMapping) {
	}

}
