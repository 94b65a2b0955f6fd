package dev.clusterlink.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clusterlink.stack.StackSettings.Database;
import dev.clusterlink.testsupport.TestCa;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.bouncycastle.asn1.x509.GeneralName;
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
 * Issue 12, transport: the links connect to secured listeners only. The source broker's
 * {@code LINK} listener is SASL_SSL with SCRAM-SHA-512, the destination's is mutual TLS
 * (a client certificate is required); both use certificates of a CA made for this run,
 * and both clusters are registered with inline PEM (trust, and for mutual TLS the client
 * key and chain). A link runs each way, so each protocol serves as source and as
 * destination; mirroring (identical offsets, every offset compared), offset sync and ACL
 * sync run over them. Host name verification stays on. The refused cases check the
 * status, the problem type, that nothing was stored, and the audit log.
 * <p>
 * One stack for the whole class (one mirror worker): starting one takes minutes on a
 * two-core machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransportSecurityIT {

	/** The SASL_SSL/SCRAM cluster (the source broker's link listener). */
	private static final String SCRAM = "scram-cluster";

	/** The mutual-TLS cluster (the destination broker's link listener). */
	private static final String MTLS = "mtls-cluster";

	private static final String SCRAM_USER = "clusterlink";

	private static final String SCRAM_PASSWORD = "scram-" + UUID.randomUUID();

	/** The links' client certificate subject: {@code User:CN=clusterlink-link}. */
	private static final String CLIENT_SUBJECT = "CN=clusterlink-link";

	/** Mirrored by the link from the SCRAM cluster to the mutual-TLS cluster. */
	private static final String NORTH = "north";

	/** Mirrored by the link from the mutual-TLS cluster to the SCRAM cluster. */
	private static final String SOUTH = "south";

	private static final Map<String, Object> LINK_CONFIGS = Map.of("consumer.offset.sync.enable", true,
			"consumer.offset.sync.ms", 1000, "consumer.offset.group.filters",
			Map.of("groupFilters", List.of(Map.of("name", "*", "patternType", "LITERAL", "filterType", "INCLUDE"))),
			"acl.sync.enable", true, "acl.sync.ms", 1000, "acl.filters",
			Map.of("aclFilters", List.of(Map.of("resourceFilter", Map.of("resourceType", "topic")))));

	private final List<Rest.Response> responses = Collections.synchronizedList(new ArrayList<>());

	private final TestCa ca = TestCa.create("clusterlink-test-ca");

	private final TestCa.Issued client = this.ca.issue(CLIENT_SUBJECT.substring(3), List.of());

	private final int sourceLinkPort = Ports.free();

	private final int destinationLinkPort = Ports.free();

	private LocalStack stack;

	private Rest rest;

	private Database db;

	private long started;

	@BeforeAll
	void startStack() {
		this.started = System.nanoTime();
		Path root = Path.of(System.getProperty("clusterlink.root", "..")).toAbsolutePath().normalize();
		Path workDir = Path.of("target", "transport-stack").toAbsolutePath();
		WorkDirs.delete(workDir);
		// a database of its own next to the run's test database: EndToEndIT's stack runs
		// in the same JVM, and a stack's database keeps its API keys
		TestPostgres.Database test = TestPostgres.database();
		String name = StateStoreDatabase.databaseName(test.jdbcUrl()) + "_transport";
		this.db = new Database(StateStoreDatabase.withDatabase(test.jdbcUrl(), name), test.username(), test.password());
		TestCa.Issued sourceServer = this.ca.issue("kafka-source", TestCa.LOCAL);
		TestCa.Issued destinationServer = this.ca.issue("kafka-destination", TestCa.LOCAL);
		KafkaBroker.LinkListener sourceLink = KafkaBroker.LinkListener.saslSsl(this.sourceLinkPort,
				Map.of(SCRAM_USER, SCRAM_PASSWORD), new KafkaBroker.Tls(sourceServer.privateKey(),
						sourceServer.certificateChain(), this.ca.certificatePem(), false),
				List.of(SCRAM_USER));
		KafkaBroker.LinkListener destinationLink = KafkaBroker.LinkListener.ssl(this.destinationLinkPort,
				new KafkaBroker.Tls(destinationServer.privateKey(), destinationServer.certificateChain(),
						this.ca.certificatePem(), true),
				List.of(CLIENT_SUBJECT));
		StackSettings settings = new StackSettings(root, workDir, this.db, Ports.freePair(), Ports.freePair(),
				Ports.free(), Ports.free(), Ports.free(), List.of(Ports.free()),
				Map.of("CLUSTERLINK_WORKER_LEASETTL", "10s", "CLUSTERLINK_WORKER_LEASERENEWINTERVAL", "1s",
						"CLUSTERLINK_WORKER_SESSIONTIMEOUT", "6s", "CLUSTERLINK_WORKER_RECONCILEINTERVAL", "1s",
						"CLUSTERLINK_WORKER_STATUSINTERVAL", "500ms", "CLUSTERLINK_WORKER_FENCEMARGIN", "4s",
						"CLUSTERLINK_WORKER_PRODUCER_REQUESTTIMEOUT", "3s"));
		this.stack = LocalStack.of(settings, false, sourceLink, destinationLink);
		Runtime.getRuntime().addShutdownHook(new Thread(this.stack::down));
		this.stack.up();
		this.rest = this.stack.rest();
		System.out.printf("TransportSecurityIT: stack up in %d s%n", elapsedSeconds());
	}

	@AfterAll
	void stopStack() {
		if (this.stack != null) {
			this.stack.down();
			assertThat(this.stack.processes()).isEmpty();
			System.out.printf("TransportSecurityIT: done, with the stack down, in %d s%n", elapsedSeconds());
			StateStoreDatabase.drop(this.db);
		}
	}

	@Test
	@Order(1)
	void insecureRegistrationsAreRefusedAndLeaveNothing() {
		Map<String, String> saslPlaintext = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism",
				"SCRAM-SHA-512", "sasl.jaas.config", scramJaas(SCRAM_PASSWORD));
		JsonNode inClear = problem(
				post("/api/v1/clusters",
						Map.of("name", "sasl-in-clear", "bootstrapServers", sourceLink(), "properties", saslPlaintext)),
				400, "validation-failed");
		assertThat(inClear.path("detail").asString()).contains("acceptInsecureSasl");
		assertNothingStored("sasl-in-clear");

		Map<String, String> noHostnameCheck = new HashMap<>(scramProperties(SCRAM_PASSWORD));
		noHostnameCheck.put("ssl.endpoint.identification.algorithm", "");
		JsonNode noCheck = problem(post("/api/v1/clusters",
				Map.of("name", "no-hostname-check", "bootstrapServers", sourceLink(), "properties", noHostnameCheck)),
				400, "invalid-client-property");
		assertThat(noCheck.path("detail").asString()).contains("ssl.endpoint.identification.algorithm");
		assertNothingStored("no-hostname-check");
		// an accepted cluster cannot be switched to either afterwards
		post("/api/v1/clusters", Map.of("name", "switched", "bootstrapServers", sourceLink(), "properties",
				scramProperties(SCRAM_PASSWORD)))
			.expect(201);
		long version = get("/api/v1/clusters/switched").expect(200).json().path("version").asLong();
		problem(record(this.rest.put("/api/v1/clusters/switched",
				Map.of("bootstrapServers", sourceLink(), "properties", noHostnameCheck, "version", version))), 400,
				"invalid-client-property");
		problem(record(this.rest.put("/api/v1/clusters/switched",
				Map.of("bootstrapServers", sourceLink(), "properties", saslPlaintext, "version", version))), 400,
				"validation-failed");
		JsonNode unchanged = get("/api/v1/clusters/switched").expect(200).json();
		assertThat(unchanged.path("version").asLong()).isEqualTo(version);
		assertThat(unchanged.path("properties").path("security.protocol").asString()).isEqualTo("SASL_SSL");
		// the refused updates are on record, with the problem each got; no change is
		assertThat(auditActions("switched")).containsExactly("cluster.create", "refused.put", "refused.put");
		assertThat(auditEntries("switched").stream()
			.skip(1)
			.map((entry) -> entry.path("details").path("problem").asString()))
			.containsExactly("invalid-client-property", "validation-failed");
		record(this.rest.delete("/api/v1/clusters/switched")).expect(204);
	}

	@Test
	@Order(2)
	void securedClustersRegisterWithInlinePemStoredEncrypted() throws Exception {
		post("/api/v1/clusters",
				Map.of("name", SCRAM, "bootstrapServers", sourceLink(), "properties", scramProperties(SCRAM_PASSWORD)))
			.expect(201);
		post("/api/v1/clusters",
				Map.of("name", MTLS, "bootstrapServers", destinationLink(), "properties", mtlsProperties(this.client)))
			.expect(201);
		for (String cluster : List.of(SCRAM, MTLS)) {
			JsonNode check = record(this.rest.postEmpty("/api/v1/clusters/" + cluster + ":check")).expect(200).json();
			assertThat(check.path("reachable").asBoolean()).as(check.toString()).isTrue();
			assertThat(check.path("brokerCount").asInt()).isEqualTo(1);
		}
		JsonNode scram = get("/api/v1/clusters/" + SCRAM).expect(200).json().path("properties");
		assertThat(scram.path("sasl.jaas.config").asString()).isEqualTo("[hidden]");
		assertThat(scram.path("ssl.truststore.certificates").asString()).isEqualTo(this.ca.certificatePem());
		JsonNode mtls = get("/api/v1/clusters/" + MTLS).expect(200).json().path("properties");
		assertThat(mtls.path("ssl.keystore.key").asString()).isEqualTo("[hidden]");
		assertThat(mtls.path("ssl.keystore.certificate.chain").asString()).isEqualTo(this.client.certificateChain());

		// at rest: the private key and the SCRAM password are encrypted, in the clusters
		// table and anywhere else (the audit log keeps property names only)
		String stored = rows("clusters") + rows("audit_log");
		assertThat(stored).contains(SCRAM).contains(MTLS).contains("ssl.keystore.key");
		assertThat(stored).doesNotContain(SCRAM_PASSWORD)
			.doesNotContain(this.client.privateKeyBody())
			.doesNotContain("BEGIN PRIVATE KEY");
		assertThat(auditActions(SCRAM)).containsExactly("cluster.create");
		assertThat(auditActions(MTLS)).containsExactly("cluster.create");
	}

	@Test
	@Order(3)
	void aCertificateFromAnotherCaFailsTheCheckAndNoLinkIsMade() {
		TestCa other = TestCa.create("some-other-ca");
		Map<String, String> properties = new HashMap<>(scramProperties(SCRAM_PASSWORD));
		properties.put("ssl.truststore.certificates", other.certificatePem());
		post("/api/v1/clusters",
				Map.of("name", "untrusted", "bootstrapServers", sourceLink(), "properties", properties))
			.expect(201);
		assertTlsFailure(check("untrusted"),
				"the server's certificate is not issued by a CA of the trust store (ssl.truststore.*)");
		// a link may be created while a cluster is down; its validation says why it
		// would not work
		problem(post("/api/v1/links?validateOnly=true",
				Map.of("name", "untrusted-link", "sourceCluster", "untrusted", "destinationCluster", MTLS)), 503,
				"cluster-unavailable");
		problem(get("/api/v1/links/untrusted-link"), 404, "link-not-found");
		assertThat(auditEntries("untrusted-link")).isEmpty();
	}

	/**
	 * Host name verification is on: a certificate of the trusted CA for another name
	 * fails the handshake, while the same server with the right names passes it (and is
	 * then found not to be Kafka).
	 */
	@Test
	@Order(4)
	void aServerCertificateForAnotherNameFailsTheCheck() throws Exception {
		TestCa.Issued elsewhere = this.ca.issue("elsewhere",
				List.of(new GeneralName(GeneralName.dNSName, "elsewhere.invalid"),
						new GeneralName(GeneralName.iPAddress, "192.0.2.1")));
		TestCa.Issued local = this.ca.issue("local", TestCa.LOCAL);
		Map<String, String> trustOnly = Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM",
				"ssl.truststore.certificates", this.ca.certificatePem());
		try (TestCa.TlsServer wrongName = elsewhere.serve(); TestCa.TlsServer rightName = local.serve()) {
			post("/api/v1/clusters",
					Map.of("name", "wrong-name", "bootstrapServers", wrongName.bootstrap(), "properties", trustOnly))
				.expect(201);
			post("/api/v1/clusters",
					Map.of("name", "right-name", "bootstrapServers", rightName.bootstrap(), "properties", trustOnly))
				.expect(201);
			assertTlsFailure(check("wrong-name"),
					"the server's certificate does not name the bootstrap host (host name verification is on)");
			JsonNode control = check("right-name");
			assertThat(control.path("reachable").asBoolean()).isFalse();
			assertThat(control.path("error").asString()).as("past TLS, then not Kafka")
				.doesNotStartWith("authentication failed");
		}
	}

	@Test
	@Order(5)
	void mutualTlsWithoutAClientCertificateFailsTheCheck() {
		post("/api/v1/clusters",
				Map.of("name", "no-client-cert", "bootstrapServers", destinationLink(), "properties",
						Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM", "ssl.truststore.certificates",
								this.ca.certificatePem())))
			.expect(201);
		JsonNode check = check("no-client-cert");
		assertTlsFailure(check, "the listener requires a client certificate it trusts (mutual TLS: ssl.keystore.*)");
		assertThat(check.path("error").asString()).as("not mistaken for a non-Kafka endpoint")
			.doesNotContain("not as a Kafka broker");
		// a client certificate of another CA is refused the same way
		TestCa.Issued stranger = TestCa.create("some-other-ca").issue(CLIENT_SUBJECT.substring(3), List.of());
		post("/api/v1/clusters", Map.of("name", "stranger-cert", "bootstrapServers", destinationLink(), "properties",
				mtlsProperties(stranger)))
			.expect(201);
		JsonNode strangerCheck = check("stranger-cert");
		assertThat(strangerCheck.path("reachable").asBoolean()).isFalse();
		assertThat(strangerCheck.path("error").asString()).startsWith("authentication failed: SSL handshake failed");
	}

	@Test
	@Order(6)
	void aWrongScramPasswordFailsTheCheckAsAnAuthenticationFailure() {
		String wrong = "wrong-" + UUID.randomUUID();
		post("/api/v1/clusters", Map.of("name", "wrong-password", "bootstrapServers", sourceLink(), "properties",
				scramProperties(wrong)))
			.expect(201);
		JsonNode check = check("wrong-password");
		assertThat(check.path("reachable").asBoolean()).isFalse();
		assertThat(check.path("error").asString())
			.isEqualTo("authentication failed: the cluster rejected the credentials");
		assertThat(check.toString()).doesNotContain(wrong);
	}

	@Test
	@Order(7)
	void topicsAreMirroredBothWaysAtIdenticalOffsets() throws Exception {
		createTopic(source(), NORTH, 3);
		createTopic(destination(), SOUTH, 2);
		produce(source(), NORTH, 3_000, 0);
		produce(destination(), SOUTH, 2_000, 0);
		post("/api/v1/links", Map.of("name", "northward", "sourceCluster", SCRAM, "destinationCluster", MTLS, "configs",
				LINK_CONFIGS))
			.expect(201);
		post("/api/v1/links", Map.of("name", "southward", "sourceCluster", MTLS, "destinationCluster", SCRAM, "configs",
				LINK_CONFIGS))
			.expect(201);
		post("/api/v1/links/northward/mirrors", Map.of("sourceTopic", NORTH)).expect(201);
		post("/api/v1/links/southward/mirrors", Map.of("sourceTopic", SOUTH)).expect(201);
		awaitCaughtUp("northward", NORTH, source(), destination());
		awaitCaughtUp("southward", SOUTH, destination(), source());
		// and records written while the mirrors run
		produce(source(), NORTH, 1_000, 3_000);
		produce(destination(), SOUTH, 1_000, 2_000);
		awaitCaughtUp("northward", NORTH, source(), destination());
		awaitCaughtUp("southward", SOUTH, destination(), source());
		assertIdentical(NORTH, source(), destination(), 4_000);
		assertIdentical(SOUTH, destination(), source(), 3_000);
		assertThat(mirror("northward", NORTH).path("offsetMode").asString()).isEqualTo("IDENTICAL");
		assertThat(mirror("southward", SOUTH).path("offsetMode").asString()).isEqualTo("IDENTICAL");
	}

	@Test
	@Order(8)
	void consumerGroupOffsetsAreSyncedBothWays() throws Exception {
		Map<TopicPartition, OffsetAndMetadata> north = Map.of(new TopicPartition(NORTH, 0), new OffsetAndMetadata(10),
				new TopicPartition(NORTH, 1), new OffsetAndMetadata(200), new TopicPartition(NORTH, 2),
				new OffsetAndMetadata(0));
		Map<TopicPartition, OffsetAndMetadata> south = Map.of(new TopicPartition(SOUTH, 0), new OffsetAndMetadata(7),
				new TopicPartition(SOUTH, 1), new OffsetAndMetadata(300));
		commit(source(), "north-readers", north);
		commit(destination(), "south-readers", south);
		eventually().untilAsserted(() -> {
			assertThat(committed(destination(), "north-readers")).isEqualTo(offsets(north));
			assertThat(committed(source(), "south-readers")).isEqualTo(offsets(south));
		});
	}

	@Test
	@Order(9)
	void aReadAclOnAMirroredTopicIsSyncedBothWays() throws Exception {
		AclBinding northRead = readAcl(NORTH, "User:alice");
		AclBinding southRead = readAcl(SOUTH, "User:bob");
		try (Admin admin = admin(source())) {
			admin.createAcls(List.of(northRead)).all().get(30, TimeUnit.SECONDS);
		}
		try (Admin admin = admin(destination())) {
			admin.createAcls(List.of(southRead)).all().get(30, TimeUnit.SECONDS);
		}
		eventually().untilAsserted(() -> {
			assertThat(acls(destination())).contains(northRead);
			assertThat(acls(source())).contains(southRead);
		});
		// the links still write their topics with ACLs on them (the link principals are
		// super users on the secured listeners)
		produce(source(), NORTH, 100, 4_000);
		awaitCaughtUp("northward", NORTH, source(), destination());
		assertIdentical(NORTH, source(), destination(), 4_100);
	}

	@Test
	@Order(10)
	void noSecretAppearsInResponsesOrLogs() throws IOException {
		assertThat(this.responses).isNotEmpty().allSatisfy((response) -> {
			assertThat(response.text()).doesNotContain(SCRAM_PASSWORD)
				.doesNotContain(this.client.privateKeyBody())
				.doesNotContain("BEGIN PRIVATE KEY");
			assertThat(response.text()).doesNotContain("\tat ").doesNotContain("Exception");
		});
		List<Path> logs;
		try (Stream<Path> files = Files.list(this.stack.settings().workDir().resolve("logs"))) {
			logs = files.toList();
		}
		for (Path log : logs) {
			String text = Files.readString(log);
			assertThat(text).as(log.toString())
				.doesNotContain(SCRAM_PASSWORD)
				.doesNotContain(this.client.privateKeyBody());
		}
	}

	// ---------------------------------------------------------------------------------

	private Map<String, String> scramProperties(String password) {
		return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
				scramJaas(password), "ssl.truststore.type", "PEM", "ssl.truststore.certificates",
				this.ca.certificatePem(), "ssl.endpoint.identification.algorithm", "https");
	}

	private static String scramJaas(String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + SCRAM_USER
				+ "\" password=\"" + password + "\";";
	}

	private Map<String, String> mtlsProperties(TestCa.Issued certificate) {
		return Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.keystore.key",
				certificate.privateKey(), "ssl.keystore.certificate.chain", certificate.certificateChain(),
				"ssl.truststore.type", "PEM", "ssl.truststore.certificates", this.ca.certificatePem());
	}

	private JsonNode check(String cluster) {
		JsonNode check = record(this.rest.postEmpty("/api/v1/clusters/" + cluster + ":check")).expect(200).json();
		System.out.printf("TransportSecurityIT: %s:check -> %s%n", cluster, check);
		return check;
	}

	/**
	 * A clear TLS failure that echoes nothing: no PEM, no bytes of the endpoint's reply.
	 */
	private void assertTlsFailure(JsonNode check, String reason) {
		assertThat(check.path("reachable").asBoolean()).as(check.toString()).isFalse();
		assertThat(check.path("error").asString()).as(check.toString())
			.isEqualTo("authentication failed: SSL handshake failed: " + reason);
		assertThat(check.toString()).doesNotContain("-----BEGIN")
			.doesNotContain(this.ca.certificatePem().lines().skip(1).findFirst().orElseThrow());
	}

	/**
	 * A refused registration left no cluster and no audit entry of a change (its refusal
	 * is recorded under the cluster collection, {@code -}).
	 */
	private void assertNothingStored(String cluster) {
		problem(get("/api/v1/clusters/" + cluster), 404, "cluster-not-found");
		assertThat(auditEntries(cluster)).as("audit entries of " + cluster).isEmpty();
		assertThat(rows("clusters")).doesNotContain(cluster);
	}

	private List<String> auditActions(String entityName) {
		return auditEntries(entityName).stream().map((entry) -> entry.path("action").asString()).toList();
	}

	/** The audit entries of an entity, oldest first; pages or plain lists alike. */
	private List<JsonNode> auditEntries(String entityName) {
		JsonNode body = get("/api/v1/audit?entityName=" + entityName + "&size=100").expect(200).json();
		JsonNode items = body.isArray() ? body : body.path("items");
		List<JsonNode> entries = new ArrayList<>();
		items.forEach(entries::add);
		Collections.reverse(entries); // newest first
		return entries;
	}

	/** Every row of a table as text, straight from the state store. */
	private String rows(String table) {
		try (Connection connection = DriverManager.getConnection(this.db.url(), this.db.user(), this.db.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select t::text from " + table + " t")) {
			StringBuilder text = new StringBuilder();
			while (rows.next()) {
				text.append(rows.getString(1)).append('\n');
			}
			return text.toString();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("could not read " + table, ex);
		}
	}

	private JsonNode problem(Rest.Response response, int status, String code) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode body = response.json();
		assertThat(body.path("type").asString()).isEqualTo("urn:clusterlink:problem:" + code);
		assertThat(body.path("status").asInt()).isEqualTo(status);
		assertThat(body.path("detail").asString()).isNotBlank();
		return body;
	}

	private void awaitCaughtUp(String link, String topic, String from, String to) {
		eventually().untilAsserted(() -> {
			assertThat(mirror(link, topic).path("state").asString()).isEqualTo("ACTIVE");
			assertThat(TopicEnds.of(to, topic)).isEqualTo(TopicEnds.of(from, topic));
		});
	}

	private static void assertIdentical(String topic, String from, String to, long records) {
		TopicContents original = TopicContents.read(from, topic);
		TopicContents copy = TopicContents.read(to, topic);
		assertThat(original.size()).isEqualTo(records);
		assertThat(copy.size()).isEqualTo(records);
		assertThat(original.differencesTo(copy)).as("records that differ").isEmpty();
	}

	private JsonNode mirror(String link, String topic) {
		return get("/api/v1/links/" + link + "/mirrors/" + topic).expect(200).json();
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

	/**
	 * Records with keys, values (some null), headers and explicit timestamps, written to
	 * the broker's PLAINTEXT listener (the test's own client).
	 */
	private static void produce(String bootstrap, String topic, int count, long first) {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.LINGER_MS_CONFIG, 5),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			long now = System.currentTimeMillis();
			for (long i = first; i < first + count; i++) {
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, now - 60_000 + (i % 1000),
						("key-" + i).getBytes(StandardCharsets.UTF_8),
						(i % 61 == 0) ? null : (topic + "-" + i + "-" + "v".repeat((int) (i % 50)))
							.getBytes(StandardCharsets.UTF_8));
				record.headers().add("n", Long.toString(i).getBytes(StandardCharsets.UTF_8));
				record.headers().add("topic", topic.getBytes(StandardCharsets.UTF_8));
				producer.send(record);
			}
			producer.flush();
		}
	}

	private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
		try (Admin admin = admin(bootstrap)) {
			admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static void commit(String bootstrap, String group, Map<TopicPartition, OffsetAndMetadata> offsets)
			throws Exception {
		try (Admin admin = admin(bootstrap)) {
			admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static Map<TopicPartition, Long> committed(String bootstrap, String group) throws Exception {
		try (Admin admin = admin(bootstrap)) {
			return offsets(
					admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
		}
	}

	private static AclBinding readAcl(String topic, String principal) {
		return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
				new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW));
	}

	private static java.util.Collection<AclBinding> acls(String bootstrap) throws Exception {
		try (Admin admin = admin(bootstrap)) {
			return admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
		}
	}

	private static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
		Map<TopicPartition, Long> plain = new LinkedHashMap<>();
		offsets.forEach((partition, offset) -> {
			if (offset != null) {
				plain.put(partition, offset.offset());
			}
		});
		return plain.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/** The broker's PLAINTEXT listener, for the test's own clients (a super user). */
	private String source() {
		return this.stack.settings().sourceBootstrap();
	}

	private String destination() {
		return this.stack.settings().destinationBootstrap();
	}

	/** The source broker's SASL_SSL listener, for the links. */
	private String sourceLink() {
		return "127.0.0.1:" + this.sourceLinkPort;
	}

	/** The destination broker's mutual-TLS listener, for the links. */
	private String destinationLink() {
		return "127.0.0.1:" + this.destinationLinkPort;
	}

	private long elapsedSeconds() {
		return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - this.started);
	}

	private static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500));
	}

}
