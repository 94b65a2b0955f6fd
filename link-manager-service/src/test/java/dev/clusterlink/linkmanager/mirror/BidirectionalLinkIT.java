package dev.clusterlink.linkmanager.mirror;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A bidirectional link (issue 13 point 5): one link for the user, two link rows in the
 * store — the link and its hidden twin with the clusters swapped — kept in step, with
 * mirrors in both directions. The link manager runs without a worker: the store is what
 * the worker, offset-sync and ACL-sync services read.
 */
class BidirectionalLinkIT extends LinkManagerIT {

	private static final int RECORDS = 5;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private SecretCipher cipher;

	private static final String COMMANDS = "_clusterlink-commands";

	private @Nullable KafkaConsumer<String, String> commands;

	private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	@Test
	void aBidirectionalLinkIsOneLinkWithAHiddenTwinInTheStore() throws Exception {
		readCommandsFromTheEnd();
		String[] clusters = registerClusters();
		String link = unique("bidi");
		String twin = link + "~reverse";
		JsonNode created = body(postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1], "configs",
						Map.of("link.mode", "bidirectional", "cluster.link.prefix", "peer.")))
			.andExpect(status().isCreated()));
		assertThat(created.path("mode").asString()).isEqualTo("BIDIRECTIONAL");
		assertThat(created.path("configs").path("link.mode").path("value").asString()).isEqualTo("BIDIRECTIONAL");

		// the twin: same configs, clusters swapped, tied to the link
		String linkId = query("select id from links where name = ?", link);
		assertThat(query("select twin_of from links where name = ?", twin)).isEqualTo(linkId);
		assertThat(query("select source_cluster_id from links where name = ?", twin))
			.isEqualTo(query("select destination_cluster_id from links where name = ?", link));
		assertThat(query("select destination_cluster_id from links where name = ?", twin))
			.isEqualTo(query("select source_cluster_id from links where name = ?", link));
		assertThat(query("select configs::text from links where name = ?", twin))
			.isEqualTo(query("select configs::text from links where name = ?", link));
		assertThat(
				query("select count(*) from audit_log where action = 'link.create' and entity_name like ?", link + "%"))
			.isEqualTo("1");

		// what the worker reads: the twin is a link from the destination to the source
		List<LinkRow> rows = new StateStoreReader(this.dataSource, this.cipher).links();
		LinkRow forward = rows.stream().filter((row) -> row.name().equals(link)).findFirst().orElseThrow();
		LinkRow reverse = rows.stream().filter((row) -> row.name().equals(twin)).findFirst().orElseThrow();
		assertThat(reverse.sourceClusterId()).isEqualTo(forward.destinationClusterId());
		assertThat(reverse.destinationClusterId()).isEqualTo(forward.sourceClusterId());
		assertThat(reverse.configs()).isEqualTo(forward.configs());

		// invisible and not addressable
		getJson("/api/v1/links/" + twin).andExpect(status().isNotFound());
		expectProblem(deletePath("/api/v1/links/" + twin + "?force=true"), 404, "link-not-found", null);
		expectProblem(patchJson("/api/v1/links/" + twin + "/configs", Map.of("consumer.offset.sync.ms", 5000)), 404,
				"link-not-found", null);
		expectProblem(call(post("/api/v1/links/" + twin + ":pause")), 404, "link-not-found", null);
		String key = limitedKey(List.of(link));
		JsonNode visible = body(callAs(key, get("/api/v1/links")).andExpect(status().isOk()));
		assertThat(visible.path("items")).hasSize(1);
		assertThat(visible.path("items").get(0).path("name").asString()).isEqualTo(link);
		assertThat(visible.path("totalItems").asLong()).isEqualTo(1);
		for (JsonNode item : body(getJson("/api/v1/links?size=500").andExpect(status().isOk())).path("items")) {
			assertThat(item.path("name").asString()).doesNotContain("~");
		}

		// mirrors in both directions
		String east = unique("east");
		String west = unique("west");
		createSourceTopic(east, 1);
		createTopic(TestKafka.destinationBootstrap(), west, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", east)).andExpect(status().isCreated())
			.andExpect(jsonPath("$.direction").value("forward"))
			.andExpect(jsonPath("$.name").value("peer." + east));
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", west, "direction", "reverse"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.direction").value("reverse"))
			.andExpect(jsonPath("$.link").value(link))
			.andExpect(jsonPath("$.name").value("peer." + west));
		assertThat(
				query("select l.name from mirrors m join links l on l.id = m.link_id where m.name = ?", "peer." + west))
			.isEqualTo(twin);
		assertThat(query("select destination_cluster_id from mirrors where name = ?", "peer." + west))
			.isEqualTo(query("select source_cluster_id from links where name = ?", link));
		JsonNode list = body(getJson("/api/v1/links/" + link + "/mirrors").andExpect(status().isOk()));
		assertThat(list.path("items")).hasSize(2);
		Map<String, String> directions = new HashMap<>();
		list.path("items")
			.forEach((item) -> directions.put(item.path("name").asString(), item.path("direction").asString()));
		assertThat(directions).containsEntry("peer." + east, "forward").containsEntry("peer." + west, "reverse");
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.mirrorCount").value(2));
		getJson("/api/v1/links/" + link + "/mirrors/peer." + west).andExpect(status().isOk())
			.andExpect(jsonPath("$.direction").value("reverse"));
		getJson("/api/v1/links/" + link + "/mirrors/peer." + west + "?direction=forward")
			.andExpect(status().isNotFound());

		// no cycles: a mirror topic is never mirrored back, whichever the direction
		expectProblem(
				postJson("/api/v1/links/" + link + "/mirrors",
						Map.of("sourceTopic", "peer." + east, "direction", "reverse")),
				409, "source-is-mirror", "sourceTopic");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", "peer." + west)), 409,
				"source-is-mirror", "sourceTopic");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", west, "direction", "up")),
				400, "validation-failed", "direction");

		// a reverse mirror is acted on through the link, audited with its direction
		postJson("/api/v1/links/" + link + "/mirrors/peer." + west + ":pause", Map.of()).andExpect(status().isOk());
		assertThat(query("select state from mirrors where name = ?", "peer." + west)).isEqualTo("PAUSED");
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/peer." + west)
			.andExpect(jsonPath("$.items[0].action").value("mirror.pause"))
			.andExpect(jsonPath("$.items[0].details.direction").value("reverse"));

		// batch actions select across both directions
		JsonNode batch = body(postJson("/api/v1/links/" + link + "/mirrors:resume?dryRun=true", Map.of("all", true))
			.andExpect(status().isOk()));
		assertThat(batch.path("selected").asInt()).isEqualTo(2);
		batch = body(postJson("/api/v1/links/" + link + "/mirrors:resume", Map.of("mirrors", List.of("peer." + west)))
			.andExpect(status().isOk()));
		assertThat(batch.path("accepted").asInt()).isEqualTo(1);
		assertThat(query("select state from mirrors where name = ?", "peer." + west)).isNotEqualTo("PAUSED");

		// commands name the twin row, so the services of the reverse direction pick it up
		Command twinChanged = awaitCommand(twin);
		assertThat(twinChanged).isInstanceOf(LinkChanged.class);
		assertThat(twinChanged.entityId()).isEqualTo(reverse.id());
		assertThat(awaitCommand(twin + "/peer." + west)).isInstanceOf(MirrorChanged.class);

		// a key limited to the link reaches its reverse mirrors, and no other link's
		String other = createLink(Map.of());
		callAs(key, get("/api/v1/links/" + link + "/mirrors/peer." + west)).andExpect(status().isOk());
		JsonNode all = body(callAs(key, get("/api/v1/mirrors")).andExpect(status().isOk()));
		assertThat(all.path("totalItems").asLong()).isEqualTo(2);
		all.path("items").forEach((item) -> assertThat(item.path("link").asString()).isEqualTo(link));
		callAs(key, get("/api/v1/links/" + other + "/mirrors")).andExpect(status().isNotFound());

		// configs, pause, resume act on both rows
		patchJson("/api/v1/links/" + link + "/configs", Map.of("consumer.offset.sync.ms", 5000))
			.andExpect(status().isOk());
		assertThat(query("select configs::text from links where name = ?", twin)).contains("consumer.offset.sync.ms")
			.isEqualTo(query("select configs::text from links where name = ?", link));
		expectProblem(patchJson("/api/v1/links/" + link + "/configs", Map.of("link.mode", "UNIDIRECTIONAL")), 400,
				"invalid-link-config", "configs.link.mode");
		call(post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk());
		assertThat(query("select string_agg(state, ',') from links where name in (?, ?)", link, twin))
			.isEqualTo("PAUSED,PAUSED");
		call(post("/api/v1/links/" + link + ":resume")).andExpect(status().isOk());
		assertThat(query("select count(*) from links where name in (?, ?) and state = 'PAUSED'", link, twin))
			.isEqualTo("0");
		assertThat(
				query("select count(*) from audit_log where action = 'link.pause' and entity_name like ?", link + "%"))
			.isEqualTo("1");

		// deleted together, with the mirrors of both directions
		expectProblem(deletePath("/api/v1/links/" + link), 409, "link-has-mirrors", null);
		deletePath("/api/v1/links/" + link + "?force=true&keepAcls=true").andExpect(status().isNoContent());
		assertThat(query("select count(*) from links where name in (?, ?)", link, twin)).isEqualTo("0");
		assertThat(query("select count(*) from mirrors where name in (?, ?)", "peer." + east, "peer." + west))
			.isEqualTo("0");
	}

	@Test
	void aUnidirectionalLinkHasNoReverseDirection() throws Exception {
		String link = createLink(Map.of());
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.mode").value("UNIDIRECTIONAL"));
		assertThat(query("select count(*) from links where name = ?", link + "~reverse")).isEqualTo("0");
		String topic = unique("one-way");
		createTopic(TestKafka.destinationBootstrap(), topic, 1);
		expectProblem(
				postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic, "direction", "reverse")),
				400, "validation-failed", "direction");
		expectProblem(patchJson("/api/v1/links/" + link + "/configs", Map.of("link.mode", "BIDIRECTIONAL")), 400,
				"invalid-link-config", "configs.link.mode");
		// full ACL sync is reviewed for one direction: not on a bidirectional link
		String[] clusters = registerClusters();
		String filters = JSON.writeValueAsString(
				Map.of("aclFilters", List.of(Map.of("accessFilter", Map.of("principal", "User:" + unique("u"))))));
		expectProblem(
				postJson("/api/v1/links",
						Map.of("name", unique("bidi"), "sourceCluster", clusters[0], "destinationCluster", clusters[1],
								"configs", Map.of("link.mode", "BIDIRECTIONAL", "acl.sync.enable", true,
										"acl.sync.mode", "full", "acl.filters", filters))),
				400, "invalid-link-config", "configs.acl.sync.mode");
	}

	@Test
	void aStoppedMirrorIsReversedThroughTheLinksOtherDirection() throws Exception {
		String[] clusters = registerClusters();
		String link = unique("bidi");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1],
				"configs", Map.of("link.mode", "BIDIRECTIONAL")))
			.andExpect(status().isCreated());
		String topic = unique("orders");
		createSourceTopic(topic, 2);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		createTopic(TestKafka.destinationBootstrap(), topic, 2);
		long timestamp = System.currentTimeMillis();
		for (int partition = 0; partition < 2; partition++) {
			write(TestKafka.sourceBootstrap(), topic, partition, timestamp);
			write(TestKafka.destinationBootstrap(), topic, partition, timestamp);
		}
		UUID id = UUID.fromString(
				query("select m.id from mirrors m join links l on l.id = m.link_id where l.name = ? and m.name = ?",
						link, topic));
		sql("update mirrors set state = 'STOPPED', stopped_by = 'PROMOTE', version = version + 1 where id = ?", id);
		for (int partition = 0; partition < 2; partition++) {
			sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, "
					+ "source_start_offset, source_end_offset, mirrored_offset, lag, destination_start_offset, "
					+ "destination_end_offset, updated_at) values (?, ?, 'ACTIVE', 'IDENTICAL', 0, 0, ?, ?, 0, 0, ?, "
					+ "now())", id, partition, (long) RECORDS, (long) RECORDS, (long) RECORDS);
		}
		String reversePath = "/api/v1/links/" + link + "/mirrors/" + topic + ":reverse";
		JsonNode plan = body(postJson(reversePath + "?dryRun=true", Map.of()).andExpect(status().isOk()));
		assertThat(plan.path("reverseLink").asString()).isEqualTo(link);
		JsonNode reversed = body(postJson(reversePath, Map.of()).andExpect(status().isCreated()));
		assertThat(reversed.path("created").path("direction").asString()).isEqualTo("reverse");
		assertThat(reversed.path("created").path("state").asString()).isEqualTo("PENDING");
		assertThat(query("select l.name from mirrors m join links l on l.id = m.link_id where m.reverse_of = ?", id))
			.isEqualTo(link + "~reverse");
		// the same name in both directions: the live one unless a direction is named
		getJson("/api/v1/links/" + link + "/mirrors/" + topic).andExpect(jsonPath("$.direction").value("reverse"))
			.andExpect(jsonPath("$.state").value("PENDING"));
		getJson("/api/v1/links/" + link + "/mirrors/" + topic + "?direction=forward")
			.andExpect(jsonPath("$.state").value("STOPPED"));
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + topic)
			.andExpect(jsonPath("$.items[0].action").value("mirror.reverse"))
			.andExpect(jsonPath("$.items[0].details.direction").value("reverse"));
	}

	private void readCommandsFromTheEnd() {
		this.commands = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestKafka.destinationBootstrap(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		List<TopicPartition> partitions = this.commands.partitionsFor(COMMANDS)
			.stream()
			.map((info) -> new TopicPartition(COMMANDS, info.partition()))
			.toList();
		this.commands.assign(partitions);
		this.commands.seekToEnd(partitions);
		partitions.forEach(this.commands::position);
	}

	private Command awaitCommand(String key) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			for (ConsumerRecord<String, String> record : this.commands.poll(Duration.ofMillis(200))) {
				this.seen.add(record);
			}
			for (ConsumerRecord<String, String> record : this.seen) {
				if (key.equals(record.key())) {
					return CommandCodec.decode(record.value());
				}
			}
		}
		throw new AssertionError("no command keyed " + key);
	}

	@AfterEach
	void closeCommands() {
		if (this.commands != null) {
			this.commands.close();
		}
	}

	private String limitedKey(List<String> links) throws Exception {
		Map<String, Object> request = new HashMap<>(Map.of("name", unique("scoped"), "role", "operator"));
		request.put("links", new ArrayList<>(links));
		return body(postJson("/api/v1/api-keys", request).andExpect(status().isCreated())).path("key").asString();
	}

	private static void write(String bootstrap, String topic, int partition, long timestamp) throws Exception {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			for (int n = 0; n < RECORDS; n++) {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, timestamp + n,
						("k" + n).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
				record.headers().add("n", Integer.toString(n).getBytes(StandardCharsets.UTF_8));
				producer.send(record).get(30, TimeUnit.SECONDS);
			}
		}
	}

}
