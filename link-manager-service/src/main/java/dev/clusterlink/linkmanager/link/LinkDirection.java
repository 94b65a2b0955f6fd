package dev.clusterlink.linkmanager.link;

import java.util.Locale;

import dev.clusterlink.linkmanager.web.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Which way a mirror of a link flows: {@code forward} from the link's source cluster to
 * its destination cluster, {@code reverse} back (only on a bidirectional link, whose
 * reverse direction is stored as a hidden twin link row).
 */
public enum LinkDirection {

	FORWARD, REVERSE;

	/** The suffix of a twin row's name; user names cannot hold a {@code ~}. */
	static final String TWIN_SUFFIX = "~reverse";

	/** The other direction. */
	public LinkDirection opposite() {
		return (this == FORWARD) ? REVERSE : FORWARD;
	}

	/** The name as the API spells it. */
	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses the API's {@code direction} parameter.
	 * @param value {@code forward}, {@code reverse}, or {@code null}
	 * @return the direction, {@code null} when none was given
	 * @throws ApiException validation-failed naming {@code direction} otherwise
	 */
	public static @Nullable LinkDirection parse(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		for (LinkDirection direction : values()) {
			if (direction.wire().equalsIgnoreCase(value.trim())) {
				return direction;
			}
		}
		throw ApiException.invalidField("direction", "must be 'forward' or 'reverse'");
	}

	/** The store name of a link's twin row. */
	static String twinName(String linkName) {
		return linkName + TWIN_SUFFIX;
	}

}
