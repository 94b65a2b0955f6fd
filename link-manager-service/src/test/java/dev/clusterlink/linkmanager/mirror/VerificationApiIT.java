package dev.clusterlink.linkmanager.mirror;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Verification of a mirror against two real Kafka clusters. The link manager runs without
 * a worker, so the test plays it: it writes the same records to the source and the
 * destination topic at identical offsets and records the partitions as IDENTICAL.
 */
class VerificationApiIT extends LinkManagerIT {

	private static final long BASE_TIMESTAMP = System.currentTimeMillis() - 60_000;

	@Test
	void aFaithfulCopyMatchesAndADifferentOrMissingRecordIsReported() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("verified");
		createSourceTopic(topic, 2);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		createTopic(TestKafka.destinationBootstrap(), topic, 2);
		UUID mirrorId = mirrorId(link, topic);
		String base = "/api/v1/links/" + link + "/mirrors/" + topic;
		getJson(base).andExpect(jsonPath("$.lastVerification").isEmpty());
		String first;

		try (KafkaProducer<byte[], byte[]> source = producer(TestKafka.sourceBootstrap());
				KafkaProducer<byte[], byte[]> destination = producer(TestKafka.destinationBootstrap())) {
			for (int partition = 0; partition < 2; partition++) {
				for (int i = 0; i < 20; i++) {
					ProducerRecord<byte[], byte[]> record = record(topic, partition, i, "value-" + i);
					assertThat(send(source, record).offset()).isEqualTo(i);
					assertThat(send(destination, record).offset()).isEqualTo(i);
				}
			}
			reportIdentical(mirrorId, 0, 20);
			reportIdentical(mirrorId, 1, 20);

			// a faithful copy: MATCHED, every record compared, one range per partition
			JsonNode started = body(call(post(base + ":verify")).andExpect(status().isAccepted())
				.andExpect(header().string(HttpHeaders.LOCATION,
						org.hamcrest.Matchers.startsWith(base + "/verifications/")))
				.andExpect(jsonPath("$.range[0].fromOffset").value(0))
				.andExpect(jsonPath("$.range[0].toOffset").value(20))
				.andExpect(jsonPath("$.requestedBy").value("apikey:bootstrap-admin")));
			assertThat(started.path("state").asString()).isIn("QUEUED", "RUNNING", "MATCHED");
			first = started.path("id").asString();
			JsonNode matched = awaitEnd(base, first);
			assertThat(matched.path("state").asString()).as(matched::toString).isEqualTo("MATCHED");
			assertThat(matched.path("recordsCompared").asLong()).isEqualTo(40);
			assertThat(matched.path("percentDone").asDouble()).isEqualTo(100.0);
			assertThat(matched.path("recordsPerSecond").asDouble()).isPositive();
			assertThat(matched.path("startedAt").isNull()).isFalse();
			assertThat(matched.path("finishedAt").isNull()).isFalse();
			JsonNode p0 = matched.path("partitions").path(0);
			assertThat(p0.path("status").asString()).isEqualTo("MATCHED");
			assertThat(p0.path("recordsCompared").asLong()).isEqualTo(20);
			assertThat(p0.path("matchedRanges").toString()).isEqualTo("[{\"from\":0,\"to\":19}]");
			getJson(base).andExpect(jsonPath("$.lastVerification.id").value(first))
				.andExpect(jsonPath("$.lastVerification.state").value("MATCHED"))
				.andExpect(jsonPath("$.lastVerification.finishedAt").isNotEmpty())
				.andExpect(jsonPath("$.lastVerification.range[1].toOffset").value(20));
			getJson("/api/v1/links/" + link + "/mirrors")
				.andExpect(jsonPath("$.items[0].lastVerification.id").value(first));

			// partition 0: record 20 differs; partition 1: records 20 and 21 never
			// reached
			// the destination
			send(source, record(topic, 0, 20, "original"));
			send(destination, record(topic, 0, 20, "tampered"));
			send(source, record(topic, 1, 20, "value-20"));
			send(source, record(topic, 1, 21, "value-21"));
			reportIdentical(mirrorId, 0, 21);
			reportIdentical(mirrorId, 1, 22);
		}
		String second = body(call(post(base + ":verify?fromOffset=10")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.fromOffset").value(10))
			.andExpect(jsonPath("$.range[1].fromOffset").value(10))
			.andExpect(jsonPath("$.range[1].toOffset").value(22))).path("id").asString();
		JsonNode mismatched = awaitEnd(base, second);
		assertThat(mismatched.path("state").asString()).as(mismatched::toString).isEqualTo("MISMATCHED");
		assertThat(mismatched.path("recordsCompared").asLong()).isEqualTo(23);
		JsonNode p0 = mismatched.path("partitions").path(0);
		assertThat(p0.path("status").asString()).isEqualTo("MISMATCHED");
		assertThat(p0.path("firstMismatch").path("sourceOffset").asLong()).isEqualTo(20);
		assertThat(p0.path("firstMismatch").path("destinationOffset").asLong()).isEqualTo(20);
		assertThat(p0.path("firstMismatch").path("field").asString()).isEqualTo("value");
		assertThat(p0.path("mismatchedRecords").asLong()).isEqualTo(1);
		assertThat(p0.path("matchedRanges").toString()).isEqualTo("[{\"from\":10,\"to\":19}]");
		JsonNode p1 = mismatched.path("partitions").path(1);
		assertThat(p1.path("missingOnDestination").asLong()).isEqualTo(2);
		assertThat(p1.path("firstMissingOffsets").toString()).isEqualTo("[20,21]");
		assertThat(p1.path("extraOnDestination").asLong()).isZero();
		getJson(base).andExpect(jsonPath("$.lastVerification.id").value(second))
			.andExpect(jsonPath("$.lastVerification.state").value("MISMATCHED"));

		// the list, newest first, paged
		getJson(base + "/verifications?size=1").andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(2))
			.andExpect(jsonPath("$.items[0].id").value(second));
		getJson(base + "/verifications?page=1&size=1").andExpect(jsonPath("$.items[0].id").value(first));
		// cancelling an ended verification leaves it as it is
		call(delete(base + "/verifications/" + first)).andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("MATCHED"));
		// every start is audited with the principal
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + topic)
			.andExpect(jsonPath("$.items[0].action").value("mirror.verify"))
			.andExpect(jsonPath("$.items[0].actor").value("apikey:bootstrap-admin"))
			.andExpect(jsonPath("$.items[0].details.verificationId").value(second));

		// the whole link: one verification per mirror
		String third = body(call(post("/api/v1/links/" + link + ":verify?toOffset=15")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.link").value(link))
			.andExpect(jsonPath("$.verifications.length()").value(1))
			.andExpect(jsonPath("$.verifications[0].mirror").value(topic))
			.andExpect(jsonPath("$.verifications[0].range[0].toOffset").value(15))).path("verifications")
			.path(0)
			.path("id")
			.asString();
		assertThat(awaitEnd(base, third).path("state").asString()).isEqualTo("MATCHED");
	}

	@Test
	void refusalsAreProblemDetails() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("refused");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		String base = "/api/v1/links/" + link + "/mirrors/" + topic;

		expectProblem(call(post(base + ":verify?fromOffset=5&toOffset=3")), 400, "validation-failed", "fromOffset");
		expectProblem(call(post(base + ":verify?fromOffset=-1")), 400, "validation-failed", "fromOffset");
		expectProblem(call(post("/api/v1/links/" + link + ":verify?toOffset=-2")), 400, "validation-failed",
				"toOffset");
		expectProblem(call(post("/api/v1/links/" + link + "/mirrors/nope:verify")), 404, "mirror-not-found", null);
		expectProblem(call(post("/api/v1/links/" + unique("nope") + ":verify")), 404, "link-not-found", null);
		expectProblem(getJson(base + "/verifications/" + UUID.randomUUID()), 404, "verification-not-found", null);

		// a key limited to another link cannot tell this link exists
		String other = createLink(Map.of());
		Map<String, Object> request = new HashMap<>(Map.of("name", unique("scoped"), "role", "operator"));
		request.put("links", List.of(other));
		String scoped = body(postJson("/api/v1/api-keys", request).andExpect(status().isCreated())).path("key")
			.asString();
		expectProblem(callAs(scoped, post(base + ":verify")), 404, "link-not-found", null);
		expectProblem(callAs(scoped, post("/api/v1/links/" + link + ":verify")), 404, "link-not-found", null);
		expectProblem(callAs(scoped, get(base + "/verifications")), 404, "link-not-found", null);
		getJson(base + "/verifications").andExpect(jsonPath("$.totalItems").value(0));

		// a mirror whose partitions are not set up yet has nothing to compare
		String id = body(call(post(base + ":verify")).andExpect(status().isAccepted())).path("id").asString();
		JsonNode ended = awaitEnd(base, id);
		assertThat(ended.path("state").asString()).isEqualTo("FAILED");
		assertThat(ended.path("reason").asString()).contains("set up");
	}

	@Test
	void aShiftedMirrorIsComparedAtSourceOffsetMinusTheDelta() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("shifted");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		createTopic(TestKafka.destinationBootstrap(), topic, 1);
		// the mirror starts at source offset 3: source 3..9 are at destination 0..6
		try (KafkaProducer<byte[], byte[]> source = producer(TestKafka.sourceBootstrap());
				KafkaProducer<byte[], byte[]> destination = producer(TestKafka.destinationBootstrap())) {
			for (int i = 0; i < 10; i++) {
				send(source, record(topic, 0, i, "value-" + i));
				if (i >= 3) {
					assertThat(send(destination, record(topic, 0, i, "value-" + i)).offset()).isEqualTo(i - 3);
				}
			}
		}
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, offset_delta, "
				+ "mirrored_offset, destination_end_offset, updated_at) values (?, 0, 'ACTIVE', 'SHIFTED', 3, 3, 10, 7, "
				+ "now())", mirrorId(link, topic));
		String base = "/api/v1/links/" + link + "/mirrors/" + topic;
		// a range starting before the mirror's start is clamped to it
		String id = body(call(post(base + ":verify?fromOffset=0")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.range[0].fromOffset").value(3))
			.andExpect(jsonPath("$.range[0].toOffset").value(10))).path("id").asString();
		JsonNode ended = awaitEnd(base, id);
		assertThat(ended.path("state").asString()).as(ended::toString).isEqualTo("MATCHED");
		assertThat(ended.path("recordsCompared").asLong()).isEqualTo(7);
		assertThat(ended.path("partitions").path(0).path("matchedRanges").toString())
			.isEqualTo("[{\"from\":3,\"to\":9}]");
	}

	@Test
	void aRunningVerificationShowsProgressIsPacedAndCanBeCancelled() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("long");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		createTopic(TestKafka.destinationBootstrap(), topic, 1);
		// 300,000 records: at most 50,000 a second, the run lasts 6 s at least
		int count = 300_000;
		try (KafkaProducer<byte[], byte[]> source = producer(TestKafka.sourceBootstrap());
				KafkaProducer<byte[], byte[]> destination = producer(TestKafka.destinationBootstrap())) {
			for (int i = 0; i < count; i++) {
				ProducerRecord<byte[], byte[]> record = record(topic, 0, i, "v" + i);
				source.send(record);
				destination.send(record);
			}
			source.flush();
			destination.flush();
		}
		reportIdentical(mirrorId(link, topic), 0, count);
		String base = "/api/v1/links/" + link + "/mirrors/" + topic;
		String id = body(call(post(base + ":verify")).andExpect(status().isAccepted())).path("id").asString();
		JsonNode[] running = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			running[0] = body(getJson(base + "/verifications/" + id));
			return running[0].path("recordsCompared").asLong() > 0;
		});
		assertThat(running[0].path("state").asString()).as(running[0]::toString).isEqualTo("RUNNING");
		assertThat(running[0].path("percentDone").asDouble()).isBetween(0.1, 99.9);
		assertThat(running[0].path("recordsPerSecond").asDouble()).isBetween(1.0, 60_000.0);
		assertThat(running[0].path("partitions").path(0).path("status").asString()).isEqualTo("RUNNING");
		getJson(base).andExpect(jsonPath("$.lastVerification.state").value("RUNNING"))
			.andExpect(jsonPath("$.lastVerification.finishedAt").isEmpty());

		call(delete(base + "/verifications/" + id)).andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("CANCELLED"))
			.andExpect(jsonPath("$.finishedAt").isNotEmpty());
		// the run stops at its next poll or progress write and records how far it got
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> "CANCELLED".equals(
					body(getJson(base + "/verifications/" + id)).path("partitions").path(0).path("status").asString()));
		JsonNode cancelled = body(getJson(base + "/verifications/" + id));
		assertThat(cancelled.path("state").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.path("recordsCompared").asLong()).isBetween(1L, count - 1L);
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + topic)
			.andExpect(jsonPath("$.items[0].action").value("mirror.verify-cancel"));
	}

	@Test
	void aTranslatedMirrorFollowsItsRangeMapAcrossAnAbortedTransaction() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("translated");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		createTopic(TestKafka.destinationBootstrap(), topic, 1);
		// source: 0..4, an aborted transaction of two records and its marker, then three
		// records; read_committed sees 8 records, copied to destination 0..7 (the marker
		// is written asynchronously, so the offsets after it are read back, not assumed)
		Map<String, Object> transactional = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestKafka.sourceBootstrap(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.TRANSACTIONAL_ID_CONFIG, unique("tx")));
		List<Long> committed = new java.util.ArrayList<>();
		try (KafkaProducer<byte[], byte[]> source = producer(TestKafka.sourceBootstrap());
				KafkaProducer<byte[], byte[]> aborting = new KafkaProducer<>(transactional);
				KafkaProducer<byte[], byte[]> destination = producer(TestKafka.destinationBootstrap())) {
			for (int i = 0; i < 5; i++) {
				committed.add(send(source, record(topic, 0, i, "value-" + i)).offset());
				send(destination, record(topic, 0, i, "value-" + i));
			}
			aborting.initTransactions();
			aborting.beginTransaction();
			send(aborting, record(topic, 0, 5, "aborted-5"));
			send(aborting, record(topic, 0, 6, "aborted-6"));
			aborting.abortTransaction();
			for (int i = 8; i < 11; i++) {
				committed.add(send(source, record(topic, 0, i, "value-" + i)).offset());
				send(destination, record(topic, 0, i, "value-" + i));
			}
		}
		long[] end = new long[1];
		try (var admin = admin(TestKafka.sourceBootstrap())) {
			var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				long stable = admin
					.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
							new org.apache.kafka.clients.admin.ListOffsetsOptions(
									org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
					.partitionResult(tp)
					.get()
					.offset();
				long high = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
					.partitionResult(tp)
					.get()
					.offset();
				end[0] = high;
				return stable == high;
			});
		}
		UUID id = mirrorId(link, topic);
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, offset_delta, "
				+ "mirrored_offset, destination_end_offset, updated_at) values (?, 0, 'ACTIVE', 'TRANSLATED', 0, 0, "
				+ "?, 8, now())", id, end[0]);
		// one run per stretch of consecutive committed source offsets
		for (int i = 0; i < committed.size(); i++) {
			if (i == 0 || committed.get(i) != committed.get(i - 1) + 1) {
				sql("insert into mirror_offset_ranges (mirror_id, partition, source_start, destination_start) "
						+ "values (?, 0, ?, ?)", id, committed.get(i), (long) i);
			}
		}
		String base = "/api/v1/links/" + link + "/mirrors/" + topic;
		String verification = body(call(post(base + ":verify")).andExpect(status().isAccepted())).path("id").asString();
		JsonNode ended = awaitEnd(base, verification);
		assertThat(ended.path("state").asString()).as(ended::toString).isEqualTo("MATCHED");
		assertThat(ended.path("recordsCompared").asLong()).isEqualTo(8);
		// one range: the aborted records and the marker hold no committed record
		assertThat(ended.path("partitions").path(0).path("matchedRanges").toString())
			.isEqualTo("[{\"from\":0,\"to\":" + committed.get(committed.size() - 1) + "}]");
	}

	@Test
	void aVerificationLeftRunningByALinkManagerThatStoppedFails() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("orphan");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		UUID id = UUID.randomUUID();
		// as a link manager that died mid-run leaves it: RUNNING, renewed long ago
		sql("insert into verifications (id, mirror_id, state, ranges, partitions, requested_by, instance_id, "
				+ "heartbeat_at, created_at, started_at) values (?, ?, 'RUNNING', '[]'::jsonb, '[]'::jsonb, 'apikey:x', "
				+ "'gone', now() - interval '1 hour', now(), now())", id, mirrorId(link, topic));
		String base = "/api/v1/links/" + link + "/mirrors/" + topic;
		JsonNode ended = awaitEnd(base, id.toString());
		assertThat(ended.path("state").asString()).isEqualTo("FAILED");
		assertThat(ended.path("reason").asString()).contains("link manager restarted or stopped");
		assertThat(ended.path("finishedAt").isNull()).isFalse();
	}

	private JsonNode awaitEnd(String base, String id) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			last[0] = body(getJson(base + "/verifications/" + id).andExpect(status().isOk()));
			return !List.of("QUEUED", "RUNNING").contains(last[0].path("state").asString());
		});
		return last[0];
	}

	private static ProducerRecord<byte[], byte[]> record(String topic, int partition, int i, String value) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
		// recent timestamps: old ones would let time-based retention delete the records
		return new ProducerRecord<>(topic, partition, BASE_TIMESTAMP + i, ("key-" + i).getBytes(StandardCharsets.UTF_8),
				value.getBytes(StandardCharsets.UTF_8), headers);
	}

	private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record)
			throws Exception {
		return producer.send(record).get(30, TimeUnit.SECONDS);
	}

	private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
						ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
						ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG, "all"));
	}

	/**
	 * Plays the worker: the partition is IDENTICAL from 0 and mirrored up to
	 * {@code mirrored}.
	 */
	private static void reportIdentical(UUID mirrorId, int partition, long mirrored) throws Exception {
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, offset_delta, "
				+ "mirrored_offset, destination_end_offset, updated_at) values (?, ?, 'ACTIVE', 'IDENTICAL', 0, 0, ?, ?, "
				+ "now()) on conflict (mirror_id, partition) do update set mirrored_offset = excluded.mirrored_offset, "
				+ "destination_end_offset = excluded.destination_end_offset", mirrorId, partition, mirrored, mirrored);
	}

}
