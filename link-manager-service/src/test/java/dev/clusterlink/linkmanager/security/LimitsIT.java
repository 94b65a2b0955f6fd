package dev.clusterlink.linkmanager.security;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.security.ApiKeyFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Limits over real HTTP (the same context as ManagementPortIT): bodies above the limit
 * get 413, with or without {@code Content-Length}, and create nothing; a principal past
 * its rate gets 429 with {@code Retry-After}, then gets through again.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "clusterlink.link-manager.admin-timeout=3s", "management.server.port=0",
				"clusterlink.security.rate-limit.requests-per-second=2", "clusterlink.security.rate-limit.burst=10",
				"clusterlink.link-manager.max-request-body=64KB" })
class LimitsIT extends LinkManagerIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int apiPort;

	@Test
	void largeBodiesGet413AndCreateNothing() throws Exception {
		String name = unique("huge");
		String body = JSON.writeValueAsString(Map.of("name", name, "bootstrapServers", "127.0.0.1:1", "properties",
				Map.of("client.id", "x".repeat(100_000))));
		HttpResponse<String> sized = send(HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> chunked = send(
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes())));
		for (HttpResponse<String> response : new HttpResponse[] { sized, chunked }) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
			assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.path("type").asString()).isEqualTo("urn:clusterlink:problem:payload-too-large");
		}
		expectProblem(getJson("/api/v1/clusters/" + name), 404, "cluster-not-found", null);
	}

	@Test
	void aPrincipalPastItsRateGets429WithRetryAfter() throws Exception {
		String key = body(postJson("/api/v1/api-keys", Map.of("name", unique("busy"), "role", "viewer"))
			.andExpect(status().isCreated())).path("key").asString();
		HttpResponse<String> limited = null;
		for (int i = 0; i < 30 && limited == null; i++) {
			HttpResponse<String> response = get(key);
			if (response.statusCode() == 429) {
				limited = response;
			}
			else {
				assertThat(response.statusCode()).isEqualTo(200);
			}
		}
		assertThat(limited).as("refused within 30 requests (burst 10)").isNotNull();
		assertThat(JSON.readTree(limited.body()).path("type").asString())
			.isEqualTo("urn:clusterlink:problem:rate-limited");
		long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isPositive();
		// another principal is not limited by this one
		assertThat(get(ADMIN_KEY).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(retryAfter + 5))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> get(key).statusCode() == 200);
	}

	private HttpResponse<String> get(String key) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + "/api/v1/clusters"))
			.header(ApiKeyFormat.HEADER, key)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + "/api/v1/clusters"))
			.header(ApiKeyFormat.HEADER, ADMIN_KEY)
			.header("content-type", "application/json")
			.POST(body)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
