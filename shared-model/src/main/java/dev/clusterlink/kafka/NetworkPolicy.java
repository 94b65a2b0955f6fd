package dev.clusterlink.kafka;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which network addresses a registered cluster may point at (the SSRF guard, DESIGN.md
 * §11). Deny wins over allow; with a non-empty allow list only those networks are
 * accepted. The default deny list (link-local and cloud metadata addresses, the
 * unspecified network, multicast and broadcast) always applies: configured entries add to
 * it and cannot remove it. Loopback and RFC 1918 networks are allowed by default, because
 * local stacks and tests run there; deny {@code 127.0.0.0/8} in production.
 * <p>
 * Invariant: a decision is made on {@link InetAddress}es (what the Kafka client resolves
 * and connects to), never on host strings, so spellings such as {@code 2852039166} or
 * {@code ::ffff:169.254.169.254} are caught. IPv6 addresses that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16})
 * are checked as both.
 */
public final class NetworkPolicy {

	// before DEFAULT_DENY, which parses with them
	private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	/** The networks every policy denies, each with the reason shown to the caller. */
	public static final List<Rule> DEFAULT_DENY = List.of(rule("169.254.0.0/16", "link-local / cloud metadata"),
			rule("fe80::/10", "link-local"), rule("fd00:ec2::254/128", "cloud metadata"),
			rule("100.100.100.200/32", "cloud metadata"), rule("0.0.0.0/8", "unspecified network"),
			rule("::/128", "unspecified address"), rule("224.0.0.0/4", "multicast"), rule("ff00::/8", "multicast"),
			rule("255.255.255.255/32", "broadcast"));

	/** Host names every policy denies (cloud metadata services). */
	public static final Set<String> DENIED_HOST_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
			"instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

	private final List<Rule> allow;

	private final List<Rule> deny;

	private NetworkPolicy(List<Rule> allow, List<Rule> deny) {
		this.allow = List.copyOf(allow);
		this.deny = List.copyOf(deny);
	}

	/** The default policy: everything but the default deny list. */
	public static NetworkPolicy defaults() {
		return new NetworkPolicy(List.of(), DEFAULT_DENY);
	}

	/**
	 * A configured policy.
	 * @param allow CIDRs (or single addresses) to allow; empty allows every network not
	 * denied
	 * @param deny CIDRs (or single addresses) denied in addition to {@link #DEFAULT_DENY}
	 * @return the policy
	 * @throws IllegalArgumentException when an entry is not an IP literal or CIDR
	 */
	public static NetworkPolicy of(List<String> allow, List<String> deny) {
		List<Rule> denied = new ArrayList<>(DEFAULT_DENY);
		deny.stream()
			.filter((entry) -> !entry.isBlank())
			.map((entry) -> rule(entry, "denied by configuration"))
			.forEach(denied::add);
		List<Rule> allowed = allow.stream()
			.filter((entry) -> !entry.isBlank())
			.map((entry) -> rule(entry, "allowed"))
			.toList();
		return new NetworkPolicy(allowed, denied);
	}

	/**
	 * Why a host name is refused before it is resolved.
	 * @param host a host as written in a bootstrap entry (without brackets)
	 * @return the rule, or {@code null} when the name itself is fine
	 */
	public @Nullable String refusalOfName(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		while (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		return DENIED_HOST_NAMES.contains(name) ? "cloud metadata host name" : null;
	}

	/**
	 * Why an address is refused.
	 * @param address a resolved address
	 * @return the rule (e.g. {@code "169.254.0.0/16 (link-local / cloud metadata)"}), or
	 * {@code null} when the address is allowed
	 */
	public @Nullable String refusalOf(InetAddress address) {
		List<byte[]> forms = forms(address);
		for (Rule rule : this.deny) {
			for (byte[] form : forms) {
				if (rule.contains(form)) {
					return rule.toString();
				}
			}
		}
		if (this.allow.isEmpty()) {
			return null;
		}
		for (Rule rule : this.allow) {
			for (byte[] form : forms) {
				if (rule.contains(form)) {
					return null;
				}
			}
		}
		return "not in an allowed network (clusterlink.network.allow)";
	}

	/**
	 * Why a bootstrap list is refused: its first entry whose name, or any of whose
	 * resolved addresses, the policy refuses. A name that does not resolve is not refused
	 * here (the client cannot connect to it either; it is checked again when it
	 * resolves).
	 * @param bootstrapServers a valid bootstrap list
	 * @param resolver how host names are resolved
	 * @return the refusal naming the entry, the address and the rule, or {@code null}
	 */
	public @Nullable String refusalOf(String bootstrapServers, Resolver resolver) {
		for (BootstrapServers.Endpoint entry : BootstrapServers.entries(bootstrapServers)) {
			String byName = refusalOfName(entry.host());
			if (byName != null) {
				return entry + " is refused: " + byName;
			}
			InetAddress[] addresses;
			try {
				addresses = resolver.resolve(entry.host());
			}
			catch (UnknownHostException ex) {
				continue;
			}
			for (InetAddress address : addresses) {
				String rule = refusalOf(address);
				if (rule != null) {
					return entry + " (" + address.getHostAddress() + ") is refused: " + rule;
				}
			}
		}
		return null;
	}

	/**
	 * Why an http(s) URL a client property names is refused (the identity provider of
	 * OAUTHBEARER, which the client calls itself): the same rules as bootstrap entries,
	 * on the URL's host.
	 * @param url the URL
	 * @param resolver how host names are resolved
	 * @return the refusal naming the host and the rule, or {@code null}
	 */
	public @Nullable String refusalOfUrl(String url, Resolver resolver) {
		java.net.URI uri;
		try {
			uri = new java.net.URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			return null; // not a URL: ClientPropertyPolicy refuses it
		}
		String host = uri.getHost();
		if (host == null) {
			return null;
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : ("http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443);
		return refusalOf(new BootstrapServers.Endpoint(host, port).toString(), resolver);
	}

	/** Whether a host is an IP literal (so no name resolution is needed). */
	public static boolean isLiteral(String host) {
		return IPV4_LITERAL.matcher(host).matches() || IPV6_LITERAL.matcher(host).matches();
	}

	/** The address and, for IPv6 addresses that embed one, the embedded IPv4 address. */
	static List<byte[]> forms(InetAddress address) {
		byte[] raw = address.getAddress();
		if (!(address instanceof Inet6Address) || raw.length != 16) {
			return List.of(raw);
		}
		byte[] embedded = embeddedIpv4(raw);
		return (embedded != null) ? List.of(raw, embedded) : List.of(raw);
	}

	private static byte @Nullable [] embeddedIpv4(byte[] v6) {
		boolean zeroFirst10 = allZero(v6, 0, 10);
		if (zeroFirst10 && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
			return Arrays.copyOfRange(v6, 12, 16); // IPv4-mapped ::ffff:a.b.c.d
		}
		if (zeroFirst10 && v6[10] == 0 && v6[11] == 0 && v6[12] != 0) {
			return Arrays.copyOfRange(v6, 12, 16); // IPv4-compatible ::a.b.c.d (not :: or
													// ::1)
		}
		if (v6[0] == 0x00 && v6[1] == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b && allZero(v6, 4, 12)) {
			return Arrays.copyOfRange(v6, 12, 16); // NAT64 64:ff9b::/96
		}
		if (v6[0] == 0x20 && v6[1] == 0x02) {
			return Arrays.copyOfRange(v6, 2, 6); // 6to4 2002:AABB:CCDD::/16
		}
		return null;
	}

	private static boolean allZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static Rule rule(String cidr, String reason) {
		String text = cidr.trim();
		int slash = text.indexOf('/');
		String host = (slash < 0) ? text : text.substring(0, slash);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (!isLiteral(host)) {
			throw new IllegalArgumentException("not an IP address or CIDR: '" + cidr + "'");
		}
		byte[] network;
		try {
			network = InetAddress.getByName(host).getAddress(); // a literal: no name
																// lookup
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an IP address or CIDR: '" + cidr + "'");
		}
		int bits = network.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(text.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("not an IP address or CIDR: '" + cidr + "'");
			}
		}
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException("prefix length out of range in '" + cidr + "'");
		}
		return new Rule(text, network, prefix, reason);
	}

	@Override
	public String toString() {
		return "NetworkPolicy[allow=" + this.allow + ", deny=" + this.deny + "]";
	}

	/** Resolves a host name to its addresses, like {@link InetAddress#getAllByName}. */
	@FunctionalInterface
	public interface Resolver {

		/** The addresses of a host. */
		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * One network of a policy.
	 *
	 * @param cidr the network as configured
	 * @param network its address bytes (4 or 16)
	 * @param prefix the prefix length
	 * @param reason why it is listed, shown to the caller
	 */
	public record Rule(String cidr, byte[] network, int prefix, String reason) {

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int full = this.prefix / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (address[full] & mask) == (this.network[full] & mask);
		}

		@Override
		public String toString() {
			return this.cidr + " (" + this.reason + ")";
		}

	}

}
