package dev.clusterlink.linkmanager.security;

import java.util.List;
import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What each role may do, and keys limited to named links: a refused call is a 403 (or,
 * for a link outside the key, the same 404 as a link that does not exist), changes
 * nothing, and is in the audit log with the key's name.
 */
class RolesIT extends LinkManagerIT {

	@Test
	void viewersReadButChangeNothing() throws Exception {
		String viewer = createKey(unique("viewer"), "viewer", null);
		String link = createLink(Map.of());
		callAs(viewer, get("/api/v1/clusters")).andExpect(status().isOk());
		callAs(viewer, get("/api/v1/links/" + link)).andExpect(status().isOk());
		callAs(viewer, get("/api/v1/audit")).andExpect(status().isOk());

		forbidden(callAs(viewer, post("/api/v1/links/" + link + ":pause")));
		forbidden(callAs(viewer, delete("/api/v1/links/" + link)));
		String cluster = unique("viewer-made");
		forbidden(callAs(viewer, post("/api/v1/clusters").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", cluster, "bootstrapServers", "127.0.0.1:1")))));
		forbidden(callAs(viewer, get("/api/v1/api-keys")));

		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.state").value(org.hamcrest.Matchers.not("PAUSED")));
		expectProblem(getJson("/api/v1/clusters/" + cluster), 404, "cluster-not-found", null);
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[0].actor").value("apikey:" + keyName(viewer)))
			.andExpect(jsonPath("$.items[0].details.status").value(403))
			.andExpect(jsonPath("$.items[0].details.method").value("DELETE"))
			.andExpect(jsonPath("$.items[1].details.method").value("POST"));
		getJson("/api/v1/audit?entityType=cluster&entityName=-")
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[0].actor").value("apikey:" + keyName(viewer)));
	}

	@Test
	void operatorsRunLinksButDoNotConfigureThem() throws Exception {
		String operator = createKey(unique("operator"), "operator", null);
		String link = createLink(Map.of());
		callAs(operator, post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk());
		callAs(operator, post("/api/v1/links/" + link + ":resume")).andExpect(status().isOk());
		forbidden(callAs(operator, put("/api/v1/links/" + link + "/configs").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("acl.sync.mode", "full")))));
		forbidden(callAs(operator, delete("/api/v1/links/" + link)));
		forbidden(callAs(operator, post("/api/v1/clusters:reencrypt-secrets")));
		forbidden(callAs(operator, post("/api/v1/api-keys").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("name", unique("escalate"), "role", "admin")))));
		getJson("/api/v1/links/" + link).andExpect(status().isOk());
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[2].action").value("link.resume"))
			.andExpect(jsonPath("$.items[2].actor").value("apikey:" + keyName(operator)));
	}

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

	private static void forbidden(org.springframework.test.web.servlet.ResultActions result) throws Exception {
		expectProblem(result, 403, "forbidden", null);
	}

	private final Map<String, String> names = new java.util.HashMap<>();

	private String keyName(String key) {
		return this.names.get(key);
	}

	private String createKey(String name, String role, List<String> links) throws Exception {
		Map<String, Object> request = new java.util.HashMap<>(Map.of("name", name, "role", role));
		if (links != null) {
			request.put("links", links);
		}
		String key = body(postJson("/api/v1/api-keys", request).andExpect(status().isCreated())).path("key").asString();
		this.names.put(key, name);
		return key;
	}

}
