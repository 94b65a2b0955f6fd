package dev.clusterlink.linkmanager.security;

import java.util.Map;

import dev.clusterlink.linkmanager.link.LinkNotFoundException;
import dev.clusterlink.linkmanager.web.VisibleLinks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Keys limited to named links: a request on another link answers 404 exactly as for a
 * link that does not exist, so that the link's existence is not revealed. Such keys
 * cannot create links or change clusters (403). Also {@code @linkScope} in
 * {@code @PreAuthorize} expressions.
 */
@Component("linkScope")
public class LinkScope implements HandlerInterceptor {

	/** Request attribute set when a request was refused for its link. */
	static final String REFUSED = LinkScope.class.getName() + ".refused";

	/** Whether the caller may see every link (for {@code @PreAuthorize}). */
	public boolean unlimited() {
		ClusterlinkPrincipal principal = ClusterlinkPrincipal.current();
		return principal != null && principal.links() == null;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		ClusterlinkPrincipal principal = ClusterlinkPrincipal.current();
		if (principal == null || principal.links() == null) {
			return true;
		}
		request.setAttribute(VisibleLinks.ATTRIBUTE, principal.links());
		// the handler's pattern, never the raw URI: "/api/v1/%6Cinks/x" reaches the
		// handler of "/api/v1/links/{link}" (paths match decoded) and must be judged as
		// such
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (!(pattern instanceof String path)) {
			throw new AccessDeniedException("no handler pattern to judge the request by");
		}
		if (path.startsWith("/api/v1/audit")) {
			// the log names every link; a limited key has no filtered view of it
			throw new AccessDeniedException("the audit log covers every link");
		}
		boolean write = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
		if (write && (path.startsWith("/api/v1/clusters") || path.equals("/api/v1/links"))) {
			throw new AccessDeniedException("outside the key's links");
		}
		if (!path.startsWith("/api/v1/links/{")) {
			return true;
		}
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String link = (variables == null) ? null
				: variables.containsKey("link") ? variables.get("link") : variables.get("name");
		if (link != null && !principal.canSee(link)) {
			request.setAttribute(REFUSED, link);
			throw new LinkNotFoundException(link);
		}
		return true;
	}

}
