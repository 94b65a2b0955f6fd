package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI against the real link manager, started in this JVM on a random port with a real
 * PostgreSQL and two embedded Kafka brokers. Commands run through picocli with captured
 * stdout and stderr; URL and key come from the environment map, as
 * {@code CLUSTERLINK_URL} and {@code CLUSTERLINK_API_KEY} would. There is no mirror
 * worker here: mirrors stay PENDING, so {@code --wait} is exercised up to its timeout
 * (the way to STOPPED is WaiterTest's, on scripted states).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

	static final String SECRET_KEY = "q3n7TGvZ0F3m0pYt3d8Wk0q8x7yW3f1c4Jk2sZr9Lx0=";

	static final String ADMIN_KEY = "clk_cliadmin0001_" + "A".repeat(20) + "bootstrap-admin-key-sec";

	static ConfigurableApplicationContext linkManager;

	static int port;

	@TempDir
	Path dir;

	@BeforeAll
	static void startLinkManager() throws Exception {
		TestPostgres.Database db = TestPostgres.database();
		Map<String, Object> properties = new java.util.HashMap<>();
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		properties.put("spring.datasource.url", db.jdbcUrl());
		properties.put("spring.datasource.username", db.username());
		properties.put("spring.datasource.password", db.password());
		properties.put("clusterlink.control.bootstrap-servers", TestKafka.destinationBootstrap());
		properties.put("clusterlink.secret.key", SECRET_KEY);
		properties.put("clusterlink.security.bootstrap-admin-key", ADMIN_KEY);
		properties.put("clusterlink.link-manager.admin-timeout", "3s");
		properties.put("clusterlink.security.rate-limit.requests-per-second", 10000);
		properties.put("clusterlink.security.rate-limit.burst", 10000);
		// the application's class comes from link-manager-service's unpacked jar (see the
		// pom)
		Class<?> application = Class.forName("dev.clusterlink.linkmanager.LinkManagerApplication");
		// as command-line arguments: they must win over application.yml's defaults
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		linkManager = new SpringApplicationBuilder(application).run(args);
		port = Integer.parseInt(linkManager.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	static void stopLinkManager() {
		if (linkManager != null) {
			linkManager.close();
		}
	}

	record Result(int code, String out, String err) {

		JsonNode json() {
			return Api.JSON.readTree(this.out);
		}

		JsonNode yaml() {
			return YAMLMapper.builder().build().readTree(this.out);
		}

	}

	Result run(String... args) {
		return runWith(Map.of("JAAS", "org.apache.kafka.common.security.scram.ScramLoginModule required "
				+ "username=\"link\" password=\"pa55w0rd\";"), args);
	}

	Result runWith(Map<String, String> extraEnv, String... args) {
		Map<String, String> env = new java.util.HashMap<>(extraEnv);
		env.put("CLUSTERLINK_URL", "http://127.0.0.1:" + port);
		env.put("CLUSTERLINK_API_KEY", ADMIN_KEY);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = Clusterlink
			.commandLine(new Clusterlink(env, this.dir, false), new PrintWriter(out, true), new PrintWriter(err, true))
			.execute(args);
		// the transcript, for failsafe's output file
		System.out.println("$ clusterlink " + String.join(" ", args) + "\n" + out + err + "(exit " + code + ")");
		assertThat(out.toString() + err.toString()).doesNotContain(ADMIN_KEY).doesNotContain("\tat ");
		return new Result(code, out.toString(), err.toString());
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static void createSourceTopic(String topic) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.sourceBootstrap()))) {
			admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
		}
	}

	@Test
	@Order(1)
	void apiKeysCreateListUseRevoke() {
		String name = unique("ci");
		Result created = run("apikey", "create", name, "--role", "viewer", "-o", "json");
		assertThat(created.code()).isZero();
		String key = created.json().path("key").asString();
		assertThat(key).startsWith("clk_");

		Result list = run("apikey", "list", "-o", "json");
		assertThat(list.code()).isZero();
		assertThat(list.json().findValuesAsString("name")).contains(name);
		assertThat(list.out()).doesNotContain(key);

		assertThat(run("cluster", "list", "--api-key", key).code()).isZero();
		Result forbidden = run("apikey", "create", unique("x"), "--role", "admin", "--api-key", key);
		assertThat(forbidden.code()).isEqualTo(ExitCodes.API_ERROR);
		assertThat(forbidden.err()).startsWith("error: forbidden: ").hasLineCount(1).doesNotContain(key);

		assertThat(run("apikey", "revoke", name, "--dry-run").code()).isZero();
		assertThat(run("cluster", "list", "--api-key", key).code()).isZero();
		assertThat(run("apikey", "revoke", name).out()).contains("revoked key " + name);
		Result revoked = run("cluster", "list", "--api-key", key);
		assertThat(revoked.code()).isEqualTo(ExitCodes.API_ERROR);
		assertThat(revoked.err()).startsWith("error: unauthenticated: ").doesNotContain(key);
	}

	@Test
	@Order(2)
	void clustersLinksAndMirrorsOneCommandAtATime() throws Exception {
		String src = unique("src");
		String dst = unique("dst");
		String link = unique("link");
		String topic = unique("orders");
		String mirror = "p." + topic;
		createSourceTopic(topic);

		assertThat(run("cluster", "register", src, "--bootstrap-servers", TestKafka.sourceBootstrap()).code()).isZero();
		assertThat(run("cluster", "register", dst, "--bootstrap-servers", TestKafka.destinationBootstrap(), "--dry-run")
			.out()).contains("dry run: would register cluster " + dst);
		assertThat(run("cluster", "describe", dst).err()).startsWith("error: cluster-not-found: ");
		assertThat(run("cluster", "register", dst, "--bootstrap-servers", TestKafka.destinationBootstrap()).code())
			.isZero();
		assertThat(run("cluster", "list", "-o", "json").json().findValuesAsString("name")).contains(src, dst);
		Result check = run("cluster", "check", src, "-o", "json");
		assertThat(check.code()).isZero();
		assertThat(check.json().path("reachable").asBoolean()).isTrue();

		Result dryLink = run("link", "create", link, "--source", src, "--destination", dst, "-c",
				"cluster.link.prefix=p.", "--dry-run", "-o", "json");
		assertThat(dryLink.code()).isZero();
		assertThat(dryLink.json().path("validateOnly").asBoolean()).isTrue();
		assertThat(run("link", "describe", link).err()).startsWith("error: link-not-found: ");
		assertThat(run("link", "create", link, "--source", src, "--destination", dst, "-c", "cluster.link.prefix=p.")
			.out()).contains("created link " + link);
		assertThat(run("link", "list", "-o", "yaml").yaml().findValuesAsString("name")).contains(link);

		assertThat(run("link", "update", link, "-c", "consumer.offset.sync.ms=10000", "--dry-run").out())
			.contains("consumer.offset.sync.ms: 30000 -> 10000");
		assertThat(configValue(link, "consumer.offset.sync.ms")).isEqualTo("30000");
		assertThat(run("link", "update", link, "-c", "consumer.offset.sync.ms=10000").code()).isZero();
		assertThat(configValue(link, "consumer.offset.sync.ms")).isEqualTo("10000");
		assertThat(run("link", "describe", link).out()).contains("state: ACTIVE", "  cluster.link.prefix: p.\n",
				"  consumer.offset.sync.ms: 10000\n", "  link.mode: UNIDIRECTIONAL (default)\n");

		// created, then waited for: without a worker it never catches up
		Result created = run("mirror", "create", topic, "--link", link, "--wait", "--timeout", "1s");
		assertThat(created.code()).isEqualTo(ExitCodes.TIMEOUT);
		assertThat(created.out()).contains("created mirror " + mirror + " on link " + link + " (PENDING)");
		assertThat(created.err()).startsWith(link + "/" + mirror + ": PENDING, lag unknown")
			.endsWith("error: timeout: " + link + "/" + mirror + " is still PENDING after 1s (--timeout)\n");
		Result again = run("mirror", "create", topic, "--link", link);
		assertThat(again.code()).isEqualTo(ExitCodes.API_ERROR);
		assertThat(again.err()).matches("error: (mirror-exists|destination-topic-exists): .*\\R").hasLineCount(1);
		assertThat(again.out()).isEmpty();

		Result list = run("mirror", "list", "--link", link, "-o", "json");
		assertThat(list.json().findValuesAsString("name")).containsExactly(mirror);
		assertThat(run("mirror", "list", "--link", link).out()).contains("NAME", mirror, "PENDING");
		Result describe = run("mirror", "describe", mirror, "--link", link, "-o", "yaml");
		assertThat(describe.yaml().path("state").asString()).isEqualTo("PENDING");
		assertThat(describe.yaml().path("sourceTopic").asString()).isEqualTo(topic);

		Result dryPause = run("mirror", "pause", mirror, "--link", link, "--dry-run");
		assertThat(dryPause.out()).startsWith("dry run: " + link + "/" + mirror + ": PENDING -> PAUSED");
		assertThat(state(link, mirror)).isEqualTo("PENDING");
		assertThat(run("mirror", "pause", mirror, "--link", link).code()).isZero();
		assertThat(state(link, mirror)).isEqualTo("PAUSED");
		assertThat(run("mirror", "resume", mirror, "--link", link).code()).isZero();
		assertThat(state(link, mirror)).isEqualTo("PENDING");

		// a bad call: promote needs ACTIVE
		Result promote = run("mirror", "promote", mirror, "--link", link, "--dry-run");
		assertThat(promote.code()).isEqualTo(ExitCodes.API_ERROR);
		assertThat(promote.err()).startsWith("error: illegal-transition: ").hasLineCount(1);

		Result cutover = run("link", "cutover", link, "--mirror", mirror, "--dry-run", "-o", "json");
		assertThat(cutover.code()).isEqualTo(ExitCodes.API_ERROR);
		assertThat(cutover.json().path("outcome").asString()).isEqualTo("dry-run");
		assertThat(cutover.err()).startsWith(
				"error: cutover-refused: the cutover would be refused (dry run): " + mirror + ": illegal-transition: ");
		Result dryCreate = run("mirror", "create", topic, "--link", link, "--dry-run");
		assertThat(dryCreate.err()).startsWith("error: mirror-exists: ");
		assertThat(state(link, mirror)).isEqualTo("PENDING");

		// failover is allowed from PENDING; without a worker it never reaches STOPPED
		Result failover = run("mirror", "failover", mirror, "--link", link, "--wait", "--timeout", "2s");
		assertThat(failover.code()).isEqualTo(ExitCodes.TIMEOUT);
		assertThat(failover.out()).contains(link + "/" + mirror + ": PENDING -> PENDING_STOPPED");
		assertThat(failover.err()).contains(link + "/" + mirror + ": PENDING_STOPPED")
			.contains("error: timeout: " + link + "/" + mirror + " is still PENDING_STOPPED after 2s (--timeout)");

		Result audit = run("audit", "--entity-type", "link", "--entity-name", link, "-o", "json");
		assertThat(audit.code()).isZero();
		assertThat(audit.json().findValuesAsString("action")).contains("link.create");
		Result groups = run("consumer-group", "list", "--link", link, "-o", "json");
		assertThat(groups.code()).isZero();
		assertThat(groups.json().path("link").asString()).isEqualTo(link);
		assertThat(run("consumer-group", "describe", "nope", "--link", link).err())
			.startsWith("error: group-not-found: ");

		assertThat(run("link", "delete", link, "--dry-run").err()).startsWith("error: link-has-mirrors: ");
		assertThat(run("mirror", "delete", mirror, "--link", link).code()).isZero();
		assertThat(run("link", "delete", link).code()).isZero();
		assertThat(run("cluster", "delete", src).code()).isZero();
		assertThat(run("cluster", "delete", dst).code()).isZero();
	}

	@Test
	@Order(3)
	void applyIsIdempotentDiffShowsChangesPruneDeletes() throws Exception {
		String orders = unique("orders");
		String payments = unique("payments");
		createSourceTopic(orders);
		createSourceTopic(payments);
		String file = """
				clusters:
				  - name: cl-src
				    bootstrapServers: %s
				  - name: cl-dst
				    bootstrapServers: %s
				  - name: cl-vault
				    bootstrapServers: vault-kafka:9093
				    properties:
				      security.protocol: SASL_SSL
				      sasl.mechanism: SCRAM-SHA-512
				      sasl.jaas.config: ${env:JAAS}
				links:
				  - name: cl-link
				    sourceCluster: cl-src
				    destinationCluster: cl-dst
				    configs:
				      cluster.link.prefix: a.
				      consumer.offset.sync.ms: %s
				    mirrors:
				      - %s
				      - %s
				""";
		Path links = this.dir.resolve("links.yaml");
		Files.writeString(links,
				file.formatted(TestKafka.sourceBootstrap(), TestKafka.destinationBootstrap(), 10000, orders, payments));

		Result diff = run("diff", "-f", links.toString());
		assertThat(diff.code()).isZero();
		assertThat(diff.out())
			.contains("+ cluster cl-vault (create)", "    + sasl.jaas.config: ***", "+ link cl-link (create)",
					"+ mirror cl-link/a." + orders + " (create)", "6 to create, 0 to update, 0 to delete")
			.doesNotContain("pa55w0rd");

		Result dryRun = run("apply", "-f", links.toString(), "--dry-run");
		assertThat(dryRun.out()).startsWith("dry run: nothing changed").contains("6 to create");
		assertThat(run("cluster", "describe", "cl-src").code()).isEqualTo(ExitCodes.API_ERROR);

		Result apply = run("apply", "-f", links.toString());
		assertThat(apply.code()).as(apply.err()).isZero();
		assertThat(apply.out()).contains("created cluster cl-src", "created link cl-link",
				"created mirror cl-link/a." + payments, "applied: 6 created, 0 updated, 0 deleted");
		assertThat(run("mirror", "list", "--link", "cl-link", "-o", "json").json().findValuesAsString("name"))
			.containsExactlyInAnyOrder("a." + orders, "a." + payments);

		Result second = run("apply", "-f", links.toString());
		assertThat(second.code()).isZero();
		assertThat(second.out()).isEqualTo("no changes" + System.lineSeparator());
		assertThat(run("diff", "-f", links.toString(), "-o", "json").json().path("changes")).isEmpty();

		// change a config, drop a mirror and the vault cluster from the file
		Files.writeString(links,
				file.formatted(TestKafka.sourceBootstrap(), TestKafka.destinationBootstrap(), 20000, orders, orders)
					.replaceAll("(?s)  - name: cl-vault.*?\\$\\{env:JAAS}\n", "")
					.replace("      - " + orders + "\n      - " + orders + "\n", "      - " + orders + "\n"));
		Result changed = run("diff", "-f", links.toString());
		assertThat(changed.out()).contains("~ link cl-link (update)", "    ~ consumer.offset.sync.ms: 10000 -> 20000",
				"0 to create, 1 to update, 0 to delete");
		Result pruneDiff = run("diff", "-f", links.toString(), "--prune", "-o", "json");
		assertThat(pruneDiff.json().path("changes").findValuesAsString("name")).containsExactly("cl-link",
				"cl-link/a." + payments, "cl-vault");

		Result withoutPrune = run("apply", "-f", links.toString());
		assertThat(withoutPrune.out()).contains("updated link cl-link", "0 deleted").doesNotContain("deleted mirror");
		assertThat(configValue("cl-link", "consumer.offset.sync.ms")).isEqualTo("20000");
		assertThat(run("cluster", "describe", "cl-vault").code()).isZero();

		Result prune = run("apply", "-f", links.toString(), "--prune");
		assertThat(prune.code()).as(prune.err()).isZero();
		assertThat(prune.out()).contains("deleted mirror cl-link/a." + payments, "deleted cluster cl-vault");
		assertThat(run("cluster", "describe", "cl-vault").err()).startsWith("error: cluster-not-found: ");
		assertThat(run("apply", "-f", links.toString(), "--prune").out())
			.isEqualTo("no changes" + System.lineSeparator());

		Path inline = this.dir.resolve("inline.yaml");
		Files.writeString(inline, """
				clusters:
				  - name: leaky
				    bootstrapServers: x:9092
				    properties:
				      ssl.truststore.password: changeit
				""");
		Result refused = run("apply", "-f", inline.toString());
		assertThat(refused.code()).isEqualTo(ExitCodes.CONFIG);
		assertThat(refused.err()).contains("property ssl.truststore.password holds a credential inline")
			.doesNotContain("changeit");
	}

	private String configValue(String link, String key) {
		return run("link", "describe", link, "-o", "json").json().path("configs").path(key).path("value").asString();
	}

	private String state(String link, String mirror) {
		return run("mirror", "describe", mirror, "--link", link, "-o", "json").json().path("state").asString();
	}

}
