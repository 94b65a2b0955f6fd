package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest {

	static final String FILE = """
			clusters:
			  - name: eu
			    bootstrapServers: eu:9092
			    properties:
			      security.protocol: SASL_SSL
			      sasl.jaas.config: ${env:EU_JAAS}
			  - name: us
			    bootstrapServers: us:9092
			links:
			  - name: eu-to-us
			    sourceCluster: eu
			    destinationCluster: us
			    configs:
			      cluster.link.prefix: eu.
			      consumer.offset.sync.ms: 10000
			    mirrors:
			      - orders
			      - {sourceTopic: payments, name: pay}
			""";

	final DesiredState desired = DesiredState.parse(FILE, "links.yaml");

	@Test
	void anEmptyRunningStateCreatesEverythingInOrder() {
		Plan plan = plan(new Plan.Running(Map.of(), Map.of(), Map.of()), false);

		assertThat(plan.changes()).extracting((c) -> c.action() + " " + c.kind() + " " + c.name())
			.containsExactly("create cluster eu", "create cluster us", "create link eu-to-us",
					"create mirror eu-to-us/eu.orders", "create mirror eu-to-us/pay");
		assertThat(plan.changes().get(0).keys()).contains(new Plan.KeyChange("sasl.jaas.config", null, "***"));
	}

	@Test
	void theRunningStateAsTheFileSaysIsNoChangeEvenWithHiddenSecretsAndNumbersAsStrings() {
		assertThat(plan(running(), false).changes()).isEmpty();
	}

	@Test
	void changedKeysAreListedAndSecretsMasked() {
		Plan.Running running = running();
		((tools.jackson.databind.node.ObjectNode) running.clusters().get("eu")).put("bootstrapServers", "old:9092");
		((tools.jackson.databind.node.ObjectNode) running.links().get("eu-to-us").path("configs")).set("acl.sync.ms",
				json("{\"value\": 7000, \"isDefault\": false}"));
		((tools.jackson.databind.node.ObjectNode) running.links().get("eu-to-us").path("configs"))
			.set("consumer.offset.sync.ms", json("{\"value\": 30000, \"isDefault\": true}"));

		Plan plan = plan(running, false);

		assertThat(plan.changes()).extracting((c) -> c.action() + " " + c.kind() + " " + c.name())
			.containsExactly("update cluster eu", "update link eu-to-us");
		assertThat(plan.changes().get(0).keys())
			.containsExactly(new Plan.KeyChange("bootstrapServers", "old:9092", "eu:9092"));
		assertThat(plan.changes().get(1).keys()).containsExactly(new Plan.KeyChange("acl.sync.ms", "7000", null),
				new Plan.KeyChange("consumer.offset.sync.ms", "30000", "10000"));
		String rendered = render(plan);
		assertThat(rendered).contains("~ cluster eu (update)", "    ~ bootstrapServers: old:9092 -> eu:9092",
				"    - acl.sync.ms: 7000 (back to the default)", "0 to create, 2 to update, 0 to delete");
	}

	@Test
	void pruneDeletesWhatTheFileDoesNotNameMirrorsBeforeLinksBeforeClusters() {
		Plan.Running running = running();
		running.clusters()
			.put("old", json("{\"name\": \"old\", \"bootstrapServers\": \"old:9092\", \"properties\": {}}"));
		running.links()
			.put("old-link", json(
					"{\"name\": \"old-link\", \"sourceCluster\": \"old\", \"destinationCluster\": \"us\", \"configs\": {}}"));
		running.mirrorsByLink()
			.put("old-link", List.of(json("{\"name\": \"t\", \"sourceTopic\": \"t\", \"direction\": \"forward\"}")));
		running.mirrorsByLink()
			.get("eu-to-us")
			.add(json("{\"name\": \"eu.extra\", \"sourceTopic\": \"extra\", \"direction\": \"forward\"}"));

		assertThat(plan(running, false).changes()).isEmpty();
		assertThat(plan(running, true).changes()).extracting((c) -> c.action() + " " + c.kind() + " " + c.name())
			.containsExactly("delete mirror eu-to-us/eu.extra", "delete mirror old-link/t", "delete link old-link",
					"delete cluster old");
	}

	@Test
	void aLinkCannotMoveToOtherClusters() {
		Plan.Running running = running();
		((tools.jackson.databind.node.ObjectNode) running.links().get("eu-to-us")).put("destinationCluster", "ap");

		assertThatThrownBy(() -> plan(running, false)).isInstanceOf(CliException.class)
			.hasMessageContaining("link eu-to-us: destinationCluster cannot change (running: ap, file: us)");
	}

	@Test
	void structuredPlanForJsonAndYaml() {
		JsonNode structured = Declarative.structured(plan(new Plan.Running(Map.of(), Map.of(), Map.of()), false));

		assertThat(structured.path("summary").path("create").asInt()).isEqualTo(5);
		assertThat(structured.path("changes").get(0).path("keys").toString()).doesNotContain("EU_JAAS");
	}

	private Plan plan(Plan.Running running, boolean prune) {
		return Plan.between(this.desired, running, prune, (where, value) -> value);
	}

	static Plan.Running running() {
		Map<String, JsonNode> clusters = new java.util.LinkedHashMap<>();
		clusters.put("eu", json("""
				{"name": "eu", "bootstrapServers": "eu:9092", "version": 3,
				 "properties": {"security.protocol": "SASL_SSL", "sasl.jaas.config": "[hidden]"}}"""));
		clusters.put("us", json("{\"name\": \"us\", \"bootstrapServers\": \"us:9092\", \"properties\": {}}"));
		Map<String, JsonNode> links = new java.util.LinkedHashMap<>();
		links.put("eu-to-us", json("""
				{"name": "eu-to-us", "sourceCluster": "eu", "destinationCluster": "us", "version": 1, "configs": {
				  "cluster.link.prefix": {"value": "eu.", "isDefault": false},
				  "consumer.offset.sync.ms": {"value": "10000", "isDefault": false},
				  "acl.sync.ms": {"value": 5000, "isDefault": true}}}"""));
		Map<String, List<JsonNode>> mirrors = new java.util.LinkedHashMap<>();
		mirrors.put("eu-to-us",
				new java.util.ArrayList<>(List.of(
						json("{\"name\": \"eu.orders\", \"sourceTopic\": \"orders\", \"direction\": \"forward\"}"),
						json("{\"name\": \"pay\", \"sourceTopic\": \"payments\", \"direction\": \"forward\"}"))));
		return new Plan.Running(clusters, links, mirrors);
	}

	static JsonNode json(String text) {
		return Api.JSON.readTree(text);
	}

	private static String render(Plan plan) {
		StringWriter out = new StringWriter();
		Declarative.render(plan, new Printer(new PrintWriter(out), Printer.Format.human), false);
		return out.toString();
	}

}
