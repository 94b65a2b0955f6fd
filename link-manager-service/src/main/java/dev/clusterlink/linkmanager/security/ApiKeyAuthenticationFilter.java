package dev.clusterlink.linkmanager.security;

import java.io.IOException;
import java.util.Optional;

import dev.clusterlink.security.ApiKeyFormat;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@code X-API-Key} header. A request without the header,
 * or with a key that is malformed, unknown, revoked or wrong, stays anonymous, and the
 * authorization rules answer 401 where a key is needed. Which of these it was is never
 * told to the caller; a well-formed key's public id is kept for the audit of the refusal.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	/** Request attribute: the id of a presented key that did not authenticate. */
	static final String FAILED_KEY_ID = ApiKeyAuthenticationFilter.class.getName() + ".failedKeyId";

	private final ApiKeys keys;

	ApiKeyAuthenticationFilter(ApiKeys keys) {
		this.keys = keys;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader(ApiKeyFormat.HEADER);
		if (presented != null && request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			// two credentials: never guess which one the caller meant
			SecurityContextHolder.clearContext();
		}
		else if (presented != null) {
			Optional<ClusterlinkPrincipal> principal = this.keys.authenticate(presented);
			if (principal.isPresent()) {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(new ClusterlinkAuthentication(principal.get()));
				SecurityContextHolder.setContext(context);
			}
			else {
				ApiKeyFormat.parse(presented).ifPresent((key) -> request.setAttribute(FAILED_KEY_ID, key.keyId()));
			}
		}
		chain.doFilter(request, response);
	}

}
