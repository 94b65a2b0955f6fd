package dev.clusterlink.linkmanager.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Lifecycle of a link through the API: create, list, describe, reconfigure, pause,
 * resume, delete.
 */
class LinkApiIT extends LinkManagerIT {

	private static final String GROUP_FILTERS = "{\"groupFilters\":[{\"name\":\"app-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}";

	@Test
	void linkLifecycle() throws Exception {
		String[] clusters = registerClusters();
		String link = unique("link");
		postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1], "configs",
						Map.of("cluster.link.prefix", "dr.", "consumer.offset.sync.enable", true,
								"consumer.offset.group.filters", GROUP_FILTERS)))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, "/api/v1/links/" + link))
			.andExpect(jsonPath("$.state").value("ACTIVE"))
			.andExpect(jsonPath("$.sourceCluster").value(clusters[0]))
			.andExpect(jsonPath("$.destinationCluster").value(clusters[1]))
			.andExpect(jsonPath("$.configs['cluster.link.prefix'].value").value("dr."))
			.andExpect(jsonPath("$.configs['cluster.link.prefix'].isDefault").value(false))
			.andExpect(jsonPath("$.configs['consumer.offset.sync.enable'].value").value("true"))
			.andExpect(jsonPath("$.configs['consumer.offset.sync.ms'].value").value("30000"))
			.andExpect(jsonPath("$.configs['consumer.offset.sync.ms'].isDefault").value(true))
			.andExpect(jsonPath("$.configs['acl.sync.ms'].value").value("5000"));

		getJson("/api/v1/links?size=500").andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].name", hasItem(link)));
		getJson("/api/v1/links/" + link).andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.ETAG, "\"0\""))
			.andExpect(jsonPath("$.mirrorCount").value(0));

		// PATCH merges; null resets a key to its default
		patchJson("/api/v1/links/" + link + "/configs",
				mapWithNull("consumer.offset.sync.ms", 1000, "consumer.offset.group.filters"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.configs['consumer.offset.sync.ms'].value").value("1000"))
			.andExpect(jsonPath("$.configs['consumer.offset.sync.enable'].value").value("true"))
			.andExpect(jsonPath("$.configs['consumer.offset.group.filters'].isDefault").value(true))
			.andExpect(jsonPath("$.version").value(1));
		// PUT replaces: what is left out goes back to its default
		putJson("/api/v1/links/" + link + "/configs", Map.of("cluster.link.prefix", "dr.", "acl.sync.ms", 2000))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.configs['acl.sync.ms'].value").value("2000"))
			.andExpect(jsonPath("$.configs['consumer.offset.sync.enable'].isDefault").value(true))
			.andExpect(jsonPath("$.version").value(2));

		call(post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("PAUSED"))
			.andExpect(jsonPath("$.stateReason").value("paused by an operator"));
		call(post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk())
			.andExpect(jsonPath("$.version").value(3));
		call(post("/api/v1/links/" + link + ":resume")).andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("ACTIVE"))
			.andExpect(jsonPath("$.version").value(4));

		call(delete("/api/v1/links/" + link)).andExpect(status().isNoContent());
		expectProblem(getJson("/api/v1/links/" + link), 404, "link-not-found", null);
		expectProblem(call(delete("/api/v1/links/" + link)), 404, "link-not-found", null);
		expectProblem(call(post("/api/v1/links/" + link + ":pause")), 404, "link-not-found", null);
	}

	@Test
	void validateOnlyChecksBothClustersAndWritesNothing() throws Exception {
		String[] clusters = registerClusters();
		String link = unique("dry");
		postJson("/api/v1/links?validateOnly=true",
				Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1], "configs",
						Map.of("acl.sync.ms", "3000")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.validateOnly").value(true))
			.andExpect(jsonPath("$.sourceCluster.reachable").value(true))
			.andExpect(jsonPath("$.destinationCluster.clusterId").isNotEmpty())
			.andExpect(jsonPath("$.configs['acl.sync.ms'].value").value("3000"));
		expectProblem(getJson("/api/v1/links/" + link), 404, "link-not-found", null);

		String down = unique("down");
		postJson("/api/v1/clusters", Map.of("name", down, "bootstrapServers", "127.0.0.1:1"))
			.andExpect(status().isCreated());
		expectProblem(
				postJson("/api/v1/links?validateOnly=true",
						Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", down)),
				503, "cluster-unavailable", "destinationCluster")
			.andExpect(jsonPath("$.retriable").value(true));
		expectProblem(
				postJson("/api/v1/links?validateOnly=true", Map.of("name", link, "sourceCluster", clusters[0],
						"destinationCluster", clusters[1], "configs", Map.of("acl.sync.ms", "5"))),
				400, "invalid-link-config", "configs.acl.sync.ms");
		expectProblem(getJson("/api/v1/links/" + link), 404, "link-not-found", null);
	}

	@Test
	void badRequestsNameTheField() throws Exception {
		String[] clusters = registerClusters();
		String link = unique("bad");
		expectProblem(
				postJson("/api/v1/links",
						Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1], "configs",
								Map.of("consumer.offset.sync.enabled", "true"))),
				400, "invalid-link-config", "configs.consumer.offset.sync.enabled")
			.andExpect(jsonPath("$.validKeys", hasItem("consumer.offset.sync.enable")))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("consumer.offset.sync.enable")));
		expectProblem(
				postJson("/api/v1/links",
						Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1], "configs",
								Map.of("mirror.start.offset.spec", "yesterday"))),
				400, "invalid-link-config", "configs.mirror.start.offset.spec");
		expectProblem(
				postJson("/api/v1/links", Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster",
						clusters[1], "configs", Map.of("acl.sync.enable", "true"))),
				400, "invalid-link-config", "configs.acl.filters");
		expectProblem(
				postJson("/api/v1/links",
						Map.of("name", "no/slash", "sourceCluster", clusters[0], "destinationCluster", clusters[1])),
				400, "validation-failed", "name");
		expectProblem(postJson("/api/v1/links", Map.of("name", link, "destinationCluster", clusters[1])), 400,
				"validation-failed", "sourceCluster");
		expectProblem(
				postJson("/api/v1/links",
						Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[0])),
				400, "validation-failed", "destinationCluster");
		expectProblem(
				postJson("/api/v1/links",
						Map.of("name", link, "sourceCluster", "nope-" + link, "destinationCluster", clusters[1])),
				404, "cluster-not-found", "sourceCluster");
		expectProblem(getJson("/api/v1/links/" + link), 404, "link-not-found", null);
	}

	@Test
	void configChangesAreValidatedAndThePrefixIsFixed() throws Exception {
		String link = createLink(Map.of("cluster.link.prefix", "eu."));
		expectProblem(patchJson("/api/v1/links/" + link + "/configs", Map.of("cluster.link.prefix", "us.")), 400,
				"invalid-link-config", "configs.cluster.link.prefix");
		expectProblem(putJson("/api/v1/links/" + link + "/configs", Map.of()), 400, "invalid-link-config",
				"configs.cluster.link.prefix");
		expectProblem(patchJson("/api/v1/links/" + link + "/configs", mapWithNull("acl.sync.ms", 2000, "nope.key")),
				400, "invalid-link-config", "configs.nope.key");
		expectProblem(patchJson("/api/v1/links/" + link + "/configs", Map.of("topic.config.sync.ms", -1)), 400,
				"invalid-link-config", "configs.topic.config.sync.ms");
		expectProblem(call(patch("/api/v1/links/" + link + "/configs").header(HttpHeaders.IF_MATCH, "\"9\"")
			.contentType("application/json")
			.content("{\"acl.sync.ms\":2000}")), 412, "precondition-failed", null);
		expectProblem(patchJson("/api/v1/links/nope-" + link + "/configs", Map.of("acl.sync.ms", 2000)), 404,
				"link-not-found", null);
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.version").value(0))
			.andExpect(jsonPath("$.configs['acl.sync.ms'].isDefault").value(true));
		expectProblem(postJson("/api/v1/links", Map.of("name", link, "sourceCluster", "x", "destinationCluster", "y")),
				404, "cluster-not-found", "sourceCluster");
	}

	@Test
	void numbersOutsideTheirRangeAreRefusedOnCreateAndUpdateWritingNothing() throws Exception {
		String[] clusters = registerClusters();
		String refused = unique("range");
		// create: above the bound, too big for a long (as a JSON number and as a string),
		// not a number
		expectOutOfRange(
				postJson("/api/v1/links",
						Map.of("name", refused, "sourceCluster", clusters[0], "destinationCluster", clusters[1],
								"configs", Map.of("acl.sync.ms", 3_600_001))),
				"acl.sync.ms", "at most 3600000 (allowed: 1000 to 3600000)");
		expectOutOfRange(postJson("/api/v1/links",
				"{\"name\":\"" + refused + "\",\"sourceCluster\":\"" + clusters[0] + "\",\"destinationCluster\":\""
						+ clusters[1] + "\",\"configs\":{\"consumer.offset.sync.ms\":99999999999999999999999}}"),
				"consumer.offset.sync.ms", "at most 3600000");
		expectOutOfRange(
				postJson("/api/v1/links?validateOnly=true",
						Map.of("name", refused, "sourceCluster", clusters[0], "destinationCluster", clusters[1],
								"configs", Map.of("mirror.promote.timeout.ms", "9223372036854775808"))),
				"mirror.promote.timeout.ms", "at most 86400000 (allowed: 1000 to 86400000)");
		expectOutOfRange(
				postJson("/api/v1/links",
						Map.of("name", refused, "sourceCluster", clusters[0], "destinationCluster", clusters[1],
								"configs", Map.of("topic.config.sync.ms", "an hour"))),
				"topic.config.sync.ms", "whole number from 1000 to 3600000");
		expectProblem(getJson("/api/v1/links/" + refused), 404, "link-not-found", null);

		// update: PATCH and PUT refuse, and the link stays as it was
		String link = unique("range");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1],
				"configs", Map.of("acl.sync.ms", 2000, "mirror.gap.fill.max.records", 5)))
			.andExpect(status().isCreated());
		expectOutOfRange(patchJson("/api/v1/links/" + link + "/configs", Map.of("acl.sync.ms", 3_600_001)),
				"acl.sync.ms", "at most 3600000");
		expectOutOfRange(
				patchJson("/api/v1/links/" + link + "/configs",
						"{\"consumer.offset.sync.ms\":5000,\"mirror.gap.fill.max.records\":18446744073709551617}"),
				"mirror.gap.fill.max.records", "at most 1000000000 (allowed: 0 to 1000000000)");
		expectOutOfRange(
				putJson("/api/v1/links/" + link + "/configs",
						Map.of("acl.sync.ms", 2000, "mirror.promote.timeout.ms", 86_400_001)),
				"mirror.promote.timeout.ms", "at most 86400000");
		expectOutOfRange(putJson("/api/v1/links/" + link + "/configs", Map.of("consumer.offset.sync.ms", -1)),
				"consumer.offset.sync.ms", "at least 1000 (allowed: 1000 to 3600000)");
		getJson("/api/v1/links/" + link).andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.ETAG, "\"0\""))
			.andExpect(jsonPath("$.version").value(0))
			.andExpect(jsonPath("$.configs['acl.sync.ms'].value").value("2000"))
			.andExpect(jsonPath("$.configs['mirror.gap.fill.max.records'].value").value("5"))
			.andExpect(jsonPath("$.configs['consumer.offset.sync.ms'].isDefault").value(true))
			.andExpect(jsonPath("$.configs['mirror.promote.timeout.ms'].isDefault").value(true));

		// the bounds themselves are accepted
		patchJson("/api/v1/links/" + link + "/configs",
				Map.of("acl.sync.ms", 3_600_000, "mirror.promote.timeout.ms", 86_400_000, "mirror.gap.fill.max.records",
						1_000_000_000))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.configs['acl.sync.ms'].value").value("3600000"))
			.andExpect(jsonPath("$.configs['mirror.promote.timeout.ms'].value").value("86400000"))
			.andExpect(jsonPath("$.configs['mirror.gap.fill.max.records'].value").value("1000000000"));
	}

	/**
	 * A 400 {@code invalid-link-config} problem whose detail names the key and the
	 * allowed range.
	 */
	private static void expectOutOfRange(ResultActions result, String key, String reason) throws Exception {
		expectProblem(result, 400, "invalid-link-config", "configs." + key)
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE,
					org.hamcrest.Matchers.startsWith("application/problem+json")))
			.andExpect(jsonPath("$.type").value("urn:clusterlink:problem:invalid-link-config"))
			.andExpect(jsonPath("$.configKey").value(key))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(key + ": ")))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(reason)));
	}

	@Test
	void theLinkShowsTheStatusOfItsTasks() throws Exception {
		String link = createLink(Map.of());
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.tasks").isEmpty());
		try (var connection = dev.clusterlink.testsupport.TestPostgres.database().connect();
				var statement = connection.prepareStatement("insert into link_tasks (link_id, task, state, reason, "
						+ "updated_at) select id, 'AclSync', 'UNAVAILABLE', 'destination has no authorizer', now() "
						+ "from links where name = ?")) {
			statement.setString(1, link);
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.tasks[0].task").value("AclSync"))
			.andExpect(jsonPath("$.tasks[0].state").value("UNAVAILABLE"))
			.andExpect(jsonPath("$.tasks[0].reason").value("destination has no authorizer"));
	}

	@Test
	void duplicateLinkIsAConflict() throws Exception {
		String[] clusters = registerClusters();
		String link = unique("dup");
		Map<String, Object> request = Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster",
				clusters[1]);
		postJson("/api/v1/links", request).andExpect(status().isCreated());
		expectProblem(postJson("/api/v1/links", request), 409, "link-exists", null);
	}

	@Test
	void concurrentUpdatesLoseNothing() throws Exception {
		String link = createLink(Map.of());
		int writers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			int value = 1000 + i;
			Callable<Integer> patchCall = () -> patchJson("/api/v1/links/" + link + "/configs",
					Map.of("consumer.offset.sync.ms", value))
				.andReturn()
				.getResponse()
				.getStatus();
			results.add(pool.submit(patchCall));
		}
		int ok = 0;
		for (Future<Integer> result : results) {
			int status = result.get();
			assertThat(status).as("every concurrent update either applies or is refused as a conflict").isIn(200, 409);
			ok += (status == 200) ? 1 : 0;
		}
		pool.shutdown();
		assertThat(ok).isPositive();
		// every applied update bumped the version exactly once: none was lost or applied
		// twice
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.version").value(ok));
	}

	@Test
	void unreachableSourceMakesTheLinkSourceUnavailableUntilPaused() throws Exception {
		String[] clusters = registerClusters();
		String down = unique("down");
		postJson("/api/v1/clusters", Map.of("name", down, "bootstrapServers", "127.0.0.1:1"))
			.andExpect(status().isCreated());
		String link = unique("unavail");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", down, "destinationCluster", clusters[1]))
			.andExpect(status().isCreated());
		await().atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(() -> getJson("/api/v1/links/" + link)
				.andExpect(jsonPath("$.state").value("SOURCE_UNAVAILABLE"))
				.andExpect(jsonPath("$.stateReason").value(org.hamcrest.Matchers.startsWith("source cluster:"))));
		call(post("/api/v1/links/" + link + ":pause")).andExpect(jsonPath("$.state").value("PAUSED"));
		call(post("/api/v1/links/" + link + ":resume")).andExpect(jsonPath("$.state").value("ACTIVE"));
		await().atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(
					() -> getJson("/api/v1/links/" + link).andExpect(jsonPath("$.state").value("SOURCE_UNAVAILABLE")));
	}

	private static Map<String, Object> mapWithNull(String key, Object value, String nullKey) {
		Map<String, Object> map = new HashMap<>();
		map.put(key, value);
		map.put(nullKey, null);
		return map;
	}

}
