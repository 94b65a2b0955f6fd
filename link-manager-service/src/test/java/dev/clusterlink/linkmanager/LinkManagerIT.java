package dev.clusterlink.linkmanager;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.security.ApiKeyFormat;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Base of the link manager's integration tests: the whole application against a real
 * PostgreSQL (a fresh database per test run) and two real Kafka clusters (embedded KRaft
 * brokers; the destination is also the control cluster). Tests share one application
 * context; every test uses its own names.
 */
@SpringBootTest(properties = { "clusterlink.link-manager.admin-timeout=3s",
		"clusterlink.link-manager.availability-check-interval=1s", "clusterlink.link-manager.auto-create-interval=1s",
		"logging.level.dev.clusterlink=DEBUG", "logging.level.org.springframework.web=DEBUG",
		"logging.level.org.apache.kafka.clients.admin.AdminClientConfig=INFO",
		// MockMvc reaches one context only: the Actuator stays beside the API here
		// (ManagementPortIT
		// checks the separate port)
		"management.server.port=${server.port:8080}",
		// tests run requests back to back; LimitsIT checks the limit
		"clusterlink.security.rate-limit.requests-per-second=10000", "clusterlink.security.rate-limit.burst=10000",
		// VerificationApiIT waits for the sweep of verifications whose link manager died
		"clusterlink.verify.stale-after=10s" })
@AutoConfigureMockMvc
public abstract class LinkManagerIT {

	/**
	 * A fixed test key, so that tests can build a cipher that reads what the service
	 * stored.
	 */
	public static final String SECRET_KEY = "q3n7TGvZ0F3m0pYt3d8Wk0q8x7yW3f1c4Jk2sZr9Lx0=";

	/** A key the service knows as a previous key, as after a rotation. */
	public static final String OLD_SECRET_KEY = "dGhpcy1pcy10aGUtb2xkLWtleS0zMi1ieXRlcy1sb24=";

	/**
	 * The admin key the service creates at its first start
	 * ({@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY}); every request sends it unless a test
	 * says otherwise ({@link #callAs}).
	 */
	public static final String ADMIN_KEY = "clk_testadmin001_" + "A".repeat(20) + "bootstrap-admin-key-sec";

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	protected MockMvc mvc;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestPostgres.Database db = TestPostgres.database();
		registry.add("spring.datasource.url", db::jdbcUrl);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
		registry.add("clusterlink.control.bootstrap-servers", TestKafka::destinationBootstrap);
		registry.add("clusterlink.secret.key", () -> SECRET_KEY);
		registry.add("clusterlink.secret.previous", () -> OLD_SECRET_KEY);
		registry.add("clusterlink.security.bootstrap-admin-key", () -> ADMIN_KEY);
	}

	/** A name no other test uses. */
	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Performs a request as the bootstrap admin. */
	protected ResultActions call(MockHttpServletRequestBuilder request) throws Exception {
		return callAs(ADMIN_KEY, request);
	}

	/**
	 * Performs a request with an API key, or with none when {@code apiKey} is
	 * {@code null}.
	 */
	protected ResultActions callAs(String apiKey, MockHttpServletRequestBuilder request) throws Exception {
		if (apiKey != null) {
			request.header(ApiKeyFormat.HEADER, apiKey);
		}
		return this.mvc.perform(request);
	}

	protected ResultActions postJson(String path, Object body) throws Exception {
		return call(post(path).contentType(MediaType.APPLICATION_JSON).content(json(body)));
	}

	protected ResultActions putJson(String path, Object body) throws Exception {
		return call(put(path).contentType(MediaType.APPLICATION_JSON).content(json(body)));
	}

	protected ResultActions patchJson(String path, Object body) throws Exception {
		return call(patch(path).contentType("application/merge-patch+json").content(json(body)));
	}

	protected ResultActions getJson(String path) throws Exception {
		return call(get(path));
	}

	protected ResultActions deletePath(String path) throws Exception {
		return call(delete(path));
	}

	protected static String json(Object body) {
		return (body instanceof String text) ? text : JSON.writeValueAsString(body);
	}

	protected static JsonNode body(ResultActions result) throws Exception {
		return JSON.readTree(result.andReturn().getResponse().getContentAsString());
	}

	/** Asserts an RFC 9457 problem of a type, naming a field when one is given. */
	protected static ResultActions expectProblem(ResultActions result, int status, String code, String field)
			throws Exception {
		result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:clusterlink:problem:" + code))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.title").isNotEmpty())
			.andExpect(jsonPath("$.detail").isNotEmpty())
			.andExpect(jsonPath("$.trace").doesNotExist());
		if (field != null) {
			result.andExpect(jsonPath("$.field").value(field));
		}
		return result;
	}

	/**
	 * Registers the two test clusters under fresh names; returns {source, destination}.
	 */
	protected String[] registerClusters() throws Exception {
		String source = unique("src");
		String destination = unique("dst");
		postJson("/api/v1/clusters", Map.of("name", source, "bootstrapServers", TestKafka.sourceBootstrap()))
			.andExpect(status().isCreated());
		postJson("/api/v1/clusters", Map.of("name", destination, "bootstrapServers", TestKafka.destinationBootstrap()))
			.andExpect(status().isCreated());
		return new String[] { source, destination };
	}

	/** Creates a link between fresh clusters; returns its name. */
	protected String createLink(Map<String, Object> configs) throws Exception {
		String[] clusters = registerClusters();
		String link = unique("link");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1],
				"configs", configs))
			.andExpect(status().isCreated());
		return link;
	}

	protected static void createSourceTopic(String topic, int partitions) throws Exception {
		createTopic(TestKafka.sourceBootstrap(), topic, partitions);
	}

	protected static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
		try (Admin admin = admin(bootstrap)) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	protected static boolean topicExists(String bootstrap, String topic) throws Exception {
		try (Admin admin = admin(bootstrap)) {
			return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
		}
	}

	protected static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	/** Runs an update on the test database (a test playing the worker or a fault). */
	protected static void sql(String sql, Object... args) throws Exception {
		try (var connection = TestPostgres.database().connect(); var statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.executeUpdate();
		}
	}

	/** The first column of the one row a query must answer, as text. */
	protected static String query(String sql, Object... args) throws Exception {
		try (var connection = TestPostgres.database().connect(); var statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			try (var rs = statement.executeQuery()) {
				if (!rs.next()) {
					throw new AssertionError("no row for: " + sql);
				}
				return rs.getString(1);
			}
		}
	}

	/** The id of a mirror, by its link row's name and its name. */
	protected static UUID mirrorId(String link, String mirror) throws Exception {
		return UUID.fromString(
				query("select m.id from mirrors m join links l on l.id = m.link_id where l.name = ? and m.name = ?",
						link, mirror));
	}

}
