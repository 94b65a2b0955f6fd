package dev.clusterlink.kafka;

import java.util.ArrayList;
import java.util.List;
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

	/**
	 * The entries of a valid bootstrap list.
	 * @param servers a list {@link #problem(String)} accepts
	 * @return its entries in order, IPv6 hosts without brackets
	 * @throws IllegalArgumentException when the list is not valid
	 */
	public static List<Endpoint> entries(String servers) {
		String problem = problem(servers);
		if (problem != null) {
			throw new IllegalArgumentException("bootstrap servers " + problem);
		}
		List<Endpoint> entries = new ArrayList<>();
		for (String entry : servers.split(",")) {
			var matcher = HOST_PORT.matcher(entry.trim());
			matcher.matches();
			String host = matcher.group(1);
			if (host.startsWith("[")) {
				host = host.substring(1, host.length() - 1);
			}
			entries.add(new Endpoint(host, Integer.parseInt(matcher.group(3))));
		}
		return entries;
	}

	/**
	 * One bootstrap entry.
	 *
	 * @param host a host name or IP literal (IPv6 without brackets)
	 * @param port the port
	 */
	public record Endpoint(String host, int port) {

		@Override
		public String toString() {
			return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
		}

	}

}
