package dev.clusterlink.linkmanager.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.command.Ownership;
import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Commands reach the command topic after the change commits, keyed by ownership, and
 * never after a rollback.
 */
class CommandPublicationIT extends LinkManagerIT {

	private static final String TOPIC = "_clusterlink-commands";

	@Autowired
	private CommandPublisher publisher;

	@Autowired
	private PlatformTransactionManager transactions;

	private KafkaConsumer<String, String> consumer;

	private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	@BeforeEach
	void readFromTheEnd() {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestKafka.destinationBootstrap(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		List<TopicPartition> partitions = this.consumer.partitionsFor(TOPIC)
			.stream()
			.map((info) -> new TopicPartition(TOPIC, info.partition()))
			.toList();
		assertThat(partitions).hasSize(24);
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
	}

	@AfterEach
	void close() {
		this.consumer.close();
	}

	@Test
	void everyChangePublishesACommandAfterItsCommit() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("cmd");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		call(post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk());

		ConsumerRecord<String, String> mirrorCreated = await((record) -> record.key().equals(link + "/" + topic));
		Command command = CommandCodec.decode(mirrorCreated.value());
		assertThat(command).isInstanceOf(MirrorChanged.class);
		assertThat(command.change()).isEqualTo(Command.Change.UPSERTED);
		assertThat(mirrorCreated.partition()).as("keyed by ownership")
			.isEqualTo(Ownership.partitionFor(link + "/" + topic, 24));
		assertThat(committedVersion("mirrors", command.entityId())).as("the change was committed before the command")
			.isGreaterThanOrEqualTo(command.entityVersion());

		ConsumerRecord<String, String> linkPaused = await(
				(record) -> record.key().equals(link) && CommandCodec.decode(record.value()).entityVersion() == 1);
		Command paused = CommandCodec.decode(linkPaused.value());
		assertThat(committedVersion("links", paused.entityId())).isEqualTo(1);
		// the pause is fanned out to the link's mirrors, so that their owners react at
		// once
		await((record) -> record.key().equals(link + "/" + topic) && record.offset() > mirrorCreated.offset());
	}

	@Test
	void aRolledBackChangePublishesNothing() {
		String link = unique("rollback");
		UUID id = UUID.randomUUID();
		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		tx.executeWithoutResult((status) -> {
			this.publisher.publish(new MirrorChanged(id, 1, Instant.now(), Command.Change.UPSERTED, link, "m"));
			status.setRollbackOnly();
		});
		tx.executeWithoutResult((status) -> this.publisher
			.publish(new MirrorChanged(id, 2, Instant.now(), Command.Change.UPSERTED, link, "m")));
		// same key, same partition: had the rolled-back command been sent, it would come
		// first
		ConsumerRecord<String, String> first = await((record) -> record.key().equals(link + "/m"));
		assertThat(CommandCodec.decode(first.value()).entityVersion()).isEqualTo(2);
	}

	@Test
	void aRefusedRequestPublishesNothing() throws Exception {
		String link = createLink(Map.of());
		String marker = unique("after");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", unique("missing"))), 404,
				"source-topic-not-found", "sourceTopic");
		expectProblem(call(post("/api/v1/links/" + link + "/mirrors/nope:pause")), 404, "mirror-not-found", null);
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> this.publisher
			.publish(new MirrorChanged(UUID.randomUUID(), 0, Instant.now(), Command.Change.UPSERTED, link, marker)));
		await((record) -> record.key().equals(link + "/" + marker));
		assertThat(this.seen).filteredOn((record) -> record.key().startsWith(link + "/"))
			.extracting(ConsumerRecord::key)
			.containsExactly(link + "/" + marker);
	}

	private ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> wanted) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int checked = 0;
		while (System.nanoTime() < deadline) {
			for (int i = checked; i < this.seen.size(); i++) {
				if (wanted.test(this.seen.get(i))) {
					return this.seen.get(i);
				}
			}
			checked = this.seen.size();
			this.consumer.poll(Duration.ofMillis(200)).forEach(this.seen::add);
		}
		throw new AssertionError("no such command within 30s; saw " + this.seen.size() + " record(s)");
	}

	private static long committedVersion(String table, UUID id) throws Exception {
		try (var connection = TestPostgres.database().connect();
				var statement = connection.prepareStatement("select version from " + table + " where id = ?")) {
			statement.setObject(1, id);
			try (var rs = statement.executeQuery()) {
				assertThat(rs.next()).as("%s %s is committed", table, id).isTrue();
				return rs.getLong(1);
			}
		}
	}

}
