package dev.clusterlink.kafka;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Validation of a {@code bootstrap.servers} list: comma-separated {@code host:port}
 * entries.
 */
public final class BootstrapServers {

	private static final Pattern HOST_PORT = Pattern
		.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?):([0-9]{1,5})");

	private BootstrapServers() {
	}

	/**
	 * Why a bootstrap list is not acceptable.
	 * @param servers the candidate list
	 * @return the reason, or {@code null} when it is fine
	 */
	public static @Nullable String problem(@Nullable String servers) {
		if (servers == null || servers.isBlank()) {
			return "must not be empty";
		}
		for (String entry : servers.split(",")) {
			var matcher = HOST_PORT.matcher(entry.trim());
			if (!matcher.matches()) {
				return "must be a comma-separated list of host:port";
			}
			int port = Integer.parseInt(matcher.group(3));
			if (port < 1 || port > 65535) {
				return "has a port outside 1-65535";
			}
		}
		return null;
	}

}
