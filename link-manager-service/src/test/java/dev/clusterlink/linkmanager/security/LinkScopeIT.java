package dev.clusterlink.linkmanager.security;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Object-level scoping: a key limited to named links reaches nothing of another link —
 * not the link, its mirrors, their partitions, its consumer groups or its ACLs. Every
 * such call answers the same 404 {@code link-not-found} as a link that does not exist
 * (existence is not revealed), changes nothing, and a refused change is audited under the
 * other link with the key's name. Lists show only the key's links; cluster changes, new
 * links, the audit log and API keys are closed to it whatever its role.
 */
class LinkScopeIT extends LinkManagerIT {

	private final Map<String, String> names = new HashMap<>();

	@Test
	void aKeyLimitedToLinksSeesNoOtherLink() throws Exception {
		String mine = createLink(Map.of());
		String other = createLink(Map.of());
		String scoped = createKey(unique("scoped"), "admin", List.of(mine));

		callAs(scoped, get("/api/v1/links/" + mine)).andExpect(status().isOk());
		callAs(scoped, post("/api/v1/links/" + mine + ":pause")).andExpect(status().isOk());
		// another link reads exactly like one that does not exist
		String missing = unique("no-such-link");
		String hidden = callAs(scoped, get("/api/v1/links/" + other)).andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String absent = callAs(scoped, get("/api/v1/links/" + missing)).andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(hidden.replace(other, "X")).isEqualTo(absent.replace(missing, "X"));
		expectProblem(callAs(scoped, get("/api/v1/links/" + other + "/mirrors")), 404, "link-not-found", null);
		expectProblem(callAs(scoped, get("/api/v1/links/" + other + "/consumer-groups")), 404, "link-not-found", null);
		expectProblem(callAs(scoped, post("/api/v1/links/" + other + ":pause")), 404, "link-not-found", null);
		// lists show only its links; the audit log (every link) is closed to it
		assertThat(callAs(scoped, get("/api/v1/links?size=500")).andReturn().getResponse().getContentAsString())
			.contains(mine)
			.doesNotContain(other);
		forbidden(callAs(scoped, get("/api/v1/audit")));
		// no cluster changes and no keys for a limited key, even an admin's
		forbidden(callAs(scoped, post("/api/v1/clusters").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", unique("c"), "bootstrapServers", "127.0.0.1:1")))));
		forbidden(callAs(scoped, post("/api/v1/api-keys").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", unique("wider"), "role", "admin")))));

		getJson("/api/v1/links/" + other).andExpect(jsonPath("$.state").value(org.hamcrest.Matchers.not("PAUSED")));
		getJson("/api/v1/audit?entityType=link&entityName=" + other)
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[0].details.status").value(404))
			.andExpect(jsonPath("$.items[0].actor").value("apikey:" + keyName(scoped)));
	}

	@Test
	void mirrorsConsumerGroupsAndAclsOfAnotherLinkAreOutOfReach() throws Exception {
		String mine = createLink(Map.of());
		String other = createLink(Map.of());
		String topic = unique("scoped-topic");
		createSourceTopic(topic, 1);
		String mirror = body(postJson("/api/v1/links/" + other + "/mirrors", Map.of("sourceTopic", topic))
			.andExpect(status().isCreated())).path("name").asString();
		String operator = createKey(unique("scoped-operator"), "admin", List.of(mine));
		String base = "/api/v1/links/" + other;

		for (String path : List.of(base + "/mirrors/" + mirror,
				base + "/mirrors/" + mirror + "/partitions/0/translate?offset=0", base + "/consumer-groups",
				base + "/consumer-groups/g", base + "/acls", base + "/acls/diff")) {
			expectProblem(callAs(operator, get(path)), 404, "link-not-found", null);
		}
		String second = unique("second-topic");
		createSourceTopic(second, 1);
		expectProblem(callAs(operator, post(base + "/mirrors").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("sourceTopic", second)))), 404, "link-not-found", null);
		for (String action : List.of(":pause", ":promote", ":failover")) {
			expectProblem(callAs(operator, post(base + "/mirrors/" + mirror + action)), 404, "link-not-found", null);
		}
		expectProblem(callAs(operator, delete(base + "/mirrors/" + mirror)), 404, "link-not-found", null);
		expectProblem(callAs(operator, put(base + "/configs").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("acl.sync.mode", "full")))), 404, "link-not-found", null);
		assertThat(callAs(operator, get("/api/v1/mirrors?size=500")).andReturn().getResponse().getContentAsString())
			.doesNotContain(other)
			.doesNotContain(mirror);

		// nothing changed: one mirror, still pending, the link's configs as they were
		getJson(base + "/mirrors/" + mirror).andExpect(jsonPath("$.state").value("PENDING"));
		assertThat(getJson(base + "/mirrors").andReturn().getResponse().getContentAsString()).contains(mirror)
			.doesNotContain(second);
		assertThat(getJson(base).andReturn().getResponse().getContentAsString()).doesNotContain("\"full\"");
		// each refused change is audited under what its path names, with the key's name:
		// the link for a new mirror and its configs, the mirror for its actions
		expectRefusals(getJson("/api/v1/audit?entityType=link&entityName=" + other), 2, operator);
		expectRefusals(getJson("/api/v1/audit?entityType=mirror&entityName=" + other + "/" + mirror), 4, operator);
	}

	@Test
	void percentEncodedPathsAreJudgedByTheHandlerTheyReach() throws Exception {
		String mine = createLink(Map.of());
		String other = createLink(Map.of());
		String scoped = createKey(unique("encoded"), "admin", List.of(mine));
		// paths match decoded: "%6C" is "l", so these reach the links' handlers
		callAs(scoped, get(URI.create("/api/v1/%6Cinks/" + mine))).andExpect(status().isOk());
		expectProblem(callAs(scoped, get(URI.create("/api/v1/%6Cinks/" + other))), 404, "link-not-found", null);
		expectProblem(callAs(scoped, get(URI.create("/api/v1/%6Cinks/" + other + "/mirrors"))), 404, "link-not-found",
				null);
		expectProblem(callAs(scoped, post(URI.create("/api/v1/%6Cinks/" + other + ":pause"))), 404, "link-not-found",
				null);
		forbidden(callAs(scoped, get(URI.create("/api/v1/%61udit"))));
		String cluster = unique("encoded-cluster");
		forbidden(callAs(scoped, post(URI.create("/api/v1/%63lusters")).contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", cluster, "bootstrapServers", "127.0.0.1:1")))));
		expectProblem(getJson("/api/v1/clusters/" + cluster), 404, "cluster-not-found", null);
		getJson("/api/v1/links/" + other).andExpect(jsonPath("$.state").value(org.hamcrest.Matchers.not("PAUSED")));
	}

	private void expectRefusals(ResultActions audit, int count, String key) throws Exception {
		for (int i = 0; i < count; i++) {
			audit.andExpect(jsonPath("$.items[" + i + "].outcome").value("refused"))
				.andExpect(jsonPath("$.items[" + i + "].details.status").value(404))
				.andExpect(jsonPath("$.items[" + i + "].actor").value("apikey:" + keyName(key)));
		}
	}

	private static void forbidden(ResultActions result) throws Exception {
		expectProblem(result, 403, "forbidden", null);
	}

	private String keyName(String key) {
		return this.names.get(key);
	}

	private String createKey(String name, String role, List<String> links) throws Exception {
		Map<String, Object> request = new HashMap<>(Map.of("name", name, "role", role));
		request.put("links", links);
		String key = body(postJson("/api/v1/api-keys", request).andExpect(status().isCreated())).path("key").asString();
		this.names.put(key, name);
		return key;
	}

}
