package dev.clusterlink.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NetworkPolicyTest {

	private final NetworkPolicy defaults = NetworkPolicy.defaults();

	@Test
	void deniesLinkLocalAndMetadataAddressesByDefault() throws Exception {
		assertThat(this.defaults.refusalOf(ip("169.254.169.254"))).contains("169.254.0.0/16");
		assertThat(this.defaults.refusalOf(ip("fd00:ec2::254"))).contains("cloud metadata");
		assertThat(this.defaults.refusalOf(ip("fe80::1"))).contains("fe80::/10");
		assertThat(this.defaults.refusalOf(ip("100.100.100.200"))).contains("cloud metadata");
		assertThat(this.defaults.refusalOf(ip("0.0.0.0"))).contains("0.0.0.0/8");
		assertThat(this.defaults.refusalOf(ip("::"))).contains("unspecified");
		assertThat(this.defaults.refusalOf(ip("239.1.2.3"))).contains("multicast");
		assertThat(this.defaults.refusalOf(ip("ff02::1"))).contains("multicast");
		assertThat(this.defaults.refusalOf(ip("255.255.255.255"))).contains("broadcast");
	}

	@Test
	void allowsLoopbackPrivateAndPublicNetworksByDefault() throws Exception {
		for (String allowed : List.of("127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "8.8.8.8",
				"2001:db8::1", "169.253.255.255", "169.255.0.0")) {
			assertThat(this.defaults.refusalOf(ip(allowed))).as(allowed).isNull();
		}
	}

	@Test
	void checksTheIpv4AddressEmbeddedInIpv6() throws Exception {
		assertThat(this.defaults.refusalOf(v6("::ffff:a9fe:a9fe"))).as("mapped").contains("169.254.0.0/16");
		assertThat(this.defaults.refusalOf(v6("::a9fe:a9fe"))).as("compatible").contains("169.254.0.0/16");
		assertThat(this.defaults.refusalOf(v6("64:ff9b::a9fe:a9fe"))).as("NAT64").contains("169.254.0.0/16");
		assertThat(this.defaults.refusalOf(v6("2002:a9fe:a9fe::1"))).as("6to4").contains("169.254.0.0/16");
		assertThat(this.defaults.refusalOf(v6("64:ff9b::808:808"))).as("NAT64 of 8.8.8.8").isNull();
		assertThat(this.defaults.refusalOf(v6("::1"))).isNull();
	}

	@Test
	void deniesMetadataHostNamesWhateverTheirCase() {
		assertThat(this.defaults.refusalOfName("metadata.google.internal")).isNotNull();
		assertThat(this.defaults.refusalOfName("Metadata.Google.Internal.")).isNotNull();
		assertThat(this.defaults.refusalOfName("instance-data")).isNotNull();
		assertThat(this.defaults.refusalOfName("kafka.example.com")).isNull();
	}

	@Test
	void checksBootstrapListsOnResolvedAddresses() throws Exception {
		NetworkPolicy.Resolver jdk = InetAddress::getAllByName;
		assertThat(this.defaults.refusalOf("169.254.169.254:9092", jdk)).startsWith("169.254.169.254:9092")
			.contains("169.254.0.0/16 (link-local / cloud metadata)");
		assertThat(this.defaults.refusalOf("[fd00:ec2::254]:9092", jdk)).startsWith("[fd00:ec2::254]:9092");
		assertThat(this.defaults.refusalOf("2852039166:9092", jdk)).as("decimal spelling of 169.254.169.254")
			.contains("(169.254.169.254)");
		assertThat(this.defaults.refusalOf("metadata.google.internal:9092", (host) -> {
			throw new AssertionError("a denied name is never resolved");
		})).contains("cloud metadata host name");
		assertThat(this.defaults.refusalOf("127.0.0.1:9092,[::1]:9093", jdk)).isNull();
	}

	@Test
	void checksTheHostOfIdentityProviderUrls() {
		NetworkPolicy.Resolver jdk = InetAddress::getAllByName;
		assertThat(this.defaults.refusalOfUrl("http://169.254.169.254/latest/meta-data/", jdk))
			.contains("169.254.0.0/16");
		assertThat(this.defaults.refusalOfUrl("https://[fd00:ec2::254]/token", jdk)).contains("cloud metadata");
		assertThat(this.defaults.refusalOfUrl("https://127.0.0.1:8443/token", jdk)).isNull();
	}

	@Test
	void checksEveryResolvedAddressAndSkipsUnresolvableNames() throws Exception {
		Map<String, InetAddress[]> dns = Map.of("rebinding.example",
				new InetAddress[] { ip("10.0.0.1"), ip("169.254.169.254") });
		NetworkPolicy.Resolver fake = (host) -> {
			InetAddress[] found = dns.get(host);
			if (found == null) {
				throw new UnknownHostException(host);
			}
			return found;
		};
		assertThat(this.defaults.refusalOf("ok.example:1,rebinding.example:9092", fake))
			.startsWith("rebinding.example:9092 (169.254.169.254)");
		assertThat(this.defaults.refusalOf("nowhere.example:9092", fake)).isNull();
	}

	@Test
	void configuredDenyAddsToTheDefaultsAndWinsOverAllow() throws Exception {
		NetworkPolicy policy = NetworkPolicy.of(List.of("10.0.0.0/8", "169.254.0.0/16"), List.of("10.9.0.0/16"));
		assertThat(policy.refusalOf(ip("10.1.2.3"))).isNull();
		assertThat(policy.refusalOf(ip("10.9.0.1"))).contains("10.9.0.0/16 (denied by configuration)");
		assertThat(policy.refusalOf(ip("169.254.169.254"))).as("default deny survives an allow").contains("link-local");
		assertThat(policy.refusalOf(ip("192.168.0.1"))).contains("not in an allowed network");
		assertThat(policy.refusalOf(ip("::ffff:10.1.2.3"))).isNull();
	}

	@Test
	void denyingLoopbackCoversEverySpelling() throws Exception {
		NetworkPolicy policy = NetworkPolicy.of(List.of(), List.of("127.0.0.0/8", "::1"));
		assertThat(policy.refusalOf(ip("127.1.2.3"))).contains("127.0.0.0/8");
		assertThat(policy.refusalOf(ip("::1"))).contains("::1");
		assertThat(policy.refusalOf(v6("::ffff:7f00:1"))).contains("127.0.0.0/8");
	}

	@Test
	void prefixBoundariesAreExact() throws Exception {
		NetworkPolicy policy = NetworkPolicy.of(List.of(), List.of("192.168.4.0/22"));
		assertThat(policy.refusalOf(ip("192.168.7.255"))).isNotNull();
		assertThat(policy.refusalOf(ip("192.168.8.0"))).isNull();
		assertThat(policy.refusalOf(ip("192.168.3.255"))).isNull();
	}

	@Test
	void rejectsEntriesThatAreNotAddresses() {
		assertThatIllegalArgumentException().isThrownBy(() -> NetworkPolicy.of(List.of(), List.of("example.com")));
		assertThatIllegalArgumentException().isThrownBy(() -> NetworkPolicy.of(List.of(), List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> NetworkPolicy.of(List.of("10.0.0.0/x"), List.of()));
	}

	private static InetAddress ip(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

	/** An IPv6 address exactly as written, even where the JDK would turn it into IPv4. */
	private static InetAddress v6(String literal) throws UnknownHostException {
		byte[] bytes = InetAddress.getByName(literal).getAddress();
		if (bytes.length == 4) {
			byte[] mapped = new byte[16];
			mapped[10] = (byte) 0xff;
			mapped[11] = (byte) 0xff;
			System.arraycopy(bytes, 0, mapped, 12, 4);
			bytes = mapped;
		}
		return java.net.Inet6Address.getByAddress(null, bytes, -1);
	}

}
