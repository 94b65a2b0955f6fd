package dev.clusterlink.linkmanager.mirror;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The planned-swap failback of a stopped mirror, the test playing the worker: the two
 * topics are written by hand at identical offsets and the mirror's final partition rows
 * are those a promotion leaves. Every refused reverse changes nothing in the store.
 */
class MirrorReversalIT extends LinkManagerIT {

	private static final int RECORDS = 10;

	@Test
	void aPlannedSwapAdoptsTheOldSourceTopicAtItsEnd() throws Exception {
		Swap swap = stoppedMirror();
		JsonNode plan = body(postJson(swap.reversePath() + "?dryRun=true", Map.of("reverseLink", swap.back()))
			.andExpect(status().isOk()));
		assertThat(plan.path("mode").asString()).isEqualTo("planned-swap");
		assertThat(plan.path("dryRun").asBoolean()).isTrue();
		assertThat(plan.path("recordsRecopied").asLong()).isZero();
		assertThat(plan.path("partitions")).hasSize(2);
		for (JsonNode partition : plan.path("partitions")) {
			assertThat(partition.path("startOffset").asLong()).isEqualTo(RECORDS);
			assertThat(partition.path("tail").asString()).isEqualTo("identical");
		}
		assertThat(mirrorsOf(swap.back())).isZero();

		JsonNode reversed = body(
				postJson(swap.reversePath(), Map.of("reverseLink", swap.back())).andExpect(status().isCreated()));
		assertThat(reversed.path("created").path("name").asString()).isEqualTo(swap.topic());
		assertThat(reversed.path("created").path("sourceTopic").asString()).isEqualTo(swap.topic());
		assertThat(reversed.path("created").path("state").asString()).isEqualTo("PENDING");
		UUID id = mirrorId(swap.back(), swap.topic());
		assertThat(query("select adopts_destination from mirrors where id = ?", id)).isEqualTo("t");
		// the worker adopts a partition whose start offset and destination end agree
		assertThat(query("select string_agg(partition || ':' || start_offset || ':' || destination_end_offset, ',' "
				+ "order by partition) from mirror_partitions where mirror_id = ?", id))
			.isEqualTo("0:10:10,1:10:10");
		getJson("/api/v1/audit?entityType=mirror&entityName=" + swap.back() + "/" + swap.topic())
			.andExpect(jsonPath("$.items[0].action").value("mirror.reverse"))
			.andExpect(jsonPath("$.items[0].details.mode").value("planned-swap"));
		// the old topic is a mirror now: neither reversed again nor mirrored by any link
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.back())), 409, "mirror-exists",
				"reverseLink");
		String third = unique("third");
		postJson("/api/v1/links", Map.of("name", third, "sourceCluster", swap.clusters()[0], "destinationCluster",
				swap.clusters()[1], "configs", Map.of("cluster.link.prefix", "again.")))
			.andExpect(status().isCreated());
		expectProblem(postJson("/api/v1/links/" + third + "/mirrors", Map.of("sourceTopic", swap.topic())), 409,
				"source-is-mirror", "sourceTopic");
	}

	@Test
	void aReverseIsRefusedWhenItsPreconditionsDoNotHold() throws Exception {
		Swap swap = stoppedMirror();
		expectProblem(postJson(swap.reversePath(), Map.of()), 400, "validation-failed", "reverseLink");
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", unique("no-such-link"))), 404,
				"link-not-found", null);
		// the same direction: not a link back
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.link())), 409, "reverse-refused",
				"reverseLink");
		// a mirror that is not STOPPED
		sql("update mirrors set state = 'ACTIVE', version = version + 1 where id = ?", swap.mirrorId());
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.back())), 409, "reverse-refused",
				"mirror")
			.andExpect(jsonPath("$.state").value("ACTIVE"));
		sql("update mirrors set state = 'STOPPED', version = version + 1 where id = ?", swap.mirrorId());
		// a TRANSLATED partition: the offsets differ
		sql("update mirror_partitions set offset_mode = 'TRANSLATED' where mirror_id = ? and partition = 1",
				swap.mirrorId());
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.back())), 409, "reverse-refused",
				"mirror")
			.andExpect(jsonPath("$.partition").value(1));
		sql("update mirror_partitions set offset_mode = 'IDENTICAL' where mirror_id = ?", swap.mirrorId());
		// records written to the old source after the stop: a planned swap would lose
		// them
		write(TestKafka.sourceBootstrap(), swap.topic(), 1, "late", 2);
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.back())), 409, "reverse-refused",
				"mirror")
			.andExpect(jsonPath("$.recordsLeftBehind['1']").value(2));
		assertThat(mirrorsOf(swap.back())).isZero();
		getJson("/api/v1/links/" + swap.link() + "/mirrors/" + swap.topic())
			.andExpect(jsonPath("$.state").value("STOPPED"));
	}

	@Test
	void afterADisasterTheRecordsLeftBehindAreArchivedBeforeTheOldTopicIsReplaced() throws Exception {
		Swap swap = stoppedMirror();
		write(TestKafka.sourceBootstrap(), swap.topic(), 1, "late", 3);
		Map<String, Object> request = Map.of("reverseLink", swap.back(), "mode", "after-disaster");
		JsonNode plan = body(postJson(swap.reversePath() + "?dryRun=true", request).andExpect(status().isOk()));
		assertThat(plan.path("recordsArchived").asLong()).isEqualTo(3);
		assertThat(plan.path("recordsRecopied").asLong()).isEqualTo(2 * RECORDS);
		assertThat(plan.path("archiveTopic").asString()).startsWith(swap.topic() + ".left-behind.");
		assertThat(topicExists(TestKafka.sourceBootstrap(), swap.topic())).isTrue();
		assertThat(mirrorsOf(swap.back())).isZero();
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.back(), "mode", "sideways")), 400,
				"validation-failed", "mode");
		// deleting and recreating the old topic is an admin's decision
		Map<String, Object> operator = new HashMap<>(Map.of("name", unique("operator"), "role", "operator"));
		String key = body(postJson("/api/v1/api-keys", operator).andExpect(status().isCreated())).path("key")
			.asString();
		expectProblem(callAs(key, post(swap.reversePath()).contentType("application/json").content(json(request))), 403,
				"forbidden", "mode");
		assertThat(topicExists(TestKafka.sourceBootstrap(), swap.topic())).isTrue();

		String archive = swap.topic() + ".archive";
		JsonNode reversed = body(postJson(swap.reversePath(),
				Map.of("reverseLink", swap.back(), "mode", "after-disaster", "archiveTopic", archive))
			.andExpect(status().isCreated()));
		assertThat(reversed.path("recordsArchived").asLong()).isEqualTo(3);
		assertThat(reversed.path("archiveTopic").asString()).isEqualTo(archive);
		assertThat(reversed.path("created").path("state").asString()).isEqualTo("PENDING");
		// the archive holds the three records, each naming its offset in the old topic
		List<ConsumerRecord<byte[], byte[]>> archived = readAll(archive, 1);
		assertThat(archived).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(new String(archived.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("late");
			assertThat(new String(archived.get(i).headers().lastHeader("clusterlink.left-behind.offset").value(),
					StandardCharsets.UTF_8))
				.isEqualTo(Long.toString(RECORDS + i));
		}
		// the old topic is gone: the worker creates it anew and copies the promoted topic
		// into it
		assertThat(topicExists(TestKafka.sourceBootstrap(), swap.topic())).isFalse();
		UUID id = mirrorId(swap.back(), swap.topic());
		assertThat(query("select adopts_destination from mirrors where id = ?", id)).isEqualTo("f");
		// every partition starts at the promoted topic's first offset, whatever the
		// link's
		// start spec: copied back at identical offsets
		assertThat(query("select string_agg(partition || ':' || start_offset || ':' || "
				+ "coalesce(destination_end_offset::text, '-'), ',' order by partition) from mirror_partitions "
				+ "where mirror_id = ?", id))
			.isEqualTo("0:0:-,1:0:-");
		getJson("/api/v1/audit?entityType=mirror&entityName=" + swap.back() + "/" + swap.topic())
			.andExpect(jsonPath("$.items[0].action").value("mirror.reverse"))
			.andExpect(jsonPath("$.items[0].details.recordsArchived").value(3));
	}

	@Test
	void afterADisasterTheOldTopicIsClosedToWritersUntilItIsGone() throws Exception {
		// an old source with an authorizer: DENY WRITE User:* on the old topic while its
		// last records are archived, lifted once it is deleted (before the worker
		// recreates it)
		Swap swap = stoppedMirrorFrom(AuthorizerKafka.sourceBootstrap());
		write(AuthorizerKafka.sourceBootstrap(), swap.topic(), 0, "late", 2);
		JsonNode reversed = body(
				postJson(swap.reversePath(), Map.of("reverseLink", swap.back(), "mode", "after-disaster"))
					.andExpect(status().isCreated()));
		assertThat(reversed.path("recordsArchived").asLong()).isEqualTo(2);
		assertThat(topicExists(AuthorizerKafka.sourceBootstrap(), swap.topic())).isFalse();
		getJson("/api/v1/audit?entityType=mirror&entityName=" + swap.back() + "/" + swap.topic())
			.andExpect(jsonPath("$.items[0].action").value("mirror.reverse"))
			.andExpect(jsonPath("$.items[0].details.writesFenced").value(true));
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap())) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(AuthorizerKafka.acls(admin))
					.noneMatch((acl) -> acl.pattern().name().equals(swap.topic())));
		}
	}

	@Test
	void aReverseIsRefusedWhenTheTailsDiffer() throws Exception {
		Swap swap = stoppedMirror("tail");
		expectProblem(postJson(swap.reversePath(), Map.of("reverseLink", swap.back())), 409, "reverse-refused",
				"mirror")
			.andExpect(jsonPath("$.offset").value(RECORDS - 1));
		assertThat(mirrorsOf(swap.back())).isZero();
	}

	@Test
	void aKeyLimitedToTheLinkCannotNameAnotherAsTheLinkBack() throws Exception {
		Swap swap = stoppedMirror();
		Map<String, Object> request = new HashMap<>(Map.of("name", unique("scoped"), "role", "operator"));
		request.put("links", List.of(swap.link()));
		String key = body(postJson("/api/v1/api-keys", request).andExpect(status().isCreated())).path("key").asString();
		expectProblem(callAs(key, post(swap.reversePath()).contentType("application/json")
			.content(json(Map.of("reverseLink", swap.back())))), 404, "link-not-found", null);
		assertThat(mirrorsOf(swap.back())).isZero();
	}

	/**
	 * A link, its link back, and a STOPPED mirror of a two-partition topic whose two
	 * copies hold the same ten records per partition at the same offsets.
	 * @param divergentTail a value written only to the promoted topic's last record
	 */
	private Swap stoppedMirror(String... divergentTail) throws Exception {
		return stoppedMirrorFrom(TestKafka.sourceBootstrap(), divergentTail);
	}

	/** {@link #stoppedMirror(String...)} from a source cluster of choice. */
	private Swap stoppedMirrorFrom(String sourceBootstrap, String... divergentTail) throws Exception {
		String[] clusters = { unique("src"), unique("dst") };
		postJson("/api/v1/clusters", Map.of("name", clusters[0], "bootstrapServers", sourceBootstrap))
			.andExpect(status().isCreated());
		postJson("/api/v1/clusters", Map.of("name", clusters[1], "bootstrapServers", TestKafka.destinationBootstrap()))
			.andExpect(status().isCreated());
		String link = unique("fwd");
		String back = unique("back");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1]))
			.andExpect(status().isCreated());
		postJson("/api/v1/links", Map.of("name", back, "sourceCluster", clusters[1], "destinationCluster", clusters[0]))
			.andExpect(status().isCreated());
		String topic = unique("orders");
		createTopic(sourceBootstrap, topic, 2);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		createTopic(TestKafka.destinationBootstrap(), topic, 2);
		long timestamp = System.currentTimeMillis();
		for (int partition = 0; partition < 2; partition++) {
			write(sourceBootstrap, topic, partition, "v", RECORDS, timestamp);
			String last = (divergentTail.length > 0 && partition == 0) ? divergentTail[0] : "v";
			write(TestKafka.destinationBootstrap(), topic, partition, "v", RECORDS - 1, timestamp);
			write(TestKafka.destinationBootstrap(), topic, partition, last, 1, timestamp, RECORDS - 1);
		}
		UUID id = mirrorId(link, topic);
		sql("update mirrors set state = 'STOPPED', stopped_by = 'PROMOTE', version = version + 1 where id = ?", id);
		for (int partition = 0; partition < 2; partition++) {
			sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, "
					+ "source_start_offset, source_end_offset, mirrored_offset, lag, destination_start_offset, "
					+ "destination_end_offset, updated_at) values (?, ?, 'ACTIVE', 'IDENTICAL', 0, 0, ?, ?, 0, 0, ?, "
					+ "now())", id, partition, (long) RECORDS, (long) RECORDS, (long) RECORDS);
		}
		return new Swap(link, back, topic, id, clusters);
	}

	private static void write(String bootstrap, String topic, int partition, String value, int count) throws Exception {
		write(bootstrap, topic, partition, value, count, System.currentTimeMillis());
	}

	private static void write(String bootstrap, String topic, int partition, String value, int count, long timestamp)
			throws Exception {
		write(bootstrap, topic, partition, value, count, timestamp, 0);
	}

	/**
	 * Writes records {@code first..first+count-1}: key {@code k<n>}, the value, a header.
	 */
	private static void write(String bootstrap, String topic, int partition, String value, int count, long timestamp,
			int first) throws Exception {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			for (int n = first; n < first + count; n++) {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, timestamp + n,
						("k" + n).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
				record.headers().add("n", Integer.toString(n).getBytes(StandardCharsets.UTF_8));
				producer.send(record).get(30, TimeUnit.SECONDS);
			}
		}
	}

	private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partition) {
		TopicPartition tp = new TopicPartition(topic, partition);
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (var consumer = new KafkaConsumer<byte[], byte[]>(
				Map.of("bootstrap.servers", TestKafka.sourceBootstrap(), "auto.offset.reset", "earliest"),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.assign(List.of(tp));
			long end = consumer.endOffsets(List.of(tp)).get(tp);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).records(tp).forEach(records::add);
				return consumer.position(tp) >= end;
			});
		}
		return records;
	}

	private static long mirrorsOf(String link) throws Exception {
		return Long
			.parseLong(query("select count(*) from mirrors m join links l on l.id = m.link_id where l.name = ?", link));
	}

	private record Swap(String link, String back, String topic, UUID mirrorId, String[] clusters) {

		String reversePath() {
			return "/api/v1/links/" + this.link + "/mirrors/" + this.topic + ":reverse";
		}

	}

}
