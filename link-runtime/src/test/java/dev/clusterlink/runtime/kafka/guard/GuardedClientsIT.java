package dev.clusterlink.runtime.kafka.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.ClusterEndpointRefusedException;
import dev.clusterlink.kafka.NetworkPolicy;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import dev.clusterlink.testsupport.HostileServer;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reproduction against real servers: a real Kafka broker is KAFKA, the real
 * PostgreSQL is refused before any client reads its reply. Runs in a JVM with a small
 * heap and {@code -XX:+ExitOnOutOfMemoryError} (link-runtime's pom), so a client that
 * slipped past the guard would kill the run rather than pass.
 */
class GuardedClientsIT {

	private final ClusterEndpointGuard previous = ClusterEndpointGuard.installed();

	@AfterEach
	void restore() {
		ClusterEndpointGuard.install(this.previous);
	}

	@Test
	void aRealBrokerIsKafkaAndTheRealPostgresqlIsNot() {
		KafkaListenerProbe probe = new KafkaListenerProbe(Duration.ofSeconds(5), Duration.ofSeconds(5));
		String[] kafka = TestKafka.sourceBootstrap().split(",")[0].split(":");
		assertThat(probe.probe(new InetSocketAddress(kafka[0], Integer.parseInt(kafka[1])), kafka[0], Map.of()))
			.isEqualTo(ProbeVerdict.KAFKA);
		assertThat(probe.probe(postgres(), "127.0.0.1", Map.of())).isEqualTo(ProbeVerdict.NOT_KAFKA);
		assertThat(probe.probe(postgres(), "127.0.0.1", Map.of("security.protocol", "SASL_PLAINTEXT")))
			.isEqualTo(ProbeVerdict.NOT_KAFKA);
	}

	@Test
	void clientsTowardPostgresqlOrGarbageAreRefusedAndTowardKafkaStillWork() throws Exception {
		ClusterEndpointGuard.install(new ClusterEndpointGuard(NetworkPolicy.defaults(),
				new KafkaListenerProbe(Duration.ofSeconds(5), Duration.ofSeconds(5)), InetAddress::getAllByName,
				System::nanoTime));
		InetSocketAddress postgres = postgres();
		String postgresBootstrap = postgres.getAddress().getHostAddress() + ":" + postgres.getPort();
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			for (String bootstrap : new String[] { postgresBootstrap, garbage.bootstrap() }) {
				ClusterConnection cluster = new ClusterConnection("hostile", bootstrap,
						Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"));
				assertThatThrownBy(() -> KafkaClientFactory.admin(cluster, "it", Duration.ofSeconds(5)))
					.isInstanceOf(ClusterEndpointRefusedException.class)
					.hasMessageEndingWith(bootstrap + " answered, but not as a Kafka broker");
				assertThatThrownBy(() -> KafkaClientFactory.rawConsumerConfig(cluster, "it"))
					.isInstanceOf(ClusterEndpointRefusedException.class);
				assertThatThrownBy(() -> KafkaClientFactory.rawProducerConfig(cluster, "it"))
					.isInstanceOf(ClusterEndpointRefusedException.class);
			}
		}
		ClusterConnection real = new ClusterConnection("source", TestKafka.sourceBootstrap(), Map.of());
		try (Admin admin = KafkaClientFactory.admin(real, "it", Duration.ofSeconds(10))) {
			assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).isNotEmpty();
		}
	}

	private static InetSocketAddress postgres() {
		URI uri = URI.create(TestPostgres.database().jdbcUrl().substring("jdbc:".length()));
		return new InetSocketAddress(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432);
	}

}
