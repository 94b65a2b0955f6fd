package dev.clusterlink.linkmanager.security;

import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.security.ApiKeyFormat;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every API request needs a valid API key: without one, or with a malformed, unknown,
 * wrong or revoked key, the answer is the same 401 problem, and a refused change leaves
 * an audit entry and nothing else. Probes and the OpenAPI document stay open.
 */
class AuthenticationIT extends LinkManagerIT {

	private static final String WRONG_SECRET = ApiKeyFormat.parse(ADMIN_KEY).orElseThrow().value().substring(0, 17)
			+ "B".repeat(43);

	@Test
	void everyFailedAuthenticationLooksTheSame() throws Exception {
		String revoked = createKey("revoked", "admin");
		call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.delete("/api/v1/api-keys/" + keyName("revoked"))).andExpect(status().isNoContent());
		String detail = null;
		for (String key : new String[] { null, "", "not-a-key", "clk_short_x", ApiKeyFormat.generate().value(),
				WRONG_SECRET, revoked }) {
			ResultActions result = unauthenticated(callAs(key, get("/api/v1/clusters")));
			String text = result.andReturn().getResponse().getContentAsString();
			assertThat(body(result).path("detail").asString())
				.isEqualTo((detail != null) ? detail : (detail = body(result).path("detail").asString()));
			if (key != null && !key.isEmpty()) {
				assertThat(text).as("the key is never echoed").doesNotContain(key);
			}
		}
	}

	@Test
	void basicAuthIsNotOffered() throws Exception {
		unauthenticated(this.mvc.perform(get("/api/v1/clusters").header("Authorization", "Basic YWRtaW46YWRtaW4=")))
			.andExpect(header().string("WWW-Authenticate",
					org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Basic"))));
	}

	@Test
	void aRefusedChangeChangesNothingAndIsAudited() throws Exception {
		String name = unique("intruder");
		ApiKeyFormat guessed = ApiKeyFormat.generate();
		unauthenticated(callAs(guessed.value(), post("/api/v1/clusters").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", name, "bootstrapServers", "127.0.0.1:1")))));
		expectProblem(getJson("/api/v1/clusters/" + name), 404, "cluster-not-found", null);
		// a refusal names the entity of its path: here the cluster collection, "-"
		getJson("/api/v1/audit?entityType=cluster&entityName=-")
			.andExpect(jsonPath("$.items[0].action").value("refused.post"))
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[0].actor").value("anonymous"))
			.andExpect(jsonPath("$.items[0].details.status").value(401))
			.andExpect(jsonPath("$.items[0].details.path").value("/api/v1/clusters"))
			.andExpect(jsonPath("$.items[0].details.keyId").value(guessed.keyId()));
	}

	@Test
	void probesAndTheApiDocumentNeedNoKey() throws Exception {
		callAs(null, get("/actuator/health/readiness")).andExpect(status().isOk());
		callAs(null, get("/actuator/health/liveness")).andExpect(status().isOk());
		callAs(null, get("/v3/api-docs")).andExpect(status().isOk());
	}

	@Test
	void pathsOutsideTheApiAndProbesAreDenied() throws Exception {
		unauthenticated(callAs(null, get("/somewhere-else")));
	}

	private ResultActions unauthenticated(ResultActions result) throws Exception {
		return expectProblem(result, 401, "unauthenticated", null)
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("ApiKey")));
	}

	private String keyName(String prefix) {
		return prefix + "-" + getClass().getSimpleName();
	}

	private String createKey(String prefix, String role) throws Exception {
		return body(postJson("/api/v1/api-keys", Map.of("name", keyName(prefix), "role", role))
			.andExpect(status().isCreated())).path("key").asString();
	}

}
