package dev.clusterlink.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clusterlink.security.ApiKeyFormat;
import dev.clusterlink.stack.StackSettings.Database;
import dev.clusterlink.testsupport.HostileServer;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four services as separate processes, two broker processes and PostgreSQL, driven
 * only through the link manager's REST API and checked by reading both clusters. The
 * stack is the one {@code ./local-stack/stack up} starts (with two mirror workers and
 * short lease timeouts), on free ports and a fresh database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

	private static final String LINK = "e2e";

	private static final String ORDERS = "orders";

	private static final String PAYMENTS = "payments";

	/** A bidirectional link between the two clusters (active-active). */
	private static final String PEER = "e2e-peer";

	/** The link back, from the destination to the source cluster. */
	private static final String BACK = "e2e-back";

	private static final int RECORDS = 100_000;

	/** A credential that must never appear in a response or a log. */
	private static final String SECRET = "e2e-secret-" + UUID.randomUUID();

	private final List<Rest.Response> responses = Collections.synchronizedList(new ArrayList<>());

	private LocalStack stack;

	private Rest rest;

	@BeforeAll
	void startStack() throws IOException {
		Path root = Path.of(System.getProperty("clusterlink.root", "..")).toAbsolutePath().normalize();
		Path workDir = Path.of("target", "e2e-stack").toAbsolutePath();
		WorkDirs.delete(workDir);
		TestPostgres.Database db = TestPostgres.database();
		int source = Ports.freePair();
		int destination = Ports.freePair();
		StackSettings settings = new StackSettings(root, workDir,
				new Database(db.jdbcUrl(), db.username(), db.password()), source, destination, Ports.free(),
				Ports.free(), Ports.free(), List.of(Ports.free(), Ports.free()),
				Map.of("CLUSTERLINK_WORKER_LEASETTL", "10s", "CLUSTERLINK_WORKER_LEASERENEWINTERVAL", "1s",
						"CLUSTERLINK_WORKER_SESSIONTIMEOUT", "6s", "CLUSTERLINK_WORKER_RECONCILEINTERVAL", "1s",
						"CLUSTERLINK_WORKER_STATUSINTERVAL", "500ms", "CLUSTERLINK_WORKER_FENCEMARGIN", "4s",
						"CLUSTERLINK_WORKER_PRODUCER_REQUESTTIMEOUT", "3s"));
		this.stack = LocalStack.of(settings, false);
		Runtime.getRuntime().addShutdownHook(new Thread(this.stack::down));
		this.stack.up();
		this.rest = this.stack.rest();
	}

	@AfterAll
	void stopStack() {
		if (this.stack != null) {
			this.stack.down();
			assertThat(this.stack.listening()).as("ports still listening after down").isEmpty();
			assertThat(this.stack.processes()).isEmpty();
		}
	}

	@Test
	@Order(1)
	void badRequestsGetProblemDetails() {
		problem(post("/api/v1/clusters", Map.of("name", "no-bootstrap")), 400, "validation-failed");
		problem(post("/api/v1/clusters", "{\"name\": \"broken\", "), 400, "malformed-request");
		problem(post("/api/v1/clusters", Map.of("name", "evil", "bootstrapServers", "127.0.0.1:1", "properties",
				Map.of("interceptor.classes", "com.example.Evil"))), 400, "invalid-client-property");
		problem(get("/api/v1/links/no-such-link"), 404, "link-not-found");
		problem(post("/api/v1/links", Map.of("name", "l", "sourceCluster", "nowhere", "destinationCluster", "nowhere")),
				404, "cluster-not-found");
		assertThat(get("/actuator/env").status()).as("no environment endpoint").isEqualTo(404);
		// the API needs the key up printed; without it, or with another one, 401 and
		// nothing changes
		assertThat(this.stack.describe()).contains(this.stack.adminKey());
		problem(record(this.rest.as(null).get("/api/v1/clusters")), 401, "unauthenticated");
		problem(record(this.rest.as(ApiKeyFormat.generate().value())
			.post("/api/v1/clusters", Map.of("name", "intruder", "bootstrapServers", "127.0.0.1:1"))), 401,
				"unauthenticated");
		assertThat(record(this.rest.as(null).get("/actuator/health/readiness")).status()).isEqualTo(200);
		// nothing was half-created
		assertThat(get("/api/v1/clusters").json().path("totalItems").asLong()).isZero();
	}

	@Test
	@Order(2)
	void everyRecordIsMirroredAtTheSameOffsets() throws Exception {
		registerClusters();
		createTopic(source(), ORDERS, 4);
		long produced = produce(ORDERS, RECORDS, 0);
		assertThat(produced).isEqualTo(RECORDS);
		post("/api/v1/links", Map.of("name", LINK, "sourceCluster", "source", "destinationCluster", "destination",
				"configs",
				Map.of("consumer.offset.sync.enable", true, "consumer.offset.sync.ms", 1000,
						"consumer.offset.group.filters",
						Map.of("groupFilters",
								List.of(Map.of("name", "*", "patternType", "LITERAL", "filterType", "INCLUDE"))),
						"acl.sync.enable", true, "acl.sync.ms", 1000, "acl.filters",
						Map.of("aclFilters", List.of(Map.of("resourceFilter", Map.of("resourceType", "topic")))))))
			.expect(201);
		post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", ORDERS)).expect(201);

		awaitCaughtUp(ORDERS);
		assertIdentical(ORDERS, RECORDS);
		JsonNode mirror = get("/api/v1/links/" + LINK + "/mirrors/" + ORDERS).json();
		assertThat(mirror.path("offsetMode").asString()).isEqualTo("IDENTICAL");
		// the built-in verifier agrees with the independent comparison
		assertThat(verified(LINK, ORDERS).path("recordsCompared").asLong()).isEqualTo(RECORDS);
	}

	@Test
	@Order(3)
	void aSourceConsumerGroupOffsetArrivesOnTheDestination() throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = Map.of(new TopicPartition(ORDERS, 0),
				new OffsetAndMetadata(1_000), new TopicPartition(ORDERS, 1), new OffsetAndMetadata(2_500),
				new TopicPartition(ORDERS, 2), new OffsetAndMetadata(0), new TopicPartition(ORDERS, 3),
				new OffsetAndMetadata(RECORDS / 4));
		try (Admin admin = admin(source())) {
			admin.alterConsumerGroupOffsets("billing", committed).all().get(30, TimeUnit.SECONDS);
		}
		eventually().untilAsserted(() -> {
			try (Admin admin = admin(destination())) {
				Map<TopicPartition, OffsetAndMetadata> synced = admin.listConsumerGroupOffsets("billing")
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
				assertThat(offsets(synced)).isEqualTo(offsets(committed));
			}
		});
		JsonNode group = get("/api/v1/links/" + LINK + "/consumer-groups/billing").expect(200).json();
		assertThat(group.toString()).contains("billing");
	}

	@Test
	@Order(4)
	void aSourceAclArrivesOnTheDestination() throws Exception {
		AclBinding read = new AclBinding(new ResourcePattern(ResourceType.TOPIC, ORDERS, PatternType.LITERAL),
				new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
		try (Admin admin = admin(source())) {
			admin.createAcls(List.of(read)).all().get(30, TimeUnit.SECONDS);
		}
		eventually().untilAsserted(() -> {
			try (Admin admin = admin(destination())) {
				assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)).contains(read);
			}
		});
	}

	@Test
	@Order(5)
	void aKilledWorkerIsReplacedUnderLoadWithNothingLostOrDoubled() throws Exception {
		createTopic(source(), PAYMENTS, 4);
		post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", PAYMENTS)).expect(201);
		eventually().until(() -> "ACTIVE".equals(mirror(PAYMENTS).path("state").asString())
				&& mirror(PAYMENTS).path("owner").path("live").asBoolean());
		JsonNode owner = mirror(PAYMENTS).path("owner");
		String killed = owner.path("instanceId").asString();
		long epoch = owner.path("epoch").asLong();

		AtomicBoolean producing = new AtomicBoolean(true);
		AtomicLong sent = new AtomicLong();
		Thread load = Thread.ofPlatform().name("e2e-load").start(() -> {
			while (producing.get()) {
				sent.addAndGet(produce(PAYMENTS, 2_000, sent.get()));
				pace(Duration.ofMillis(200));
			}
		});
		try {
			eventually().until(() -> sent.get() >= 10_000);
			this.stack.process(killed).kill();
			assertThat(this.stack.process(killed).isAlive()).isFalse();
			eventually().untilAsserted(() -> {
				JsonNode now = mirror(PAYMENTS).path("owner");
				assertThat(now.path("instanceId").asString()).isNotEqualTo(killed);
				assertThat(now.path("live").asBoolean()).isTrue();
				assertThat(now.path("epoch").asLong()).isGreaterThan(epoch);
			});
			long atTakeover = sent.get();
			eventually().until(() -> sent.get() >= atTakeover + 10_000);
		}
		finally {
			producing.set(false);
			load.join();
		}
		awaitCaughtUp(PAYMENTS);
		assertIdentical(PAYMENTS, sent.get());
		assertThat(mirror(ORDERS).path("state").asString()).isEqualTo("ACTIVE");
		assertIdentical(ORDERS, RECORDS);
	}

	@Test
	@Order(6)
	void aPromotedMirrorTakesWrites() throws Exception {
		// the planned migration's cutover in one call: fence the old producers, promote,
		// wait, report
		AclBinding fence = new AclBinding(new ResourcePattern(ResourceType.TOPIC, ORDERS, PatternType.LITERAL),
				new AccessControlEntry("User:legacy-app", "*", AclOperation.WRITE, AclPermissionType.DENY));
		JsonNode cutover = post("/api/v1/links/" + LINK + ":cutover", Map.of("mirrors", List.of(ORDERS), "fence",
				Map.of("principals", List.of("User:legacy-app")), "timeoutSeconds", 120))
			.expect(200)
			.json();
		assertThat(cutover.path("outcome").asString()).as(cutover.toString()).isEqualTo("completed");
		assertThat(cutover.path("mirrors").get(0).path("state").asString()).isEqualTo("STOPPED");
		assertThat(mirror(ORDERS).path("state").asString()).isEqualTo("STOPPED");
		try (Admin admin = admin(source())) {
			assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)).contains(fence);
		}
		post("/api/v1/links/" + LINK + ":unfence", Map.of("principals", List.of("User:legacy-app"))).expect(200);
		try (Admin admin = admin(source())) {
			assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
				.doesNotContain(fence);
		}
		Map<Integer, Long> ends = TopicEnds.of(destination(), ORDERS);
		try (KafkaProducer<byte[], byte[]> producer = producer(destination())) {
			RecordMetadata written = producer
				.send(new ProducerRecord<>(ORDERS, 0, "after".getBytes(StandardCharsets.UTF_8),
						"promotion".getBytes(StandardCharsets.UTF_8)))
				.get(30, TimeUnit.SECONDS);
			assertThat(written.offset()).isEqualTo(ends.get(0));
		}
		// the final offset sync of the promotion left the group where the source has it
		try (Admin admin = admin(destination())) {
			assertThat(admin.listConsumerGroupOffsets("billing")
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)
				.get(new TopicPartition(ORDERS, 1))
				.offset()).isEqualTo(2_500);
		}
	}

	/**
	 * The failback runbook's planned swap: the old source topic becomes a mirror of the
	 * promoted one through a link in the other direction, continuing at its end offset
	 * with nothing copied again; what the promoted topic took since, and a group's
	 * offsets, arrive back at the same offsets.
	 */
	@Test
	@Order(7)
	void aPromotedMirrorFailsBackWithNothingCopiedAgain() throws Exception {
		post("/api/v1/links", Map
			.of("name", BACK, "sourceCluster", "destination", "destinationCluster", "source", "configs", Map.of(
					"consumer.offset.sync.enable", true, "consumer.offset.sync.ms", 1000,
					"consumer.offset.group.filters",
					Map.of("groupFilters",
							List.of(Map.of("name", "failback-app", "patternType", "LITERAL", "filterType", "INCLUDE"),
									Map.of("name", "billing", "patternType", "LITERAL", "filterType", "INCLUDE"))))))
			.expect(201);
		Map<Integer, Long> oldEnds = TopicEnds.of(source(), ORDERS);
		String reverse = "/api/v1/links/" + LINK + "/mirrors/" + ORDERS + ":reverse";
		problem(post(reverse, Map.of("reverseLink", LINK)), 409, "reverse-refused");
		problem(post(reverse, Map.of()), 400, "validation-failed");

		JsonNode plan = post(reverse + "?dryRun=true", Map.of("reverseLink", BACK)).expect(200).json();
		assertThat(plan.path("mode").asString()).isEqualTo("planned-swap");
		assertThat(plan.path("recordsRecopied").asLong()).isZero();
		assertThat(plan.path("created").isNull()).isTrue();
		for (JsonNode partition : plan.path("partitions")) {
			assertThat(partition.path("startOffset").asLong())
				.isEqualTo(oldEnds.get(partition.path("partition").asInt()));
			assertThat(partition.path("tail").asString()).isEqualTo("identical");
		}
		assertThat(get("/api/v1/links/" + BACK + "/mirrors").json().path("totalItems").asLong()).isZero();

		JsonNode reversed = post(reverse, Map.of("reverseLink", BACK)).expect(201).json();
		assertThat(reversed.path("created").path("name").asString()).isEqualTo(ORDERS);
		// the groups that moved to the promoted topic (billing was synced onto it) follow
		// back
		JsonNode groupsBack = reversed.path("consumerOffsets");
		assertThat(groupsBack.path("syncEnabled").asBoolean()).as(groupsBack.toString()).isTrue();
		assertThat(groupsBack.path("groups").toString()).isEqualTo("[\"billing\"]");
		assertThat(groupsBack.path("status").asString()).isEqualTo("/api/v1/links/" + BACK + "/consumer-groups");
		long written = produce(destination(), ORDERS, 5_000, RECORDS + 1);
		Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
		TopicEnds.of(destination(), ORDERS)
			.forEach((partition, end) -> committed.put(new TopicPartition(ORDERS, partition),
					new OffsetAndMetadata(end - 1)));
		try (Admin admin = admin(destination())) {
			admin.alterConsumerGroupOffsets("failback-app", committed).all().get(30, TimeUnit.SECONDS);
		}
		eventually().untilAsserted(() -> {
			assertThat(get("/api/v1/links/" + BACK + "/mirrors/" + ORDERS).json().path("state").asString())
				.isEqualTo("ACTIVE");
			assertThat(TopicEnds.of(source(), ORDERS)).isEqualTo(TopicEnds.of(destination(), ORDERS));
		});
		TopicContents back = TopicContents.read(source(), ORDERS);
		TopicContents promoted = TopicContents.read(destination(), ORDERS);
		assertThat(back.size()).isEqualTo(RECORDS + 1 + written);
		assertThat(back.differencesTo(promoted)).as("records that differ").isEmpty();
		// what was copied back (from the old end offsets on) is verified too
		assertThat(verified(BACK, ORDERS).path("recordsCompared").asLong()).isEqualTo(1 + written);
		eventually().untilAsserted(() -> {
			try (Admin admin = admin(source())) {
				assertThat(offsets(admin.listConsumerGroupOffsets("failback-app")
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS))).isEqualTo(offsets(committed));
			}
		});
		// the reverse was audited with where copying back started
		assertThat(get("/api/v1/audit?entityType=mirror").json().toString()).contains("mirror.reverse");
	}

	/**
	 * The failback runbook after a disaster: the old source took records nobody mirrored
	 * after the failover. They are archived (and verified) before the old topic is
	 * deleted; the promoted topic is then copied back into a new one at identical
	 * offsets.
	 */
	@Test
	@Order(8)
	void afterAFailoverTheOldTopicIsArchivedAndCopiedBack() throws Exception {
		record(this.rest.postEmpty("/api/v1/links/" + LINK + "/mirrors/" + PAYMENTS + ":failover")).expect(200);
		eventually().until(() -> "STOPPED".equals(mirror(PAYMENTS).path("state").asString()));
		long leftBehind = produce(source(), PAYMENTS, 1_000, 10_000_000);
		produce(destination(), PAYMENTS, 2_000, 20_000_000);
		String reverse = "/api/v1/links/" + LINK + "/mirrors/" + PAYMENTS + ":reverse";
		problem(post(reverse, Map.of("reverseLink", BACK)), 409, "reverse-refused");

		JsonNode reversed = post(reverse, Map.of("reverseLink", BACK, "mode", "after-disaster")).expect(201).json();
		assertThat(reversed.path("recordsArchived").asLong()).isEqualTo(leftBehind);
		TopicContents archived = TopicContents.read(source(), reversed.path("archiveTopic").asString());
		assertThat(archived.size()).isEqualTo(leftBehind);
		eventually().untilAsserted(() -> {
			assertThat(get("/api/v1/links/" + BACK + "/mirrors/" + PAYMENTS).json().path("state").asString())
				.isEqualTo("ACTIVE");
			assertThat(TopicEnds.of(source(), PAYMENTS)).isEqualTo(TopicEnds.of(destination(), PAYMENTS));
		});
		TopicContents back = TopicContents.read(source(), PAYMENTS);
		TopicContents promoted = TopicContents.read(destination(), PAYMENTS);
		assertThat(back.size()).isEqualTo(promoted.size()).isEqualTo(reversed.path("recordsRecopied").asLong());
		assertThat(back.differencesTo(promoted)).as("records that differ").isEmpty();
		assertThat(verified(BACK, PAYMENTS).path("recordsCompared").asLong()).isEqualTo(back.size());
	}

	/**
	 * The active-active runbook: one bidirectional link, a prefix, a topic written on
	 * each cluster mirrored to the other at the same offsets; a mirror topic is never
	 * mirrored back.
	 */
	@Test
	@Order(9)
	void aBidirectionalLinkMirrorsBothWaysWithoutCycles() throws Exception {
		post("/api/v1/links", Map.of("name", PEER, "sourceCluster", "source", "destinationCluster", "destination",
				"configs", Map.of("link.mode", "BIDIRECTIONAL", "cluster.link.prefix", "peer.")))
			.expect(201);
		createTopic(source(), "clicks", 2);
		createTopic(destination(), "views", 2);
		long clicks = produce(source(), "clicks", 3_000, 0);
		long views = produce(destination(), "views", 2_000, 0);
		String mirrors = "/api/v1/links/" + PEER + "/mirrors";
		post(mirrors, Map.of("sourceTopic", "clicks")).expect(201);
		post(mirrors, Map.of("sourceTopic", "views", "direction", "reverse")).expect(201);
		eventually().untilAsserted(() -> {
			assertThat(TopicEnds.of(destination(), "peer.clicks")).isEqualTo(TopicEnds.of(source(), "clicks"));
			assertThat(TopicEnds.of(source(), "peer.views")).isEqualTo(TopicEnds.of(destination(), "views"));
		});
		TopicContents clicked = TopicContents.read(source(), "clicks");
		TopicContents viewed = TopicContents.read(destination(), "views");
		assertThat(clicked.size()).isEqualTo(clicks);
		assertThat(viewed.size()).isEqualTo(views);
		assertThat(clicked.differencesTo(TopicContents.read(destination(), "peer.clicks"))).isEmpty();
		assertThat(viewed.differencesTo(TopicContents.read(source(), "peer.views"))).isEmpty();
		// the verifier checks both directions: peer.views is read from the link's source
		// cluster
		assertThat(verified(PEER, "peer.clicks", destination()).path("recordsCompared").asLong()).isEqualTo(clicks);
		assertThat(verified(PEER, "peer.views", source()).path("recordsCompared").asLong()).isEqualTo(views);
		get("/api/v1/links/" + PEER + "/consumer-groups?direction=reverse").expect(200);
		JsonNode listed = get(mirrors).expect(200).json();
		assertThat(listed.path("totalItems").asLong()).isEqualTo(2);
		assertThat(listed.toString()).contains("\"direction\":\"reverse\"");
		// a mirror topic is never mirrored back: no cycles
		problem(post(mirrors, Map.of("sourceTopic", "peer.clicks", "direction", "reverse")), 409, "source-is-mirror");
		assertThat(get("/api/v1/links?size=500").json().toString()).doesNotContain("~reverse");
	}

	@Test
	@Order(10)
	void theDemoShowsBothSidesAtTheSameOffsets() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int exit = Demo.run(this.stack, new PrintStream(output, true, StandardCharsets.UTF_8));
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(printed).isZero();
		assertThat(printed).contains("12 records, identical at the same partition and offset on both clusters")
			.contains("consumer group demo-app committed on the source");
		TopicContents source = TopicContents.read(source(), Demo.TOPIC);
		assertThat(source.differencesTo(TopicContents.read(destination(), Demo.TOPIC))).isEmpty();
		assertThat(printed).doesNotContain("DIFFERENCES");
	}

	@Test
	@Order(11)
	void secretsNeverAppearInResponsesOrLogs() throws IOException {
		JsonNode cluster = get("/api/v1/clusters/source").expect(200).json();
		assertThat(cluster.path("properties").path("ssl.truststore.password").asString()).isEqualTo("[hidden]");
		String secretKey = Files.readString(this.stack.settings().workDir().resolve("secret.key")).trim();
		assertThat(this.responses).isNotEmpty().allSatisfy((response) -> {
			assertThat(response.text()).doesNotContain(SECRET).doesNotContain(secretKey);
			assertThat(response.text()).doesNotContain("\tat ").doesNotContain("Exception");
		});
		List<Path> logs;
		try (Stream<Path> files = Files.list(this.stack.settings().workDir().resolve("logs"))) {
			logs = files.toList();
		}
		assertThat(logs).hasSizeGreaterThanOrEqualTo(8);
		for (Path log : logs) {
			String text = Files.readString(log);
			assertThat(text).as(log.toString()).doesNotContain(SECRET).doesNotContain(secretKey);
		}
	}

	/**
	 * Issue 12: a cluster that is not Kafka (a server answering garbage, the stack's
	 * PostgreSQL) is refused before any client reads its reply, and no service suffers.
	 */
	@Test
	@Order(12)
	void aNonKafkaClusterHurtsNoService() throws Exception {
		Map<String, Integer> services = aliveServices();
		java.net.URI postgres = java.net.URI.create(TestPostgres.database().jdbcUrl().substring("jdbc:".length()));
		String postgresBootstrap = postgres.getHost() + ":" + ((postgres.getPort() > 0) ? postgres.getPort() : 5432);
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			post("/api/v1/clusters", Map.of("name", "junk", "bootstrapServers", garbage.bootstrap())).expect(201);
			post("/api/v1/clusters", Map.of("name", "pg", "bootstrapServers", postgresBootstrap)).expect(201);
			for (String cluster : List.of("junk", "pg")) {
				JsonNode check = record(this.rest.postEmpty("/api/v1/clusters/" + cluster + ":check")).expect(200)
					.json();
				assertThat(check.path("reachable").asBoolean()).isFalse();
				assertThat(check.path("error").asString()).endsWith("answered, but not as a Kafka broker");
			}
			problem(post("/api/v1/links?validateOnly=true",
					Map.of("name", "to-junk", "sourceCluster", "junk", "destinationCluster", "destination")), 503,
					"cluster-unavailable");
		}
		assertAliveAndReady(services);
	}

	/**
	 * Issue 12, the other services: a link is created to a real cluster that then moves
	 * to a garbage server, so the workers and both sync services build clients for it;
	 * each refuses them and stays up.
	 */
	@Test
	@Order(13)
	void aClusterThatMovesToAGarbageServerHurtsNoService() throws Exception {
		Map<String, Integer> services = aliveServices();
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			post("/api/v1/clusters", Map.of("name", "flip", "bootstrapServers", source())).expect(201);
			post("/api/v1/links", Map.of("name", "flipping", "sourceCluster", "flip", "destinationCluster",
					"destination", "configs",
					Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "1000",
							"consumer.offset.group.filters",
							Map.of("groupFilters",
									List.of(Map.of("name", "*", "patternType", "LITERAL", "filterType", "INCLUDE"))),
							"acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters",
							Map.of("aclFilters", List.of(Map.of("resourceFilter", Map.of("resourceType", "topic")))),
							"cluster.link.prefix", "flip.")))
				.expect(201);
			post("/api/v1/links/flipping/mirrors", Map.of("sourceTopic", ORDERS)).expect(201);
			eventually().until(() -> "ACTIVE"
				.equals(get("/api/v1/links/flipping/mirrors").json().path("items").path(0).path("state").asString()));
			long version = get("/api/v1/clusters/flip").json().path("version").asLong();
			record(this.rest.put("/api/v1/clusters/flip",
					Map.of("bootstrapServers", garbage.bootstrap(), "version", version)))
				.expect(200);

			// every service that builds clients for the moved cluster refuses it
			String refused = "vet(127.0.0.1:" + garbage.port() + "): NOT_KAFKA";
			eventually().untilAsserted(() -> {
				assertThat(read(this.stack.logOf("offset-sync"))).contains(refused);
				assertThat(read(this.stack.logOf("acl-sync"))).contains(refused);
				assertThat(services.keySet()
					.stream()
					.filter((name) -> name.startsWith("mirror-worker"))
					.anyMatch((name) -> read(this.stack.logOf(name)).contains(refused))).as("a worker refused it")
					.isTrue();
			});
			pace(Duration.ofSeconds(5)); // a few more rounds against it
		}
		assertAliveAndReady(services);
	}

	/**
	 * The command-line tool's runbook commands against the running suite, as an operator
	 * runs them: the single executable script the {@code cli} module builds, in its own
	 * process. {@code --wait} follows a new mirror to ACTIVE with lag 0 and then a
	 * promotion to STOPPED, exiting 0; the copy is identical at every offset.
	 */
	@Test
	@Order(14)
	void theCommandLineToolWaitsForCatchUpAndPromotion() throws Exception {
		Path script = Path.of("..", "cli", "target", "clusterlink").toAbsolutePath().normalize();
		assertThat(Files.isExecutable(script)).as("%s (built by the cli module's package phase)", script).isTrue();
		createTopic(source(), "cli-orders", 2);
		long written = produce(source(), "cli-orders", 4_000, 0);

		String created = cli(script, "mirror", "create", "cli-orders", "--link", LINK, "--wait", "--timeout", "3m");
		assertThat(TopicEnds.of(destination(), "cli-orders")).as(created)
			.isEqualTo(TopicEnds.of(source(), "cli-orders"));
		assertThat(mirror("cli-orders").path("state").asString()).isEqualTo("ACTIVE");

		String promoted = cli(script, "mirror", "promote", "cli-orders", "--link", LINK, "--wait", "--timeout", "3m");
		assertThat(mirror("cli-orders").path("state").asString()).as(promoted).isEqualTo("STOPPED");
		assertIdentical("cli-orders", written);
		String described = cli(script, "-o", "json", "mirror", "describe", "cli-orders", "--link", LINK);
		assertThat(described).contains("\"state\"").contains("STOPPED").doesNotContain(this.stack.adminKey());
	}

	/**
	 * Runs the CLI script with the stack's URL and key from the environment, under the
	 * test's JDK; it must exit 0.
	 * @return what it printed (stdout and stderr)
	 */
	private String cli(Path script, String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(script.toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("CLUSTERLINK_URL", this.stack.settings().apiUrl());
		builder.environment().put("CLUSTERLINK_API_KEY", this.stack.adminKey());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();
		assertThat(process.exitValue()).as("clusterlink %s:%n%s", String.join(" ", args), output).isZero();
		return output;
	}

	/**
	 * The service processes still running (a worker was killed above), by name, with
	 * their ports.
	 */
	private Map<String, Integer> aliveServices() {
		Map<String, Integer> services = new java.util.LinkedHashMap<>();
		services.put("link-manager", this.stack.settings().linkManagerPort());
		for (int i = 0; i < this.stack.settings().workerPorts().size(); i++) {
			services.put(StackSettings.workerName(i), this.stack.settings().workerPorts().get(i));
		}
		services.put("offset-sync", this.stack.settings().offsetSyncPort());
		services.put("acl-sync", this.stack.settings().aclSyncPort());
		services.keySet().removeIf((name) -> !this.stack.process(name).isAlive());
		return services;
	}

	private void assertAliveAndReady(Map<String, Integer> services) {
		for (Map.Entry<String, Integer> service : services.entrySet()) {
			assertThat(this.stack.process(service.getKey()).isAlive()).as(service.getKey() + " alive").isTrue();
			assertThat(
					new Rest("http://127.0.0.1:" + service.getValue(), null).get("/actuator/health/readiness").status())
				.as(service.getKey() + " ready")
				.isEqualTo(200);
			assertThat(read(this.stack.logOf(service.getKey()))).as(service.getKey() + " log")
				.doesNotContain("OutOfMemoryError");
		}
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	// ---------------------------------------------------------------------------------

	private void registerClusters() {
		// the source and the destination carry a (unused) secret property: every service
		// decrypts it and hands it to its Kafka clients, none may log or return it
		for (String[] cluster : new String[][] { { "source", source() }, { "destination", destination() } }) {
			post("/api/v1/clusters", Map.of("name", cluster[0], "bootstrapServers", cluster[1], "properties",
					Map.of("ssl.truststore.password", SECRET)))
				.expect(201);
		}
		post("/api/v1/clusters", Map.of("name", "vault", "bootstrapServers", "127.0.0.1:1", "properties",
				Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
						"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"link\" password=\""
								+ SECRET + "\";"),
				"acceptInsecureSasl", true))
			.expect(201);
		assertThat(get("/api/v1/clusters/vault").json().path("properties").path("sasl.jaas.config").asString())
			.isEqualTo("[hidden]");
	}

	private void awaitCaughtUp(String topic) {
		eventually().untilAsserted(() -> {
			JsonNode mirror = mirror(topic);
			assertThat(mirror.path("state").asString()).isEqualTo("ACTIVE");
			assertThat(TopicEnds.of(destination(), topic)).isEqualTo(TopicEnds.of(source(), topic));
		});
	}

	private void assertIdentical(String topic, long records) {
		TopicContents source = TopicContents.read(source(), topic);
		TopicContents destination = TopicContents.read(destination(), topic);
		assertThat(source.size()).isEqualTo(records);
		assertThat(destination.size()).isEqualTo(records);
		assertThat(source.differencesTo(destination)).as("records that differ").isEmpty();
	}

	/**
	 * Verifies a mirror with the link manager's verifier, once the worker has reported
	 * every record of the mirror topic as mirrored (the default range ends there); it
	 * must match.
	 */
	private JsonNode verified(String link, String mirror) {
		return verified(link, mirror, link.equals(BACK) ? source() : destination());
	}

	/** {@link #verified(String, String)} of a mirror topic on the cluster given. */
	private JsonNode verified(String link, String mirror, String bootstrap) {
		String path = "/api/v1/links/" + link + "/mirrors/" + mirror;
		eventually().untilAsserted(() -> {
			Map<Integer, Long> mirrored = new HashMap<>();
			get(path).expect(200)
				.json()
				.path("partitions")
				.forEach((partition) -> mirrored.put(partition.path("partition").asInt(),
						partition.path("mirroredOffset").asLong()));
			assertThat(mirrored).isEqualTo(TopicEnds.of(bootstrap, mirror));
		});
		String id = record(this.rest.postEmpty(path + ":verify")).expect(202).json().path("id").asString();
		JsonNode[] done = new JsonNode[1];
		eventually().until(() -> {
			done[0] = get(path + "/verifications/" + id).expect(200).json();
			String state = done[0].path("state").asString();
			return !state.equals("QUEUED") && !state.equals("RUNNING");
		});
		assertThat(done[0].path("state").asString()).as(done[0].toString()).isEqualTo("MATCHED");
		return done[0];
	}

	private JsonNode mirror(String name) {
		return get("/api/v1/links/" + LINK + "/mirrors/" + name).expect(200).json();
	}

	private void problem(Rest.Response response, int status, String code) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode body = response.json();
		assertThat(body.path("type").asString()).isEqualTo("urn:clusterlink:problem:" + code);
		assertThat(body.path("status").asInt()).isEqualTo(status);
		assertThat(body.path("detail").asString()).isNotBlank();
		assertThat(response.text()).doesNotContain("\tat ").doesNotContain("Exception");
	}

	private Rest.Response get(String path) {
		return record(this.rest.get(path));
	}

	private Rest.Response post(String path, Object body) {
		return record(this.rest.post(path, body));
	}

	private Rest.Response record(Rest.Response response) {
		this.responses.add(response);
		return response;
	}

	/** Produces records with keys, headers and explicit timestamps; returns how many. */
	private long produce(String topic, int count, long first) {
		return produce(source(), topic, count, first);
	}

	private static long produce(String bootstrap, String topic, int count, long first) {
		try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
			long now = System.currentTimeMillis();
			for (long i = first; i < first + count; i++) {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, now - 60_000 + (i % 1000),
						("key-" + i).getBytes(StandardCharsets.UTF_8), (i % 97 == 0) ? null
								: ("value-" + i + "-" + "x".repeat((int) (i % 200))).getBytes(StandardCharsets.UTF_8));
				record.headers().add("n", Long.toString(i).getBytes(StandardCharsets.UTF_8));
				producer.send(record);
			}
			producer.flush();
			return count;
		}
	}

	private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
		try (Admin admin = admin(bootstrap)) {
			admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
		return offsets.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != null)
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	private String source() {
		return this.stack.settings().sourceBootstrap();
	}

	private String destination() {
		return this.stack.settings().destinationBootstrap();
	}

	private static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500));
	}

	/**
	 * Spaces the load generator's batches (a steady load, not a wait for some state: the
	 * test waits on state with {@link #eventually()}).
	 */
	private static void pace(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
	}

}
