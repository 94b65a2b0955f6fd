package dev.clusterlink.linkmanager.security;

import java.io.IOException;

import dev.clusterlink.linkmanager.web.ProblemDetailsAdvice;
import dev.clusterlink.linkmanager.web.ProblemResponses;
import dev.clusterlink.linkmanager.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 from the filter chain as RFC 9457 problem details, the same as every other
 * error of the API. The detail is fixed: it never says why a key failed. A refused bearer
 * token keeps its RFC 6750 {@code WWW-Authenticate} header.
 */
class ProblemAuthHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof OAuth2AuthenticationException) {
			// RFC 6750: WWW-Authenticate: Bearer error="invalid_token", ...
			this.bearer.commence(request, response, authException);
		}
		else {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey realm=\"clusterlink\", header=\"X-API-Key\"");
		}
		write(response, ProblemType.UNAUTHENTICATED, ProblemDetailsAdvice.UNAUTHENTICATED_DETAIL, request);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(response, ProblemType.FORBIDDEN, ProblemDetailsAdvice.FORBIDDEN_DETAIL, request);
	}

	private static void write(HttpServletResponse response, ProblemType type, String detail, HttpServletRequest request)
			throws IOException {
		ProblemResponses.write(request, response, type, detail);
	}

}
