package dev.clusterlink.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules and the Grafana dashboard of {@code observability/} tell the truth:
 * promtool accepts the rules and their unit tests pass, every metric they name is one the
 * services register, and the Kubernetes PrometheusRule carries exactly the rules file's
 * groups. Without promtool on the PATH the promtool checks are skipped, unless
 * {@code CLUSTERLINK_REQUIRE_PROMTOOL=1} (CI) makes them fail.
 */
class ObservabilityFilesTest {

	private static final Path RULES = Repo.path("observability", "prometheus", "clusterlink-rules.yml");

	private static final Path RULE_TESTS = Repo.path("observability", "prometheus", "clusterlink-rules.test.yml");

	private static final Path DASHBOARD = Repo.path("observability", "grafana", "clusterlink.json");

	private static final Path PROMETHEUS_RULE = Repo.path("k8s", "monitoring", "prometheus-rule.yaml");

	/** Prometheus's own series. */
	private static final Set<String> BUILT_IN = Set.of("up");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left",
			"group_right", "inf", "nan");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	@Test
	void promtoolChecksTheRules() throws Exception {
		promtool("check", "rules", RULES.toString());
	}

	@Test
	void promtoolUnitTestsOfTheRulesPass() throws Exception {
		promtool("test", "rules", RULE_TESTS.toString());
	}

	@Test
	void theRulesNameOnlyMetricsTheServicesRegister() {
		assertThat(unknown(ruleExpressions()))
			.as("metrics in %s that no service registers", Repo.ROOT.relativize(RULES))
			.isEmpty();
	}

	@Test
	void theDashboardNamesOnlyMetricsTheServicesRegister() {
		List<String> expressions = dashboardExpressions();
		assertThat(expressions).hasSizeGreaterThan(20);
		assertThat(unknown(expressions)).as("metrics in %s that no service registers", Repo.ROOT.relativize(DASHBOARD))
			.isEmpty();
	}

	@Test
	void theDashboardShowsWhatOperatorsNeed() {
		String dashboard = Repo.read(DASHBOARD);
		assertThat(dashboard).contains(
				"histogram_quantile(0.99, sum by (le, link, topic) (rate(clusterlink_mirror_replication_latency_seconds_bucket")
			.contains("clusterlink_mirror_records_copied_total")
			.contains("clusterlink_mirror_partition_lag_records")
			.contains("clusterlink_store_mirrors")
			.contains("clusterlink_store_link_task_update_age_seconds")
			.contains("clusterlink_lease_lost_total")
			.contains("kafka_producer_buffer_available_bytes");
		JsonNode root = JsonMapper.shared().readTree(dashboard);
		assertThat(root.get("uid").asString()).isEqualTo("clusterlink");
		for (JsonNode panel : root.get("panels")) {
			if (!"row".equals(panel.get("type").asString())) {
				assertThat(panel.get("datasource").get("uid").asString()).as(panel.get("title").asString())
					.isEqualTo("${datasource}");
			}
		}
	}

	@Test
	void thePrometheusRuleCarriesExactlyTheRulesFile() {
		Object groups = Yaml.at(Yaml.read(RULES), "groups");
		Map<String, Object> resource = Yaml.read(PROMETHEUS_RULE);
		assertThat(Yaml.textAt(resource, "kind")).isEqualTo("PrometheusRule");
		assertThat(Yaml.at(resource, "spec", "groups")).as("spec.groups of %s", Repo.ROOT.relativize(PROMETHEUS_RULE))
			.isEqualTo(groups);
	}

	@Test
	void theComposePrometheusLoadsTheRulesAndGrafanaTheDashboard() {
		Map<String, Object> config = Yaml.read(Repo.path("observability", "prometheus", "prometheus.yml"));
		assertThat(Yaml.listAt(config, "rule_files")).contains("/etc/prometheus/clusterlink-rules.yml");
		List<String> jobs = Yaml.listAt(config, "scrape_configs")
			.stream()
			.map((job) -> Yaml.textAt(job, "job_name"))
			.toList();
		assertThat(jobs).contains("link-manager", "mirror-worker", "offset-sync", "acl-sync");
		Map<String, Object> compose = Yaml.read(Repo.path("docker-compose.yml"));
		assertThat(Yaml.mapAt(compose, "services")).containsKeys("prometheus", "grafana");
		assertThat(Repo.read(Repo.path("observability", "grafana", "provisioning", "dashboards", "clusterlink.yml")))
			.contains("/var/lib/grafana/dashboards");
	}

	@Test
	void theCheckFindsEveryMetricOfAnExpressionAndNamesAsPrometheusDoes() {
		assertThat(metricsIn("histogram_quantile(0.99, sum by (le, link) (rate(a_bucket{le=\"1.0\",x=~\"y|z\"}[5m])))"
				+ " > 3 * on (link) group_left max by (link) (b_seconds) and c_total == 1 or absent(up{job=\"w\"} == 1)"
				+ " / 1e9"))
			.containsExactlyInAnyOrder("a_bucket", "b_seconds", "c_total", "up");
		assertThat(MetricNames.namesIn("""
				Counter.builder("clusterlink.a").register(r);
				FunctionCounter.builder("clusterlink.b", x, f).baseUnit("bytes").register(r);
				Gauge.builder("clusterlink.c", x, f).baseUnit("records").register(r);
				Timer.builder("clusterlink.d").publishPercentileHistogram().register(r);
				MultiGauge.builder("clusterlink.e").baseUnit("seconds").register(r);
				""")).containsExactlyInAnyOrder("clusterlink_a_total", "clusterlink_b_bytes_total",
				"clusterlink_c_records", "clusterlink_d_seconds", "clusterlink_d_seconds_count",
				"clusterlink_d_seconds_sum", "clusterlink_d_seconds_max", "clusterlink_d_seconds_bucket",
				"clusterlink_e_seconds");
		assertThat(unknown(List.of("clusterlink_mirror_lag_records + clusterlink_mirror_lag"))).singleElement()
			.asString()
			.startsWith("clusterlink_mirror_lag ");
	}

	/** Names in the expressions that are neither registered by a service nor built in. */
	private static Set<String> unknown(List<String> expressions) {
		Set<String> known = new TreeSet<>(MetricNames.clusterlink());
		known.addAll(MetricNames.kafkaClients());
		known.addAll(BUILT_IN);
		Set<String> unknown = new TreeSet<>();
		for (String expression : expressions) {
			for (String name : metricsIn(expression)) {
				if (!known.contains(name)) {
					unknown.add(name + " (in " + expression + ")");
				}
			}
		}
		return unknown;
	}

	/** The metric names a PromQL expression reads. */
	static Set<String> metricsIn(String expression) {
		String stripped = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(stripped);
		while (identifier.find()) {
			String rest = stripped.substring(identifier.end()).stripLeading();
			if (!rest.startsWith("(") && !KEYWORDS.contains(identifier.group())) {
				names.add(identifier.group());
			}
		}
		return names;
	}

	private static List<String> ruleExpressions() {
		List<String> expressions = new ArrayList<>();
		for (Object group : Yaml.listAt(Yaml.read(RULES), "groups")) {
			for (Object rule : Yaml.listAt(group, "rules")) {
				expressions.add(Yaml.textAt(rule, "expr"));
			}
		}
		return expressions;
	}

	private static List<String> dashboardExpressions() {
		List<String> expressions = new ArrayList<>();
		JsonNode root = JsonMapper.shared().readTree(Repo.read(DASHBOARD));
		for (JsonNode panel : root.get("panels")) {
			JsonNode targets = panel.get("targets");
			if (targets != null) {
				targets.forEach((target) -> expressions.add(target.get("expr").asString()));
			}
		}
		root.get("templating").get("list").forEach((variable) -> {
			JsonNode definition = variable.get("definition");
			if (definition != null) {
				expressions.add(definition.asString().replaceAll("^label_values\\(([^,]+),.*$", "$1"));
			}
		});
		return expressions;
	}

	private static void promtool(String... args) throws IOException, InterruptedException {
		boolean required = "1".equals(System.getenv("CLUSTERLINK_REQUIRE_PROMTOOL"));
		boolean present = onPath("promtool");
		if (!present && required) {
			throw new AssertionError(
					"promtool is not on the PATH, and CLUSTERLINK_REQUIRE_PROMTOOL=1 (install Debian's "
							+ "prometheus package, or Prometheus's release archive)");
		}
		assumeTrue(present, "promtool is not on the PATH (set CLUSTERLINK_REQUIRE_PROMTOOL=1 to fail instead)");
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
		assertThat(process.exitValue()).as("%s exited with:%n%s", String.join(" ", command), output).isZero();
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

}
