package dev.clusterlink.linkmanager.mirror;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Batch mirror actions ({@code POST /links/{link}/mirrors:<action>}): selection by list,
 * glob or all, per-mirror results through the single-mirror rules, dry runs, validation,
 * roles and link scope. The worker's part is played by SQL.
 */
class MirrorBatchIT extends LinkManagerIT {

	@Test
	void pausesByListByPatternAndAll() throws Exception {
		String link = createLink(Map.of());
		String prefix = unique("b");
		String orders1 = prefix + "-orders-1";
		String orders2 = prefix + "-orders-2";
		String payments = prefix + "-payments";
		createMirrors(link, orders1, orders2, payments);

		// the batch path is its own handler: "mirrors:pause" is one segment, never
		// "mirrors/{mirror}"
		batch(link, "pause", Map.of("mirrors", List.of(orders1))).andExpect(status().isOk())
			.andExpect(jsonPath("$.action").value("pause"))
			.andExpect(jsonPath("$.selected").value(1))
			.andExpect(jsonPath("$.accepted").value(1))
			.andExpect(jsonPath("$.results[0].mirror").value(orders1))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"))
			.andExpect(jsonPath("$.results[0].state").value("PAUSED"))
			.andExpect(jsonPath("$.results[0].result.changed").value(true));
		state(link, payments, "ACTIVE");

		batch(link, "pause", Map.of("pattern", prefix + "-orders-*")).andExpect(status().isOk())
			.andExpect(jsonPath("$.selected").value(2))
			.andExpect(jsonPath("$.results[0].mirror").value(orders1))
			.andExpect(jsonPath("$.results[0].result.changed").value(false))
			.andExpect(jsonPath("$.results[1].mirror").value(orders2))
			.andExpect(jsonPath("$.results[1].state").value("PAUSED"));
		state(link, payments, "ACTIVE");

		batch(link, "pause", Map.of("all", true)).andExpect(status().isOk())
			.andExpect(jsonPath("$.selected").value(3))
			.andExpect(jsonPath("$.accepted").value(3))
			.andExpect(jsonPath("$.results[2].mirror").value(payments))
			.andExpect(jsonPath("$.results[2].state").value("PAUSED"));

		// a pattern that matches nothing is an empty answer, not an error
		batch(link, "pause", Map.of("pattern", "nothing-*")).andExpect(status().isOk())
			.andExpect(jsonPath("$.selected").value(0))
			.andExpect(jsonPath("$.results").isEmpty());

		// each change is audited as alone, and the batch once on the link
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + payments)
			.andExpect(jsonPath("$.items[0].action").value("mirror.pause"));
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].action").value("mirror.batch.pause"))
			.andExpect(jsonPath("$.items[0].details.selection.pattern").value("nothing-*"))
			.andExpect(jsonPath("$.items[0].details.selected").value(0))
			.andExpect(jsonPath("$.items[1].details.selection.all").value(true))
			.andExpect(jsonPath("$.items[1].details.accepted").value(3));

		// the single-mirror path still reaches the single action
		call(post("/api/v1/links/" + link + "/mirrors/" + payments + ":resume")).andExpect(status().isOk())
			.andExpect(jsonPath("$.mirror").value(payments))
			.andExpect(jsonPath("$.toState").value("PENDING"));
	}

	@Test
	void aDryRunChangesNothing() throws Exception {
		String link = createLink(Map.of());
		String prefix = unique("dry");
		createMirrors(link, prefix + "-a", prefix + "-b");
		Map<String, Long> versions = new HashMap<>();
		for (String mirror : List.of(prefix + "-a", prefix + "-b")) {
			versions.put(mirror, body(getJson("/api/v1/links/" + link + "/mirrors/" + mirror)).get("version").asLong());
		}
		long auditRows = auditCount(link);

		batch(link, "promote?dryRun=true", Map.of("all", true)).andExpect(status().isOk())
			.andExpect(jsonPath("$.dryRun").value(true))
			.andExpect(jsonPath("$.wouldApply").value(2))
			.andExpect(jsonPath("$.accepted").value(0))
			.andExpect(jsonPath("$.results[0].outcome").value("would-apply"))
			.andExpect(jsonPath("$.results[0].state").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.results[0].result.dryRun").value(true))
			.andExpect(jsonPath("$.results[0].result.stoppedBy").value("PROMOTE"));
		batch(link, "delete?dryRun=true&deleteTopic=true", Map.of("pattern", prefix + "-*")).andExpect(status().isOk())
			.andExpect(jsonPath("$.wouldApply").value(2))
			.andExpect(jsonPath("$.results[1].state").value("ACTIVE"));

		for (String mirror : versions.keySet()) {
			getJson("/api/v1/links/" + link + "/mirrors/" + mirror).andExpect(jsonPath("$.state").value("ACTIVE"))
				.andExpect(jsonPath("$.version").value(versions.get(mirror)));
		}
		assertThat(auditCount(link)).isEqualTo(auditRows);
	}

	@Test
	void eachMirrorGetsItsOwnResult() throws Exception {
		String link = createLink(Map.of());
		String prefix = unique("mixed");
		String paused = prefix + "-paused";
		String active = prefix + "-active";
		createMirrors(link, paused, active);
		state(link, paused, "PAUSED");
		String missing = prefix + "-missing";

		batch(link, "promote", Map.of("mirrors", List.of(active, paused, missing, active))).andExpect(status().isOk())
			.andExpect(jsonPath("$.selected").value(3))
			.andExpect(jsonPath("$.accepted").value(1))
			.andExpect(jsonPath("$.refused").value(2))
			.andExpect(jsonPath("$.results[0].mirror").value(active))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"))
			.andExpect(jsonPath("$.results[0].state").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.results[1].mirror").value(paused))
			.andExpect(jsonPath("$.results[1].outcome").value("refused"))
			.andExpect(jsonPath("$.results[1].state").value("PAUSED"))
			.andExpect(jsonPath("$.results[1].problem.type").value("urn:clusterlink:problem:illegal-transition"))
			.andExpect(jsonPath("$.results[1].problem.status").value(409))
			.andExpect(jsonPath("$.results[1].problem.title").isNotEmpty())
			.andExpect(jsonPath("$.results[1].problem.detail").isNotEmpty())
			.andExpect(jsonPath("$.results[1].problem.properties.currentState").value("PAUSED"))
			.andExpect(jsonPath("$.results[2].mirror").value(missing))
			.andExpect(jsonPath("$.results[2].outcome").value("refused"))
			.andExpect(jsonPath("$.results[2].state").doesNotExist())
			.andExpect(jsonPath("$.results[2].problem.errorCode").value("mirror-not-found"));
		getJson("/api/v1/links/" + link + "/mirrors/" + active).andExpect(jsonPath("$.state").value("PENDING_STOPPED"));
		getJson("/api/v1/links/" + link + "/mirrors/" + paused).andExpect(jsonPath("$.state").value("PAUSED"));
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].action").value("mirror.batch.promote"))
			.andExpect(jsonPath("$.items[0].details.refused").value(2))
			.andExpect(jsonPath("$.items[0].details.problems[0].errorCode").value("illegal-transition"));

		// delete in a batch: the same path as one DELETE each
		batch(link, "delete", Map.of("mirrors", List.of(paused, missing))).andExpect(status().isOk())
			.andExpect(jsonPath("$.accepted").value(1))
			.andExpect(jsonPath("$.results[0].outcome").value("accepted"))
			.andExpect(jsonPath("$.results[1].problem.errorCode").value("mirror-not-found"));
		expectProblem(getJson("/api/v1/links/" + link + "/mirrors/" + paused), 404, "mirror-not-found", null);
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + paused)
			.andExpect(jsonPath("$.items[0].action").value("mirror.delete"));
	}

	@Test
	void aSelectionIsExactlyOneOfMirrorsPatternOrAll() throws Exception {
		String link = createLink(Map.of());
		expectProblem(batch(link, "pause", Map.of()), 400, "validation-failed", "mirrors");
		expectProblem(batch(link, "pause", Map.of("all", false)), 400, "validation-failed", "mirrors");
		expectProblem(batch(link, "pause", Map.of("mirrors", List.of("a"), "pattern", "a*")), 400, "validation-failed",
				"pattern");
		expectProblem(batch(link, "pause", Map.of("pattern", "a*", "all", true)), 400, "validation-failed", "all");
		expectProblem(batch(link, "pause", Map.of("mirrors", List.of())), 400, "validation-failed", "mirrors");
		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i <= MirrorSelection.MAX_MIRRORS; i++) {
			tooMany.add("m" + i);
		}
		expectProblem(batch(link, "pause", Map.of("mirrors", tooMany)), 400, "validation-failed", "mirrors");
		expectProblem(batch(link, "pause", Map.of("mirror", List.of("a"))), 400, "validation-failed", "mirror");
		expectProblem(batch("no-" + link, "pause", Map.of("all", true)), 404, "link-not-found", null);
	}

	@Test
	void viewersCannotAndLimitedKeysSeeOnlyTheirLinks() throws Exception {
		String mine = createLink(Map.of());
		String other = createLink(Map.of());
		String topic = unique("scoped");
		createMirrors(other, topic);
		String viewer = createKey(unique("viewer"), "viewer", null);
		String limited = createKey(unique("limited"), "operator", List.of(mine));

		expectProblem(callAs(viewer, batchRequest(other, "pause", Map.of("all", true))), 403, "forbidden", null);
		expectProblem(callAs(limited, batchRequest(other, "pause", Map.of("all", true))), 404, "link-not-found", null);
		expectProblem(callAs(limited, batchRequest(other, "delete", Map.of("mirrors", List.of(topic)))), 404,
				"link-not-found", null);
		callAs(limited, batchRequest(mine, "pause", Map.of("all", true))).andExpect(status().isOk())
			.andExpect(jsonPath("$.selected").value(0));
		getJson("/api/v1/links/" + other + "/mirrors/" + topic).andExpect(jsonPath("$.state").value("ACTIVE"));
	}

	private void createMirrors(String link, String... topics) throws Exception {
		for (String topic : topics) {
			createSourceTopic(topic, 1);
			postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic))
				.andExpect(status().isCreated());
			state(link, topic, "ACTIVE");
		}
	}

	private ResultActions batch(String link, String action, Map<String, ?> body) throws Exception {
		return call(batchRequest(link, action, body));
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder batchRequest(String link,
			String action, Map<String, ?> body) {
		return post("/api/v1/links/" + link + "/mirrors:" + action).contentType(MediaType.APPLICATION_JSON)
			.content(json(body));
	}

	private long auditCount(String link) throws Exception {
		JsonNode page = body(getJson("/api/v1/audit?size=1&entityName=" + link));
		return page.get("totalItems").asLong();
	}

	private String createKey(String name, String role, List<String> links) throws Exception {
		Map<String, Object> request = new HashMap<>(Map.of("name", name, "role", role));
		if (links != null) {
			request.put("links", links);
		}
		return body(postJson("/api/v1/api-keys", request).andExpect(status().isCreated())).path("key").asString();
	}

	/** Plays the worker: a state change with the version bump every change makes. */
	static void state(String link, String mirror, String state) throws Exception {
		try (var connection = TestPostgres.database().connect();
				var statement = connection.prepareStatement("update mirrors set state = ?, version = version + 1 "
						+ "where name = ? and link_id = (select id from links where name = ?)")) {
			statement.setString(1, state);
			statement.setString(2, mirror);
			statement.setString(3, link);
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
	}

}
