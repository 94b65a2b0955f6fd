package dev.clusterlink.linkmanager.security;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who calls the API: {@code apikey:<key name>} for an API key.
 *
 * @param name the principal's name, as the audit log records it
 * @param role the principal's role
 * @param links the links the principal may see, or {@code null} for every link
 */
public record ClusterlinkPrincipal(String name, Role role, @Nullable Set<String> links) {

	/** Whether the principal may see a link. */
	public boolean canSee(String link) {
		return this.links == null || this.links.contains(link);
	}

	/** The principal of the current request, if it is authenticated. */
	public static @Nullable ClusterlinkPrincipal current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof ClusterlinkAuthentication clusterlink) ? clusterlink.getPrincipal() : null;
	}

}
