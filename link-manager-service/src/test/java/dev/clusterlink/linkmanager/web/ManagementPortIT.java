package dev.clusterlink.linkmanager.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.security.ApiKeyFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator on a port of its own, over real HTTP (MockMvc reaches only the API's
 * context): the API port serves the probes {@code /livez} and {@code /readyz} without a
 * key and no other Actuator endpoint; the management port serves Prometheus, and health
 * details only to a caller with a key.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "clusterlink.link-manager.admin-timeout=3s", "management.server.port=0",
				"clusterlink.security.rate-limit.requests-per-second=2", "clusterlink.security.rate-limit.burst=10",
				"clusterlink.link-manager.max-request-body=64KB" })
class ManagementPortIT extends LinkManagerIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int apiPort;

	@LocalManagementPort
	private int managementPort;

	@Test
	void theApiPortHasProbesOnly() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.apiPort);
		assertThat(send(this.apiPort, "/readyz", null).statusCode()).isEqualTo(200);
		assertThat(send(this.apiPort, "/livez", null).statusCode()).isEqualTo(200);
		assertThat(send(this.apiPort, "/actuator/prometheus", ADMIN_KEY).statusCode()).isEqualTo(404);
		assertThat(send(this.apiPort, "/actuator/health", ADMIN_KEY).statusCode()).isEqualTo(404);
		assertThat(send(this.apiPort, "/api/v1/clusters", null).statusCode()).isEqualTo(401);
		assertThat(send(this.apiPort, "/api/v1/clusters", ADMIN_KEY).statusCode()).isEqualTo(200);
	}

	@Test
	void theManagementPortHasMetricsAndDetailsOnlyForKeys() throws Exception {
		HttpResponse<String> prometheus = send(this.managementPort, "/actuator/prometheus", null);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
		JsonNode anonymous = JSON.readTree(send(this.managementPort, "/actuator/health/readiness", null).body());
		assertThat(anonymous.path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.toString()).as("no details for anonymous callers").doesNotContain("details");
		JsonNode withKey = JSON.readTree(send(this.managementPort, "/actuator/health/readiness", ADMIN_KEY).body());
		assertThat(withKey.path("components").path("controlKafka").path("details").path("clusterId").asString())
			.isNotEmpty();
	}

	private static HttpResponse<String> send(int port, String path, String apiKey) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (apiKey != null) {
			request.header(ApiKeyFormat.HEADER, apiKey);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
