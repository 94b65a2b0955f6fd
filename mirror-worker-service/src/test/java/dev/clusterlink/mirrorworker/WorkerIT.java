package dev.clusterlink.mirrorworker;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.support.ControlPlane;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.awaitility.core.ConditionFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * Base of the in-JVM worker tests: one mirror worker against a real PostgreSQL and two
 * real Kafka clusters (embedded KRaft; the destination is also the control cluster).
 * {@link ControlPlane} plays the link manager. Every test uses its own link and topics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "clusterlink.worker.reconcile-interval=1s", "clusterlink.worker.status-interval=300ms",
				"clusterlink.worker.lease-ttl=10s", "clusterlink.worker.lease-renew-interval=1s",
				"clusterlink.worker.session-timeout=6s", "clusterlink.worker.admin-timeout=5s",
				"clusterlink.worker.fence-margin=4s", "clusterlink.worker.producer.request-timeout=3s",
				"clusterlink.secret.allow-dev-key=true", "logging.level.dev.clusterlink=DEBUG" })
public abstract class WorkerIT {

	protected static final ControlPlane control = new ControlPlane(TestPostgres.database());

	private static volatile boolean commandTopic;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestPostgres.Database db = TestPostgres.database();
		registry.add("spring.datasource.url", db::jdbcUrl);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
		registry.add("clusterlink.control.bootstrap-servers", WorkerIT::controlCluster);
	}

	static synchronized String controlCluster() {
		if (!commandTopic) {
			KafkaTopics.create(TestKafka.destinationBootstrap(), "_clusterlink-commands", 24, Map.of());
			commandTopic = true;
		}
		return TestKafka.destinationBootstrap();
	}

	protected static String source() {
		return TestKafka.sourceBootstrap();
	}

	protected static String destination() {
		return TestKafka.destinationBootstrap();
	}

	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A link between the two test clusters, registered under fresh names. */
	protected static TestLink link(Map<String, String> configs) {
		UUID source = control.cluster(unique("src"), source());
		UUID destination = control.cluster(unique("dst"), destination());
		String name = unique("link");
		return new TestLink(name, control.link(name, source, destination, configs), source, destination);
	}

	protected static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
	}

	/**
	 * A link of a test.
	 *
	 * @param name its name
	 * @param id its id
	 * @param sourceCluster source cluster id
	 * @param destinationCluster destination cluster id
	 */
	public record TestLink(String name, UUID id, UUID sourceCluster, UUID destinationCluster) {

		public UUID mirror(String sourceTopic, String mirrorTopic) {
			return control.mirror(this.id, this.destinationCluster, sourceTopic, mirrorTopic);
		}

		public UUID reversedMirror(String sourceTopic, String mirrorTopic, int partitions, long startOffset) {
			return control.reversedMirror(this.id, this.destinationCluster, sourceTopic, mirrorTopic, partitions,
					startOffset);
		}

	}

}
