package dev.clusterlink.linkmanager.web;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.kafka.KafkaJvmHardening;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Probes, metrics, info, the OpenAPI document, and problem details for requests outside
 * the API.
 */
class OperationsIT extends LinkManagerIT {

	@Test
	void probesReportLivenessAndReadiness() throws Exception {
		getJson("/actuator/health/liveness").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.db").doesNotExist())
			.andExpect(jsonPath("$.components.controlKafka").doesNotExist());
		getJson("/actuator/health/readiness").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.db.status").value("UP"))
			.andExpect(jsonPath("$.components.controlKafka.status").value("UP"))
			.andExpect(jsonPath("$.components.controlKafka.details.clusterId").isNotEmpty());
	}

	@Test
	void prometheusAndInfo() throws Exception {
		getJson("/api/v1/clusters").andExpect(status().isOk());
		call(get("/actuator/prometheus")).andExpect(status().isOk())
			.andExpect(content().string(containsString("jvm_memory_used_bytes")))
			.andExpect(content().string(containsString("http_server_requests_seconds_count")));
		getJson("/actuator/info").andExpect(status().isOk())
			.andExpect(jsonPath("$.build.version").isNotEmpty())
			.andExpect(jsonPath("$.build.artifact").value("link-manager-service"));
	}

	@Test
	void openApiDocumentsEveryEndpointAndItsProblems() throws Exception {
		var doc = body(getJson("/v3/api-docs").andExpect(status().isOk()));
		var paths = doc.get("paths");
		for (String path : new String[] { "/api/v1/clusters", "/api/v1/clusters/{name}",
				"/api/v1/clusters/{name}:check", "/api/v1/links", "/api/v1/links/{name}",
				"/api/v1/links/{name}/configs", "/api/v1/links/{name}:pause", "/api/v1/links/{name}:resume",
				"/api/v1/links/{link}/mirrors", "/api/v1/mirrors", "/api/v1/links/{link}/mirrors/{mirror}",
				"/api/v1/links/{link}/mirrors/{mirror}:promote", "/api/v1/links/{link}/mirrors/{mirror}:failover",
				"/api/v1/links/{link}/mirrors/{mirror}:pause", "/api/v1/links/{link}/mirrors/{mirror}:resume",
				"/api/v1/audit" }) {
			assertThat(paths.has(path)).as("documents %s", path).isTrue();
		}
		// batch actions and cutover (issue 13)
		for (String path : new String[] { "/api/v1/links/{link}/mirrors:pause", "/api/v1/links/{link}/mirrors:resume",
				"/api/v1/links/{link}/mirrors:promote", "/api/v1/links/{link}/mirrors:failover",
				"/api/v1/links/{link}/mirrors:delete", "/api/v1/links/{link}:cutover",
				"/api/v1/links/{link}:unfence" }) {
			assertThat(paths.has(path)).as("documents %s", path).isTrue();
		}
		// every list answers one page and documents page, size and the 400 for them
		for (String list : new String[] { "/api/v1/clusters", "/api/v1/links", "/api/v1/mirrors",
				"/api/v1/links/{link}/mirrors", "/api/v1/api-keys", "/api/v1/audit" }) {
			var get = paths.get(list).get("get");
			assertThat(get.get("parameters").findValuesAsString("name")).as("page and size of %s", list)
				.contains("page", "size");
			assertThat(get.get("responses").get("200").toString()).as("200 of %s", list)
				.contains("#/components/schemas/PageResponse");
			assertThat(get.get("responses").has("400")).as("400 of %s", list).isTrue();
		}
		var createMirror = paths.get("/api/v1/links/{link}/mirrors").get("post").get("responses");
		assertThat(createMirror.has("201")).isTrue();
		for (String status : new String[] { "400", "404", "409", "500", "503" }) {
			assertThat(
					createMirror.has(status) && createMirror.get(status).get("content").has("application/problem+json"))
				.as("documents %s as problem+json in %s", status, createMirror)
				.isTrue();
		}
		assertThat(createMirror.get("409").get("description").asString()).contains("destination-topic-exists")
			.contains("mirror-exists");
		// the link configs with their ranges, referred to by the requests that set them
		var linkConfigs = doc.get("components").get("schemas").get("LinkConfigs").get("properties");
		assertThat(linkConfigs.get("acl.sync.ms").get("minimum").asLong()).isEqualTo(1000);
		assertThat(linkConfigs.get("acl.sync.ms").get("maximum").asLong()).isEqualTo(3_600_000);
		assertThat(linkConfigs.get("acl.sync.ms").get("default").asLong()).isEqualTo(5000);
		assertThat(linkConfigs.get("mirror.promote.timeout.ms").get("maximum").asLong()).isEqualTo(86_400_000);
		assertThat(linkConfigs.get("mirror.gap.fill.max.records").get("description").asString())
			.contains("Allowed: 0 to 1000000000.");
		assertThat(linkConfigs.get("acl.sync.mode").get("enum").toString()).contains("read-replica", "full");
		assertThat(doc.get("components").get("schemas").get("LinkRequest").get("properties").get("configs").toString())
			.contains("#/components/schemas/LinkConfigs");
		assertThat(paths.get("/api/v1/links/{name}/configs").get("patch").get("requestBody").toString())
			.contains("#/components/schemas/LinkConfigs");
		call(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
		// Swagger UI's "Authorize" knows the API key header
		assertThat(doc.get("components").get("securitySchemes").get("apiKey").get("name").asString())
			.isEqualTo("X-API-Key");
	}

	@Test
	void requestsOutsideTheApiGetProblemDetailsToo() throws Exception {
		expectProblem(getJson("/api/v1/nothing-here"), 404, "not-found", null);
		expectProblem(call(put("/api/v1/audit")), 405, "method-not-allowed", null);
		expectProblem(call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/clusters")
			.contentType("text/plain")
			.content("x")), 415, "unsupported-media-type", null);
	}

	@Test
	void configProvidersAreDisabledInThisJvm() {
		assertThat(KafkaJvmHardening.isApplied()).isTrue();
	}

}
