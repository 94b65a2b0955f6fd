package dev.clusterlink.linkmanager.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who made the current request, for the audit log: the principal Spring Security
 * authenticated ({@code apikey:<key name>}), else {@code anonymous}. The request id comes
 * from {@code X-Request-Id} or is made up.
 *
 * @param actor the principal
 * @param clientAddress the client's address
 * @param requestId the request id
 */
public record RequestContext(String actor, String clientAddress, String requestId) {

	private static final String REQUEST_ID_ATTRIBUTE = RequestContext.class.getName() + ".requestId";

	/**
	 * The context of the current HTTP request, or a system context outside one (scheduled
	 * jobs).
	 */
	public static RequestContext current() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return new RequestContext("system", "", UUID.randomUUID().toString());
		}
		HttpServletRequest request = attributes.getRequest();
		String actor = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : "anonymous";
		Object requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE);
		if (requestId == null) {
			String header = request.getHeader("X-Request-Id");
			requestId = (header != null && header.matches("[A-Za-z0-9._:-]{1,100}")) ? header
					: UUID.randomUUID().toString();
			request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
		}
		return new RequestContext(actor, String.valueOf(request.getRemoteAddr()), requestId.toString());
	}

}
