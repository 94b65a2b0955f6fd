package dev.clusterlink.linkmanager.cluster;

import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestKafka;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Lifecycle of a cluster through the API: register, list, describe, check, update,
 * delete, delete again.
 */
class ClusterApiIT extends LinkManagerIT {

	private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
			+ "username=\"link\" password=\"s3cr3t-pw\";";

	@Test
	void clusterLifecycle() throws Exception {
		String name = unique("eu");
		postJson("/api/v1/clusters",
				Map.of("name", name, "bootstrapServers", TestKafka.sourceBootstrap(), "properties",
						Map.of("client.dns.lookup", "use_all_dns_ips", "request.timeout.ms", "20000")))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, "/api/v1/clusters/" + name))
			.andExpect(header().string(HttpHeaders.ETAG, "\"0\""))
			.andExpect(jsonPath("$.name").value(name))
			.andExpect(jsonPath("$.version").value(0))
			.andExpect(jsonPath("$.properties['request.timeout.ms']").value("20000"));

		getJson("/api/v1/clusters?size=500").andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].name", hasItem(name)));
		getJson("/api/v1/clusters/" + name).andExpect(status().isOk())
			.andExpect(jsonPath("$.bootstrapServers").value(TestKafka.sourceBootstrap()));

		call(post("/api/v1/clusters/" + name + ":check")).andExpect(status().isOk())
			.andExpect(jsonPath("$.reachable").value(true))
			.andExpect(jsonPath("$.clusterId").isNotEmpty())
			.andExpect(jsonPath("$.brokerCount").value(1))
			.andExpect(jsonPath("$.error").doesNotExist());

		putJson("/api/v1/clusters/" + name,
				Map.of("bootstrapServers", TestKafka.sourceBootstrap(), "properties", Map.of(), "version", 0))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.properties").isEmpty());

		call(delete("/api/v1/clusters/" + name)).andExpect(status().isNoContent());
		expectProblem(getJson("/api/v1/clusters/" + name), 404, "cluster-not-found", null);
		expectProblem(call(delete("/api/v1/clusters/" + name)), 404, "cluster-not-found", null);
	}

	@Test
	void secretsAreHiddenAndKeptWhenSentBackHidden() throws Exception {
		String name = unique("sasl");
		postJson("/api/v1/clusters",
				Map.of("name", name, "bootstrapServers", "127.0.0.1:1", "properties",
						Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
								JAAS)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.properties['sasl.jaas.config']").value("[hidden]"));
		// the UI round trip: what GET returned goes back unchanged, the stored secret
		// stays
		var described = body(getJson("/api/v1/clusters/" + name));
		putJson("/api/v1/clusters/" + name,
				Map.of("bootstrapServers", "127.0.0.1:2", "properties",
						JSON.convertValue(described.get("properties"), Map.class)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.properties['sasl.jaas.config']").value("[hidden]"))
			.andExpect(jsonPath("$.bootstrapServers").value("127.0.0.1:2"));
		expectProblem(
				putJson("/api/v1/clusters/" + name,
						Map.of("bootstrapServers", "127.0.0.1:2", "properties",
								Map.of("ssl.truststore.password", "[hidden]"))),
				400, "validation-failed", "properties.ssl.truststore.password");
	}

	@Test
	void unreachableClusterChecksFalseWithAReason() throws Exception {
		String name = unique("down");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "127.0.0.1:1"))
			.andExpect(status().isCreated());
		call(post("/api/v1/clusters/" + name + ":check")).andExpect(status().isOk())
			.andExpect(jsonPath("$.reachable").value(false))
			.andExpect(jsonPath("$.clusterId").doesNotExist())
			.andExpect(jsonPath("$.error").isNotEmpty());
		expectProblem(call(post("/api/v1/clusters/nope-" + name + ":check")), 404, "cluster-not-found", null);
	}

	@Test
	void validationErrorsNameTheField() throws Exception {
		expectProblem(postJson("/api/v1/clusters", Map.of("name", "bad name", "bootstrapServers", "x:1")), 400,
				"validation-failed", "name");
		expectProblem(postJson("/api/v1/clusters", Map.of("name", unique("c"), "bootstrapServers", "no-port")), 400,
				"validation-failed", "bootstrapServers");
		expectProblem(postJson("/api/v1/clusters", Map.of("name", unique("c"))), 400, "validation-failed",
				"bootstrapServers");
		expectProblem(
				postJson("/api/v1/clusters",
						Map.of("name", unique("c"), "bootstrapServers", "x:1", "properties",
								Map.of("interceptor.classes", "evil.Interceptor"))),
				400, "invalid-client-property", "properties.interceptor.classes");
		expectProblem(
				postJson("/api/v1/clusters", Map.of("name", unique("c"), "bootstrapServers", "x:1", "colour", "red")),
				400, "validation-failed", "colour");
		expectProblem(postJson("/api/v1/clusters", "{\"name\": "), 400, "malformed-request", null);
		expectProblem(
				postJson("/api/v1/clusters",
						Map.of("name", unique("c"), "bootstrapServers", "x:1", "properties", "not-a-map")),
				400, "validation-failed", "properties");
	}

	@Test
	void conflicts() throws Exception {
		String name = unique("dup");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "x:1")).andExpect(status().isCreated());
		expectProblem(postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "x:1")), 409,
				"cluster-exists", null);
		expectProblem(putJson("/api/v1/clusters/" + name, Map.of("bootstrapServers", "x:2", "version", 7)), 409,
				"version-conflict", "version")
			.andExpect(jsonPath("$.currentVersion").value(0));
		expectProblem(call(put("/api/v1/clusters/" + name).header(HttpHeaders.IF_MATCH, "\"5\"")
			.contentType("application/json")
			.content("{\"bootstrapServers\":\"x:2\"}")), 412, "precondition-failed", null);
		putJson("/api/v1/clusters/" + name, Map.of("bootstrapServers", "x:2")).andExpect(status().isOk());
		expectProblem(putJson("/api/v1/clusters/" + name, Map.of("name", "other", "bootstrapServers", "x:2")), 400,
				"validation-failed", "name");
		expectProblem(putJson("/api/v1/clusters/missing-" + name, Map.of("bootstrapServers", "x:2")), 404,
				"cluster-not-found", null);
	}

	@Test
	void aClusterInUseCannotBeDeleted() throws Exception {
		String[] clusters = registerClusters();
		String link = unique("uses");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1]))
			.andExpect(status().isCreated());
		expectProblem(call(delete("/api/v1/clusters/" + clusters[0])), 409, "cluster-in-use", null)
			.andExpect(jsonPath("$.links[0]").value(link));
		call(delete("/api/v1/links/" + link)).andExpect(status().isNoContent());
		call(delete("/api/v1/clusters/" + clusters[0])).andExpect(status().isNoContent());
		assertThat(body(getJson("/api/v1/clusters?size=500")).findValuesAsString("name")).doesNotContain(clusters[0]);
	}

}
