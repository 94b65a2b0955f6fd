package dev.clusterlink.runtime.kafka.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.ClusterEndpointRefusedException;
import dev.clusterlink.kafka.NetworkPolicy;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import dev.clusterlink.testsupport.HostileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterEndpointGuardTest {

	private final AtomicLong nanos = new AtomicLong();

	private final ClusterEndpointGuard guard = new ClusterEndpointGuard(NetworkPolicy.defaults(),
			new KafkaListenerProbe(Duration.ofSeconds(1), Duration.ofSeconds(1)), InetAddress::getAllByName,
			this.nanos::get);

	private final ClusterEndpointGuard previous = ClusterEndpointGuard.installed();

	@AfterEach
	void restore() {
		ClusterEndpointGuard.install(this.previous);
	}

	@Test
	void refusesAGarbageServerWithAFixedText() {
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			assertThatThrownBy(() -> this.guard.vet(cluster(garbage.bootstrap())))
				.isInstanceOf(ClusterEndpointRefusedException.class)
				.isInstanceOf(org.apache.kafka.common.KafkaException.class)
				.hasMessage("cluster 'c': " + garbage.bootstrap() + " answered, but not as a Kafka broker");
		}
	}

	@Test
	void refusesDeniedAddressesWithoutConnecting() {
		assertThatThrownBy(() -> this.guard.vet(cluster("169.254.169.254:9092")))
			.isInstanceOf(ClusterEndpointRefusedException.class)
			.hasMessageContaining("169.254.0.0/16 (link-local / cloud metadata)");
		assertThatThrownBy(() -> this.guard.vet(cluster("metadata.google.internal:80")))
			.hasMessageContaining("cloud metadata host name");
	}

	@Test
	void catchesANameThatResolvesIntoADeniedNetworkAtUse() {
		ClusterEndpointGuard rebound = new ClusterEndpointGuard(NetworkPolicy.defaults(),
				new KafkaListenerProbe(Duration.ofSeconds(1), Duration.ofSeconds(1)), (host) -> {
					if (host.equals("kafka.example")) {
						return new InetAddress[] { InetAddress.getByName("169.254.169.254") };
					}
					throw new UnknownHostException(host);
				}, this.nanos::get);
		assertThatThrownBy(() -> rebound.vet(cluster("kafka.example:9092")))
			.hasMessageContaining("kafka.example:9092 (169.254.169.254) is refused");
		assertThatCode(() -> rebound.vet(cluster("nowhere.example:9092"))).as("unresolvable: the client skips it")
			.doesNotThrowAnyException();
	}

	@Test
	void allowsKafkaAndUnreachableEndpoints() throws Exception {
		try (HostileServer kafka = HostileServer
			.correlated((correlation) -> HostileServer.apiVersionsBody(correlation, (short) 18))) {
			int closed;
			try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				closed = socket.getLocalPort();
			}
			assertThatCode(() -> this.guard.vet(cluster(kafka.bootstrap() + ",127.0.0.1:" + closed)))
				.doesNotThrowAnyException();
		}
	}

	@Test
	void cachesVerdictsUntilTheyExpire() {
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			for (int i = 0; i < 3; i++) {
				assertThatThrownBy(() -> this.guard.vet(cluster(garbage.bootstrap())));
			}
			assertThat(garbage.connections()).isEqualTo(1);
			this.nanos.addAndGet(ClusterEndpointGuard.REFUSAL_TTL.toNanos());
			assertThatThrownBy(() -> this.guard.vet(cluster(garbage.bootstrap())));
			assertThat(garbage.connections()).isEqualTo(2);
		}
	}

	@Test
	void concurrentVetsOfOneEndpointShareOneProbe() throws Exception {
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE);
				var threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Throwable>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(threads.submit(() -> {
					try {
						this.guard.vet(cluster(garbage.bootstrap()));
						return null;
					}
					catch (ClusterEndpointRefusedException ex) {
						return ex;
					}
				}));
			}
			for (Future<Throwable> result : results) {
				assertThat(result.get()).isInstanceOf(ClusterEndpointRefusedException.class)
					.hasMessageContaining("answered, but not as a Kafka broker");
			}
			assertThat(garbage.connections()).isEqualTo(1);
		}
	}

	/**
	 * A broker frozen or overloaded past the probe's deadline looks silent: its cluster's
	 * clients are still built (they wait for it like for any slow broker), and the next
	 * client asks again instead of remembering it.
	 */
	@Test
	void aSilentEndpointIsNeitherRefusedNorRemembered() throws Exception {
		try (HostileServer silent = HostileServer.silent()) {
			this.guard.vet(cluster(silent.bootstrap()));
			this.guard.vet(cluster(silent.bootstrap()));
			assertThat(silent.connections()).isEqualTo(2);
		}
	}

	@Test
	void everyClientConfigOfTheFactoryIsVetted() {
		ClusterEndpointGuard.install(this.guard);
		try (HostileServer postgres = HostileServer.answering(HostileServer.POSTGRES)) {
			ClusterConnection cluster = cluster(postgres.bootstrap());
			assertThatThrownBy(() -> KafkaClientFactory.rawConsumerConfig(cluster, "c"))
				.isInstanceOf(ClusterEndpointRefusedException.class);
			assertThatThrownBy(() -> KafkaClientFactory.rawProducerConfig(cluster, "p"))
				.isInstanceOf(ClusterEndpointRefusedException.class);
			assertThatThrownBy(() -> KafkaClientFactory.admin(cluster, "a", Duration.ofSeconds(1)))
				.isInstanceOf(ClusterEndpointRefusedException.class);
		}
	}

	@Test
	void keysNeverShowTheProperties() {
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			ClusterConnection cluster = new ClusterConnection("c", garbage.bootstrap(),
					Map.of("sasl.jaas.config", "secret-canary-value"));
			assertThatThrownBy(() -> this.guard.vet(cluster)).message().doesNotContain("secret-canary-value");
		}
	}

	private static ClusterConnection cluster(String bootstrap) {
		return new ClusterConnection("c", bootstrap, Map.of());
	}

}
