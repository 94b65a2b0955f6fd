package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.clusterlink.mirrorworker.support.ControlPlane;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import dev.clusterlink.mirrorworker.support.Load;
import dev.clusterlink.mirrorworker.support.WorkerProcess;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers as separate processes, killed, stopped and frozen under load: the destination
 * ends up an exact copy, nothing lost, nothing doubled, and a worker that lost its lease
 * writes nothing.
 */
class WorkerProcessIT {

	private static final ControlPlane control = new ControlPlane(TestPostgres.database());

	@BeforeAll
	static void stateStoreAndCommandTopic() {
		TestPostgres.Database db = TestPostgres.database();
		org.flywaydb.core.Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
		KafkaTopics.create(destination(), "_clusterlink-commands", 24, Map.of());
	}

	@Test
	void aKilledWorkerIsReplacedWithoutLossOrDuplicates() throws Exception {
		String topic = unique("killed");
		KafkaTopics.create(source(), topic, 3, Map.of());
		UUID mirror = newLink().mirror(topic);
		try (WorkerProcess first = WorkerProcess.start(unique("a"), destination());
				Load load = Load.start(source(), List.of(topic), 3, 600)) {
			eventually().until(() -> destinationRecords(topic, 3) > 300);
			first.kill(); // mid-stream, without a handover: its lease must expire first
			try (WorkerProcess second = WorkerProcess.start(unique("b"), destination())) {
				eventually().until(() -> second.instanceId().equals(control.lease(mirror).get("owner")));
				eventually().until(() -> destinationRecords(topic, 3) > load.sent() / 2);
				load.close();
				awaitCaughtUp(topic, 3);
				assertThat(control.state(mirror)).isEqualTo("ACTIVE");
				assertIdentical(topic, 3);
			}
		}
	}

	@Test
	void twoWorkersSplitTheMirrorsAndTheSurvivorTakesOverUnderLoad() throws Exception {
		List<String> topics = new ArrayList<>();
		TestLink link = newLink();
		List<UUID> mirrors = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String topic = unique("split" + i);
			KafkaTopics.create(source(), topic, 2, Map.of());
			topics.add(topic);
			mirrors.add(link.mirror(topic));
		}
		try (WorkerProcess first = WorkerProcess.start(unique("a"), destination());
				WorkerProcess second = WorkerProcess.start(unique("b"), destination());
				Load load = Load.start(source(), topics, 2, 100)) {
			eventually().until(() -> owners(mirrors).equals(Set.of(first.instanceId(), second.instanceId())));
			eventually().until(() -> topics.stream().allMatch((topic) -> destinationRecords(topic, 2) > 50));

			first.stop();
			eventually().until(() -> owners(mirrors).equals(Set.of(second.instanceId())));
			eventually()
				.until(() -> topics.stream().allMatch((topic) -> destinationRecords(topic, 2) > load.sent() / 2));
			load.close();
			for (String topic : topics) {
				awaitCaughtUp(topic, 2);
				assertIdentical(topic, 2);
			}
			assertThat(mirrors).allSatisfy((mirror) -> assertThat(control.state(mirror)).isEqualTo("ACTIVE"));
		}
	}

	@Test
	void aFrozenWorkerThatLostItsLeaseWritesNothing() throws Exception {
		String topic = unique("frozen");
		KafkaTopics.create(source(), topic, 2, Map.of());
		UUID mirror = newLink().mirror(topic);
		try (WorkerProcess first = WorkerProcess.start(unique("a"), destination());
				WorkerProcess second = WorkerProcess.start(unique("b"), destination())) {
			// both workers in the group and the mirror's owner settled: a rebalance still
			// in
			// flight could move the mirror after the owner is picked below
			eventually().until(() -> first.log().contains("command partitions assigned")
					&& second.log().contains("command partitions assigned"));
			AtomicReference<Object> lastOwner = new AtomicReference<>();
			eventually().during(Duration.ofSeconds(5)).until(() -> {
				Object now = control.lease(mirror).get("owner");
				return now != null && now.equals(lastOwner.getAndSet(now));
			});
			KafkaTopics.produceVaried(source(), topic, 2, 200, "none", 0);
			awaitCaughtUp(topic, 2);
			WorkerProcess owner = first.instanceId().equals(control.lease(mirror).get("owner")) ? first : second;
			WorkerProcess standby = (owner == first) ? second : first;

			owner.freeze(); // a long GC pause: no heartbeat, no lease renewal, nothing
			KafkaTopics.produceVaried(source(), topic, 2, 300, "none", 200);
			eventually().until(() -> standby.instanceId().equals(control.lease(mirror).get("owner")));
			awaitCaughtUp(topic, 2);

			owner.thaw(); // it resumes believing for a moment it still mirrors
			KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 500);
			awaitCaughtUp(topic, 2);
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(20))
				.until(() -> "ACTIVE".equals(control.state(mirror)));
			assertIdentical(topic, 2);
			// the frozen worker found its lease gone and stopped; later rebalances may
			// hand the mirror back
			// to it, always under a new epoch
			eventually().until(() -> owner.log().contains("LEASE_LOST"));
			assertThat((Long) control.lease(mirror).get("epoch")).isGreaterThanOrEqualTo(2L);
		}
	}

	private static Set<Object> owners(List<UUID> mirrors) {
		return mirrors.stream().map((mirror) -> control.lease(mirror).get("owner")).collect(Collectors.toSet());
	}

	private static void awaitCaughtUp(String topic, int partitions) {
		eventually().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
			for (int p = 0; p < partitions; p++) {
				TopicPartition tp = new TopicPartition(topic, p);
				assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.latest()))
					.isEqualTo(KafkaTopics.offset(source(), tp, OffsetSpec.latest()));
			}
		});
	}

	private static void assertIdentical(String topic, int partitions) {
		for (int p = 0; p < partitions; p++) {
			KafkaTopics.assertIdentical(source(), new TopicPartition(topic, p), destination(),
					new TopicPartition(topic, p));
		}
	}

	private static long destinationRecords(String topic, int partitions) {
		long total = 0;
		for (int p = 0; p < partitions; p++) {
			total += KafkaTopics.offset(destination(), new TopicPartition(topic, p), OffsetSpec.latest());
		}
		return total;
	}

	private static TestLink newLink() {
		UUID source = control.cluster(unique("src"), source());
		UUID destination = control.cluster(unique("dst"), destination());
		String name = unique("link");
		return new TestLink(control.link(name, source, destination, Map.of()), destination);
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
	}

	private static String source() {
		return TestKafka.sourceBootstrap();
	}

	private static String destination() {
		return TestKafka.destinationBootstrap();
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private record TestLink(UUID id, UUID destination) {

		UUID mirror(String topic) {
			return control.mirror(this.id, this.destination, topic, topic);
		}

	}

}
