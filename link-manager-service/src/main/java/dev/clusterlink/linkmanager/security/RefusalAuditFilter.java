package dev.clusterlink.linkmanager.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.web.ProblemDetailsAdvice;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every refused change in the audit log: a request that is not a read and was
 * answered 401 or 403, or 404 because its link is outside the caller's key, and, for an
 * authenticated caller, any other 4xx but 429 (a validation error, a refused cluster
 * address, a conflict, a precondition), with the problem's code. Who tried what stays on
 * record even though nothing changed. It sits in the security filter chain around the
 * authorization, so that it sees both the refusals of the filter chain and those of
 * method security.
 */
class RefusalAuditFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RefusalAuditFilter.class);

	private final AuditLog audit;

	RefusalAuditFilter(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			recordIfRefused(request, response);
		}
	}

	private void recordIfRefused(HttpServletRequest request, HttpServletResponse response) {
		String method = request.getMethod();
		if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
			return;
		}
		if (request.getAttribute(AuditLog.REFUSAL_RECORDED) != null) {
			return; // recorded by the handler, with its own details
		}
		int status = response.getStatus();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean authenticated = authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
		// 429 is not recorded: a caller past its rate would turn each request into a
		// write
		boolean refused = status == 401 || status == 403
				|| (status == 404 && request.getAttribute(LinkScope.REFUSED) != null)
				|| (authenticated && status >= 400 && status < 500 && status != 429);
		if (!refused) {
			return;
		}
		String actor = authenticated ? authentication.getName() : "anonymous";
		Map<String, Object> details = new LinkedHashMap<>();
		Object failedKeyId = request.getAttribute(ApiKeyAuthenticationFilter.FAILED_KEY_ID);
		if (failedKeyId != null) {
			details.put("keyId", failedKeyId);
		}
		Object problem = request.getAttribute(ProblemDetailsAdvice.PROBLEM_CODE);
		if (problem != null) {
			details.put("problem", problem);
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		try {
			this.audit.recordRefusal(actor, method, path, status, details);
		}
		catch (RuntimeException ex) {
			log.warn("recordIfRefused({} {}): the refusal is not in the audit log: {}", method, path,
					ex.getClass().getSimpleName());
		}
		log.info("refused {} {} for {}: {}", method, path, actor, status);
	}

}
