package dev.clusterlink.linkmanager.web;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The links the caller of the current request may see, for lists: security sets them for
 * a key limited to named links; every link otherwise (and outside a request).
 */
public final class VisibleLinks {

	/** The request attribute: a {@code Set<String>} of link names. */
	public static final String ATTRIBUTE = VisibleLinks.class.getName();

	private VisibleLinks() {
	}

	/**
	 * The names of the links the current caller may see, for a query.
	 * @return the names, or {@code null} when the caller may see every link
	 */
	public static @Nullable Set<String> names() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return null;
		}
		if (!(attributes.getRequest().getAttribute(ATTRIBUTE) instanceof Set<?> links)) {
			return null;
		}
		return links.stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
	}

}
