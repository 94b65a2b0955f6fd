package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.faults.oracle.Mismatch;
import dev.clusterlink.faults.oracle.PartitionVerdict;
import dev.clusterlink.faults.oracle.Verdict;
import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults that must halt, and halt only what they touch: retention past the mirror
 * (DATA_LOSS), a recreated source topic (TOPIC_RESET), a record too large for the
 * destination, a revoked ACL and a deleted mirror topic (FAILED). Nothing is written at a
 * wrong offset, and the other partitions and mirrors of the link keep copying, also after
 * a worker restart. New source partitions are mirrored from offset 0.
 */
class FailClosedFaultsIT extends FaultScenarios {

	@Test
	void retentionPastTheMirrorWhileItsWorkersAreDownHaltsOnlyThatPartition() throws Exception {
		MirrorUnderTest mirror = activeMirror("retention");
		MirrorUnderTest neighbour = activeMirror("retention-neighbour");
		try (AckedLoad neighbourLoad = neighbour.load(RATE / 2, SEED + 50)) {
			try (AckedLoad first = mirror.load(RATE, SEED + 51)) {
				pause(Duration.ofSeconds(3));
				first.stop(Duration.ofSeconds(30));
			}
			mirror.awaitCaughtUp(Duration.ofMinutes(2));
			Map<Integer, Long> mirrored = mirror.destinationEnds();
			stack().workers().forEach((worker) -> worker.kill());
			try (AckedLoad more = mirror.load(RATE, SEED + 52)) {
				pause(Duration.ofSeconds(3));
				more.stop(Duration.ofSeconds(30));
			}
			long truncateTo = mirror.sourceEnds().get(0) - 5;
			try (Admin admin = FaultLab.admin(stack().source().bootstrap())) {
				admin
					.deleteRecords(Map.of(new TopicPartition("retention", 0), RecordsToDelete.beforeOffset(truncateTo)))
					.all()
					.get(30, TimeUnit.SECONDS);
			}
			startWorkers();
			mirror.awaitState("DATA_LOSS", Duration.ofMinutes(2));
			assertThat(mirror.json().path("stateReason").asString()).contains("partition 0").contains("deleted");
			assertOthersCatchUp(mirror, 0);
			assertThat(mirror.destinationEnds().get(0)).as("nothing written to the halted partition")
				.isEqualTo(mirrored.get(0));

			// a worker started while the mirror is halted copies everything else
			stack().workers().forEach((worker) -> worker.kill());
			startWorkers();
			try (AckedLoad after = mirror.load(RATE, SEED + 53)) {
				pause(Duration.ofSeconds(5));
				after.stop(Duration.ofSeconds(30));
			}
			assertOthersCatchUp(mirror, 0);
			assertThat(mirror.destinationEnds().get(0)).isEqualTo(mirrored.get(0));
			assertThat(mirror.state()).isEqualTo("DATA_LOSS");
			Verdict rest = without(mirror.verify(null), 0);
			assertThat(rest.identical()).as(rest.describe()).isTrue();
			Verdict verdict = finish(
					"retention past the mirror while its workers are down: DATA_LOSS on partition 0 "
							+ "(nothing written to it), the other 5 partitions (" + rest.recordsCompared()
							+ " records identical) and a neighbour mirror copying, also after a worker restart",
					1, neighbour, neighbourLoad);
			assertThat(verdict.recordsCompared()).isPositive();
		}
	}

	@Test
	void aRecreatedSourceTopicHaltsTheMirrorWithoutWritingOverIt() throws Exception {
		MirrorUnderTest mirror = activeMirror("recreated");
		Verdict before;
		try (AckedLoad load = mirror.load(RATE, SEED + 54)) {
			pause(Duration.ofSeconds(4));
			load.stop(Duration.ofSeconds(30));
			mirror.awaitCaughtUp(Duration.ofMinutes(2));
			before = mirror.verify(load);
			assertThat(before.identical()).as(before.describe()).isTrue();
		}
		Map<Integer, Long> mirrored = mirror.destinationEnds();
		try (Admin admin = FaultLab.admin(stack().source().bootstrap())) {
			Uuid oldId = topicId(admin, "recreated");
			admin.deleteTopics(List.of("recreated")).all().get(30, TimeUnit.SECONDS);
			eventually().until(() -> {
				try {
					admin.createTopics(List.of(new NewTopic("recreated", 6, (short) 1)))
						.all()
						.get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					// still being deleted: try again
				}
				Uuid now = topicId(admin, "recreated");
				return now != null && !now.equals(oldId);
			});
			FaultLab.awaitWritable(admin, "recreated", 6);
		}
		try (AckedLoad fresh = mirror.load(RATE, SEED + 55)) {
			mirror.awaitState("TOPIC_RESET", Duration.ofMinutes(2));
			pause(Duration.ofSeconds(5));
			fresh.stop(Duration.ofSeconds(30));
		}
		assertThat(mirror.json().path("stateReason").asString()).contains("recreated");
		assertThat(mirror.destinationEnds()).as("nothing written over the mirrored data").isEqualTo(mirrored);
		record("source topic deleted and recreated: TOPIC_RESET, nothing written over the mirrored data (compared: "
				+ "the mirror before the reset)", 1, before);
	}

	@Test
	void aRecordTooLargeForTheDestinationFailsItsPartitionOnly() throws Exception {
		this.lab.link("large", Map.of("topic.config.sync.exclude", "max.message.bytes"));
		MirrorUnderTest mirror = this.lab.mirror("large", "large", 6, Map.of("max.message.bytes", "3000000"));
		mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
		long bigOffset;
		try (AckedLoad load = mirror.load(RATE, SEED + 56)) {
			pause(Duration.ofSeconds(3));
			bigOffset = produceLarge("large", 2, 1_500_000);
			pause(Duration.ofSeconds(5));
			load.stop(Duration.ofSeconds(30));
		}
		mirror.awaitState("FAILED", Duration.ofMinutes(2));
		String reason = mirror.json().path("stateReason").asString();
		assertThat(reason).contains("partition 2").contains("source offset " + bigOffset).contains("larger");
		assertOthersCatchUp(mirror, 2);
		assertThat(mirror.destinationEnds().get(2)).as("everything before the large record, nothing after it")
			.isEqualTo(bigOffset);
		Verdict others = without(mirror.verify(null), 2);
		record("a record too large for the destination: FAILED on its partition, the others copying (compared: "
				+ "the other partitions; the halted one ends right before the large record)", 1, others);
		assertThat(others.identical()).as(others.describe()).isTrue();
	}

	@Test
	void aRevokedDestinationAclFailsThatMirrorOnly() throws Exception {
		MirrorUnderTest mirror = activeMirror("revoked");
		MirrorUnderTest neighbour = activeMirror("revoked-neighbour");
		AclBinding deny = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "revoked", PatternType.LITERAL),
				new AccessControlEntry("User:" + FaultStack.LINK_USER, "*", AclOperation.WRITE,
						AclPermissionType.DENY));
		try (AckedLoad load = mirror.load(RATE, SEED + 57);
				AckedLoad neighbourLoad = neighbour.load(RATE / 2, SEED + 58);
				Admin admin = FaultLab.admin(stack().destination().bootstrap())) {
			pause(Duration.ofSeconds(3));
			admin.createAcls(List.of(deny)).all().get(30, TimeUnit.SECONDS);
			try {
				mirror.awaitState("FAILED", Duration.ofMinutes(2));
				assertThat(mirror.describe()).contains("WRITE");
				load.stop(Duration.ofSeconds(30));
				Map<Integer, Long> halted = mirror.destinationEnds();
				finish("a revoked destination ACL: FAILED on that mirror, a neighbour mirror copying", 1, neighbour,
						neighbourLoad);
				assertThat(mirror.destinationEnds()).isEqualTo(halted);
				Verdict upTo = mirror.verify(null);
				upTo.partitions()
					.forEach((partition, result) -> assertThat(result.counts().keySet())
						.as("only records never written: %s", result.describe())
						.isSubsetOf(Mismatch.Kind.MISSING));
			}
			finally {
				admin.deleteAcls(List.of(deny.toFilter())).all().get(30, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void aMirrorTopicDeletedOnTheDestinationFailsThatMirrorOnly() throws Exception {
		MirrorUnderTest mirror = activeMirror("deleted");
		MirrorUnderTest neighbour = activeMirror("deleted-neighbour");
		try (AckedLoad load = mirror.load(RATE, SEED + 59);
				AckedLoad neighbourLoad = neighbour.load(RATE / 2, SEED + 60);
				Admin admin = FaultLab.admin(stack().destination().bootstrap())) {
			pause(Duration.ofSeconds(3));
			admin.deleteTopics(List.of("deleted")).all().get(30, TimeUnit.SECONDS);
			mirror.awaitState("FAILED", Duration.ofMinutes(2));
			assertThat(mirror.describe()).contains("does not exist on the destination");
			load.stop(Duration.ofSeconds(30));
			finish("the mirror topic deleted on the destination: FAILED on that mirror, a neighbour mirror copying", 1,
					neighbour, neighbourLoad);
		}
	}

	@Test
	void newSourcePartitionsAreMirroredFromOffsetZeroWhateverTheStartSpec() throws Exception {
		this.lab.link("latest", Map.of("mirror.start.offset.spec", "latest"));
		FaultLab.createTopic(stack().source().bootstrap(), "grown", 3, Map.of());
		try (AckedLoad before = AckedLoad.start(stack().source().bootstrap(), "grown", 3, 5_000, 200, SEED + 61)) {
			pause(Duration.ofSeconds(2));
			before.stop(Duration.ofSeconds(30));
		}
		this.lab.rest().post("/api/v1/links/latest/mirrors", Map.of("sourceTopic", "grown")).expect(201);
		MirrorUnderTest mirror = new MirrorUnderTest(this.lab, "latest", "grown", 3);
		mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
		try (AckedLoad load = mirror.load(RATE, SEED + 62)) {
			pause(Duration.ofSeconds(3));
			try (Admin admin = FaultLab.admin(stack().source().bootstrap())) {
				admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(6))).all().get(30, TimeUnit.SECONDS);
				FaultLab.awaitWritable(admin, "grown", 6);
			}
			load.partitions(6); // written at once: before the worker notices the new
								// partitions
			mirror.grewTo(6);
			pause(Duration.ofSeconds(10));
			Verdict verdict = finish("source partitions grown 3 -> 6 under load, start spec latest", 1, mirror, load);
			for (int p = 3; p < 6; p++) {
				assertThat(verdict.partitions().get(p).from()).as("partition %d mirrored from offset 0", p).isZero();
			}
		}
		JsonNode partitions = mirror.json().path("partitions");
		for (JsonNode partition : partitions) {
			if (partition.path("partition").asInt() >= 3) {
				assertThat(partition.path("destinationStartOffset").asLong(-1)).isZero();
			}
		}
	}

	private static @Nullable Uuid topicId(Admin admin, String topic) {
		try {
			return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).topicId();
		}
		catch (Exception ex) {
			return null;
		}
	}

	/** A verdict on every partition but a halted one. */
	private static Verdict without(Verdict verdict, int halted) {
		Map<Integer, PartitionVerdict> others = new java.util.TreeMap<>(verdict.partitions());
		others.remove(halted);
		long compared = others.values().stream().mapToLong(PartitionVerdict::compared).sum();
		long mismatches = others.values().stream().mapToLong(PartitionVerdict::mismatches).sum();
		return new Verdict(mismatches == 0, compared, mismatches, List.of(), others);
	}

	/** The partitions of a mirror but one reach the source end offsets. */
	private static void assertOthersCatchUp(MirrorUnderTest mirror, int halted) {
		eventually().untilAsserted(() -> {
			Map<Integer, Long> source = mirror.sourceEnds();
			Map<Integer, Long> destination = mirror.destinationEnds();
			source.remove(halted);
			destination.remove(halted);
			assertThat(destination).isEqualTo(source);
		});
	}

	private void startWorkers() {
		for (int i = 0; i < Math.min(2, stack().workers().size()); i++) {
			stack().workers().get(i).start();
		}
	}

	/** Writes one record of the given size to a source partition; returns its offset. */
	private long produceLarge(String topic, int partition, int bytes) throws Exception {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack().source().bootstrap(),
						ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4_000_000, ProducerConfig.ACKS_CONFIG, "all"),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			byte[] value = new byte[bytes];
			new java.util.Random(SEED).nextBytes(value);
			return producer.send(new ProducerRecord<>(topic, partition, "large".getBytes(), value))
				.get(30, TimeUnit.SECONDS)
				.offset();
		}
	}

}
