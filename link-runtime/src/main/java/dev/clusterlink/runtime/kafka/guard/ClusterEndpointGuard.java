package dev.clusterlink.runtime.kafka.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.clusterlink.kafka.BootstrapServers;
import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.ClusterEndpointRefusedException;
import dev.clusterlink.kafka.NetworkPolicy;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vets a registered cluster's bootstrap endpoints before any Kafka client is built for it
 * (DESIGN.md §11): every freshly resolved address must pass the {@link NetworkPolicy}
 * (which also catches DNS that changed since registration), and must not answer a
 * {@link KafkaListenerProbe} in a way a Kafka client would read as a huge message size.
 * {@link dev.clusterlink.runtime.kafka.KafkaClientFactory} calls it for every Admin,
 * consumer and producer config, so every service is guarded.
 * <p>
 * Verdicts are cached per (address, port, security protocol, hash of the {@code ssl.*}
 * values): KAFKA for {@link #KAFKA_TTL}, refusals for {@link #REFUSAL_TTL}; TLS failures
 * and unreachable addresses are not cached (the client reports them itself). Concurrent
 * vets of one key share one probe. A list with no reachable address is allowed (the
 * client keeps retrying it, as before the guard): that, an endpoint whose owner changes
 * within the KAFKA TTL, the brokers the bootstrap advertises, and a Kafka-speaking
 * hostile server are the residual risks (Kafka clients bound no receive).
 * <p>
 * The guard is JVM-wide: the default guard (default policy) protects tools and tests that
 * never configure one; {@link NetworkGuardConfiguration} installs the configured one.
 */
public final class ClusterEndpointGuard {

	/** How long a KAFKA verdict is trusted. */
	static final Duration KAFKA_TTL = Duration.ofMinutes(10);

	/** How long a refusal is remembered. */
	static final Duration REFUSAL_TTL = Duration.ofSeconds(60);

	/** Client properties naming URLs the client calls itself (OAUTHBEARER). */
	public static final java.util.List<String> URL_PROPERTIES = java.util.List.of("sasl.oauthbearer.token.endpoint.url",
			"sasl.oauthbearer.jwks.endpoint.url");

	private static final int MAX_CACHED = 10_000;

	private static final Logger log = LoggerFactory.getLogger(ClusterEndpointGuard.class);

	private static volatile ClusterEndpointGuard installed = new ClusterEndpointGuard(NetworkPolicy.defaults(),
			new KafkaListenerProbe(Duration.ofSeconds(5), Duration.ofSeconds(5)), InetAddress::getAllByName,
			System::nanoTime);

	private final NetworkPolicy policy;

	private final KafkaListenerProbe probe;

	private final NetworkPolicy.Resolver resolver;

	private final LongSupplier nanoClock;

	private final Map<Key, Verdict> verdicts = new ConcurrentHashMap<>();

	private final Map<Key, CompletableFuture<ProbeVerdict>> inFlight = new ConcurrentHashMap<>();

	/**
	 * A guard.
	 * @param policy which networks are allowed
	 * @param probe the listener probe
	 * @param resolver the name resolver (the JDK's in production)
	 * @param nanoClock the clock of the verdict cache
	 */
	public ClusterEndpointGuard(NetworkPolicy policy, KafkaListenerProbe probe, NetworkPolicy.Resolver resolver,
			LongSupplier nanoClock) {
		this.policy = policy;
		this.probe = probe;
		this.resolver = resolver;
		this.nanoClock = nanoClock;
	}

	/** The JVM-wide guard that the client factory uses. */
	public static ClusterEndpointGuard installed() {
		return installed;
	}

	/** Replaces the JVM-wide guard (at start-up, with the configured policy). */
	public static void install(ClusterEndpointGuard guard) {
		installed = Objects.requireNonNull(guard);
	}

	/** The policy this guard applies. */
	public NetworkPolicy policy() {
		return this.policy;
	}

	/**
	 * Checks a cluster's bootstrap endpoints.
	 * @param cluster the registered cluster
	 * @throws ClusterEndpointRefusedException when an address is denied or answers, but
	 * not as a Kafka broker
	 */
	public void vet(ClusterConnection cluster) {
		if (BootstrapServers.problem(cluster.bootstrapServers()) != null) {
			return; // the client rejects the list itself, before it connects anywhere
		}
		for (String key : URL_PROPERTIES) {
			String url = cluster.properties().get(key);
			String refusal = (url != null) ? this.policy.refusalOfUrl(url, this.resolver) : null;
			if (refusal != null) {
				throw refused(cluster, key + ": " + refusal);
			}
		}
		for (BootstrapServers.Endpoint entry : BootstrapServers.entries(cluster.bootstrapServers())) {
			String byName = this.policy.refusalOfName(entry.host());
			if (byName != null) {
				throw refused(cluster, entry + " is refused: " + byName);
			}
			InetAddress[] addresses;
			try {
				addresses = this.resolver.resolve(entry.host());
			}
			catch (UnknownHostException ex) {
				continue; // the client skips it too, and resolves again later
			}
			for (InetAddress address : addresses) {
				String rule = this.policy.refusalOf(address);
				if (rule != null) {
					throw refused(cluster, entry + " (" + address.getHostAddress() + ") is refused: " + rule);
				}
				ProbeVerdict verdict = verdict(new Key(address, entry.port(), cluster.properties()), entry.host());
				if (verdict.refuses()) {
					throw refused(cluster, verdict.describe(endpoint(entry, address)));
				}
			}
		}
	}

	private ProbeVerdict verdict(Key key, String host) {
		Verdict cached = this.verdicts.get(key);
		if (cached != null && this.nanoClock.getAsLong() - cached.expiresAt() < 0) {
			return cached.verdict();
		}
		CompletableFuture<ProbeVerdict> mine = new CompletableFuture<>();
		CompletableFuture<ProbeVerdict> running = this.inFlight.putIfAbsent(key, mine);
		if (running != null) {
			return running.join(); // single flight: another thread probes this key now
		}
		try {
			ProbeVerdict verdict = this.probe.probe(new InetSocketAddress(key.address(), key.port()), host,
					key.properties());
			remember(key, verdict);
			mine.complete(verdict);
			return verdict;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, mine);
		}
	}

	private void remember(Key key, ProbeVerdict verdict) {
		Duration ttl = switch (verdict) {
			case KAFKA -> KAFKA_TTL;
			case NOT_KAFKA, TLS_MISMATCH -> REFUSAL_TTL;
			case SILENT, TLS_FAILED, UNREACHABLE -> null; // asked again next time
		};
		if (ttl != null) {
			if (this.verdicts.size() > MAX_CACHED) {
				long now = this.nanoClock.getAsLong();
				this.verdicts.values().removeIf((old) -> now - old.expiresAt() >= 0);
			}
			this.verdicts.put(key, new Verdict(verdict, this.nanoClock.getAsLong() + ttl.toNanos()));
		}
		if (verdict.refuses()) {
			log.warn("vet({}:{}): {}", key.address().getHostAddress(), key.port(), verdict);
		}
	}

	private static String endpoint(BootstrapServers.Endpoint entry, InetAddress address) {
		String ip = address.getHostAddress();
		String written = (ip.equals(entry.host())) ? entry.toString() : entry + " (" + ip + ")";
		return written;
	}

	private static ClusterEndpointRefusedException refused(ClusterConnection cluster, String reason) {
		return new ClusterEndpointRefusedException("cluster '" + cluster.name() + "': " + reason);
	}

	/**
	 * What a verdict depends on: the address, and how the client talks to it.
	 *
	 * @param address the resolved address
	 * @param port the port
	 * @param protocol the security protocol
	 * @param sslHash a SHA-256 of the {@code ssl.*} properties (empty without TLS)
	 * @param properties the client properties (for the probe; not part of equality)
	 */
	private record Key(InetAddress address, int port, String protocol, String sslHash, Map<String, String> properties) {

		Key(InetAddress address, int port, Map<String, String> properties) {
			this(address, port, String.valueOf(properties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)),
					KafkaListenerProbe.usesTls(properties) ? sslHash(properties) : "", properties);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && this.address.equals(key.address) && this.port == key.port
					&& this.protocol.equals(key.protocol) && this.sslHash.equals(key.sslHash);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.address, this.port, this.protocol, this.sslHash);
		}

		@Override
		public String toString() {
			return this.address.getHostAddress() + ":" + this.port + "/" + this.protocol; // never
																							// the
																							// properties
		}

		private static String sslHash(Map<String, String> properties) {
			StringBuilder text = new StringBuilder();
			new TreeMap<>(properties).forEach((name, value) -> {
				if (name.startsWith("ssl.")) {
					text.append(name).append('\0').append(value).append('\0');
				}
			});
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256")
						.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private record Verdict(ProbeVerdict verdict, long expiresAt) {
	}

}
