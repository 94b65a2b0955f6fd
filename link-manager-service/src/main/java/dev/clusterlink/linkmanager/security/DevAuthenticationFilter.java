package dev.clusterlink.linkmanager.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With authentication disabled (the {@code dev} profile only): every request acts as the
 * admin {@code dev-unauthenticated}, which the audit log shows.
 */
class DevAuthenticationFilter extends OncePerRequestFilter {

	static final ClusterlinkPrincipal PRINCIPAL = new ClusterlinkPrincipal("dev-unauthenticated", Role.ADMIN, null);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new ClusterlinkAuthentication(PRINCIPAL));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

}
