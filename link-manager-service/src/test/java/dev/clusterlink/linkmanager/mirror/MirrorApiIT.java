package dev.clusterlink.linkmanager.mirror;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestKafka;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Lifecycle of a mirror topic through the API, with the worker's part played by SQL where
 * needed.
 */
class MirrorApiIT extends LinkManagerIT {

	@Test
	void mirrorLifecycle() throws Exception {
		String link = createLink(Map.of("cluster.link.prefix", "dr."));
		String topic = unique("orders");
		createSourceTopic(topic, 3);
		String mirror = "dr." + topic;

		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, "/api/v1/links/" + link + "/mirrors/" + mirror))
			.andExpect(jsonPath("$.name").value(mirror))
			.andExpect(jsonPath("$.sourceTopic").value(topic))
			.andExpect(jsonPath("$.state").value("PENDING"))
			.andExpect(jsonPath("$.owner").doesNotExist())
			.andExpect(jsonPath("$.partitions").isEmpty());

		getJson("/api/v1/links/" + link + "/mirrors").andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].name").value(mirror))
			.andExpect(jsonPath("$.items[0].owner").doesNotExist())
			.andExpect(jsonPath("$.totalItems").value(1));
		getJson("/api/v1/mirrors?state=PENDING&size=500").andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].name", hasItem(mirror)));
		getJson("/api/v1/mirrors?state=STOPPED,PAUSED&size=500")
			.andExpect(jsonPath("$.items[*].name", not(hasItem(mirror))));
		getJson("/api/v1/links/" + link + "/mirrors?state=ACTIVE").andExpect(jsonPath("$.items").isEmpty())
			.andExpect(jsonPath("$.totalItems").value(0));
		getJson("/api/v1/links/" + link).andExpect(jsonPath("$.mirrorCount").value(1));

		// the worker reports partitions: the API shows them, the max lag and the widest
		// offset mode
		UUID id = mirrorId(link, mirror);
		reportPartition(id, 0, "IDENTICAL", 0, 100, 100);
		reportPartition(id, 1, "SHIFTED", 10, 100, 60);
		reportPartition(id, 2, "IDENTICAL", 0, 50, 50);
		setState(id, "ACTIVE");
		sql("insert into mirror_leases (mirror_id, owner, epoch, expires_at, acquired_at, renewed_at)"
				+ " values (?, 'worker-a', 3, now() + interval '1 minute', now(), now())", id);
		getJson("/api/v1/links/" + link + "/mirrors/" + mirror).andExpect(status().isOk())
			.andExpect(jsonPath("$.owner.instanceId").value("worker-a"))
			.andExpect(jsonPath("$.owner.epoch").value(3))
			.andExpect(jsonPath("$.owner.live").value(true))
			.andExpect(jsonPath("$.state").value("ACTIVE"))
			.andExpect(jsonPath("$.offsetMode").value("SHIFTED"))
			.andExpect(jsonPath("$.maxLag").value(40))
			.andExpect(jsonPath("$.partitions.length()").value(3))
			.andExpect(jsonPath("$.partitions[1].partition").value(1))
			.andExpect(jsonPath("$.partitions[1].sourceStartOffset").value(10))
			.andExpect(jsonPath("$.partitions[1].sourceEndOffset").value(100))
			.andExpect(jsonPath("$.partitions[1].mirroredOffset").value(60))
			.andExpect(jsonPath("$.partitions[1].lag").value(40));

		// dry runs change nothing
		call(post(actionPath(link, mirror, "promote") + "?dryRun=true")).andExpect(status().isOk())
			.andExpect(jsonPath("$.dryRun").value(true))
			.andExpect(jsonPath("$.fromState").value("ACTIVE"))
			.andExpect(jsonPath("$.toState").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.stoppedBy").value("PROMOTE"))
			.andExpect(jsonPath("$.maxLag").value(40))
			.andExpect(jsonPath("$.partitions[1].lag").value(40));
		call(post(actionPath(link, mirror, "failover") + "?dryRun=true")).andExpect(status().isOk())
			.andExpect(jsonPath("$.stoppedBy").value("FAILOVER"));
		call(post(actionPath(link, mirror, "pause") + "?dryRun=true")).andExpect(jsonPath("$.toState").value("PAUSED"));
		long version = body(getJson("/api/v1/links/" + link + "/mirrors/" + mirror)).get("version").asLong();
		getJson("/api/v1/links/" + link + "/mirrors/" + mirror).andExpect(jsonPath("$.state").value("ACTIVE"));

		call(post(actionPath(link, mirror, "pause"))).andExpect(status().isOk())
			.andExpect(jsonPath("$.toState").value("PAUSED"))
			.andExpect(jsonPath("$.changed").value(true))
			.andExpect(jsonPath("$.version").value(version + 1));
		call(post(actionPath(link, mirror, "pause"))).andExpect(jsonPath("$.changed").value(false));
		expectProblem(call(post(actionPath(link, mirror, "promote"))), 409, "illegal-transition", null)
			.andExpect(jsonPath("$.currentState").value("PAUSED"))
			.andExpect(jsonPath("$.requested").value("promote"));
		call(post(actionPath(link, mirror, "resume"))).andExpect(jsonPath("$.toState").value("PENDING"));
		setState(id, "ACTIVE");
		call(post(actionPath(link, mirror, "promote"))).andExpect(status().isOk())
			.andExpect(jsonPath("$.toState").value("PENDING_STOPPED"));
		getJson("/api/v1/links/" + link + "/mirrors/" + mirror).andExpect(jsonPath("$.state").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.stoppedBy").value("PROMOTE"));
		// a stuck promotion can be turned into a failover
		call(post(actionPath(link, mirror, "failover"))).andExpect(jsonPath("$.stoppedBy").value("FAILOVER"));

		// the link cannot be deleted while the mirror is not STOPPED
		expectProblem(call(delete("/api/v1/links/" + link)), 409, "link-has-mirrors", null)
			.andExpect(jsonPath("$.mirrors[0]").value(mirror));
		setState(id, "STOPPED");
		expectProblem(call(post(actionPath(link, mirror, "resume"))), 409, "illegal-transition", null);

		call(delete("/api/v1/links/" + link + "/mirrors/" + mirror)).andExpect(status().isNoContent());
		expectProblem(getJson("/api/v1/links/" + link + "/mirrors/" + mirror), 404, "mirror-not-found", null);
		expectProblem(call(delete("/api/v1/links/" + link + "/mirrors/" + mirror)), 404, "mirror-not-found", null);
		expectProblem(call(post(actionPath(link, mirror, "pause"))), 404, "mirror-not-found", null);
		call(delete("/api/v1/links/" + link)).andExpect(status().isNoContent());
	}

	@Test
	void translateFindsTheDestinationOffsetOfASourceRecord() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("translate");
		createSourceTopic(topic, 2);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		UUID id = mirrorId(link, topic);
		String base = "/api/v1/links/" + link + "/mirrors/" + topic + "/partitions/";
		// partition 0: IDENTICAL from 100; partition 1: TRANSLATED, source 0..9 -> 0..9,
		// 12.. -> 10..
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, offset_delta, "
				+ "mirrored_offset, destination_end_offset, updated_at) values (?, 0, 'ACTIVE', 'IDENTICAL', 100, 0, 150, "
				+ "150, now())", id);
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, offset_delta, "
				+ "mirrored_offset, destination_end_offset, records_lost, updated_at) values (?, 1, 'ACTIVE', 'TRANSLATED', "
				+ "0, 0, 20, 18, 2, now())", id);
		sql("insert into mirror_offset_ranges (mirror_id, partition, source_start, destination_start) values (?, 1, 0, 0)",
				id);
		sql("insert into mirror_offset_ranges (mirror_id, partition, source_start, destination_start) values (?, 1, 12, 10)",
				id);

		getJson(base + "0/translate?sourceOffset=120").andExpect(status().isOk())
			.andExpect(jsonPath("$.destinationOffset").value(120))
			.andExpect(jsonPath("$.offsetMode").value("IDENTICAL"));
		getJson(base + "1/translate?sourceOffset=13").andExpect(status().isOk())
			.andExpect(jsonPath("$.destinationOffset").value(11))
			.andExpect(jsonPath("$.offsetMode").value("TRANSLATED"));
		expectProblem(getJson(base + "1/translate?sourceOffset=10"), 404, "offset-not-found", null)
			.andExpect(jsonPath("$.nextDestinationOffset").value(10));
		expectProblem(getJson(base + "0/translate?sourceOffset=99"), 410, "offset-gone", null)
			.andExpect(jsonPath("$.firstSourceOffset").value(100));
		expectProblem(getJson(base + "0/translate?sourceOffset=150"), 404, "offset-not-mirrored", null)
			.andExpect(jsonPath("$.mirroredOffset").value(150));
		expectProblem(getJson(base + "7/translate?sourceOffset=1"), 404, "partition-not-found", null);
		expectProblem(getJson(base + "0/translate?sourceOffset=-1"), 400, "validation-failed", "sourceOffset");
		expectProblem(getJson(base + "0/translate"), 400, "validation-failed", "sourceOffset");
		expectProblem(getJson(base + "0/translate?sourceOffset=x"), 400, "validation-failed", "sourceOffset");
		getJson("/api/v1/links/" + link + "/mirrors/" + topic)
			.andExpect(jsonPath("$.partitions[1].recordsLost").value(2))
			.andExpect(jsonPath("$.partitions[1].destinationEndOffset").value(18))
			.andExpect(jsonPath("$.offsetMode").value("TRANSLATED"))
			.andExpect(jsonPath("$.warnings").isArray());
	}

	@Test
	void createChecksBothClusters() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("t");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)), 404,
				"source-topic-not-found", "sourceTopic");
		createSourceTopic(topic, 1);
		createTopic(TestKafka.destinationBootstrap(), topic, 1);
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)), 409,
				"destination-topic-exists", "mirrorTopic");
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic, "mirrorTopic", topic + ".copy"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.name").value(topic + ".copy"));
		expectProblem(
				postJson("/api/v1/links/" + link + "/mirrors",
						Map.of("sourceTopic", topic, "mirrorTopic", topic + ".other")),
				409, "mirror-exists", "sourceTopic");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", "a b")), 400,
				"validation-failed", "sourceTopic");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of()), 400, "validation-failed",
				"sourceTopic");
		expectProblem(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", "__consumer_offsets")), 400,
				"validation-failed", "sourceTopic");
		expectProblem(
				postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic, "mirrorTopic", "x/y")), 400,
				"validation-failed", "mirrorTopic");
		expectProblem(postJson("/api/v1/links/nope-" + link + "/mirrors", Map.of("sourceTopic", topic)), 404,
				"link-not-found", null);
		expectProblem(getJson("/api/v1/mirrors?state=SLEEPING"), 400, "validation-failed", "state")
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("PENDING")));
	}

	@Test
	void aMirrorNameIsUniqueOnItsDestination() throws Exception {
		String[] clusters = registerClusters();
		String first = unique("l1");
		String second = unique("l2");
		for (String link : new String[] { first, second }) {
			postJson("/api/v1/links",
					Map.of("name", link, "sourceCluster", clusters[0], "destinationCluster", clusters[1]))
				.andExpect(status().isCreated());
		}
		String topic = unique("shared");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + first + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		expectProblem(postJson("/api/v1/links/" + second + "/mirrors", Map.of("sourceTopic", topic)), 409,
				"mirror-exists", "mirrorTopic");
	}

	@Test
	void haltedMirrorsResumeOnlyWhenTheLossIsAcknowledged() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("halted");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		setState(mirrorId(link, topic), "DATA_LOSS");
		expectProblem(call(post(actionPath(link, topic, "resume"))), 409, "illegal-transition", null)
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("acknowledgeDataLoss=true")));
		expectProblem(call(post(actionPath(link, topic, "pause"))), 409, "illegal-transition", null);
		call(post(actionPath(link, topic, "resume") + "?acknowledgeDataLoss=true")).andExpect(status().isOk())
			.andExpect(jsonPath("$.toState").value("PENDING"));
		getJson("/api/v1/links/" + link + "/mirrors/" + topic)
			.andExpect(jsonPath("$.stateReason").value(org.hamcrest.Matchers.containsString("acknowledged DATA_LOSS")));
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + topic)
			.andExpect(jsonPath("$.items[0].action").value("mirror.resume"))
			.andExpect(jsonPath("$.items[0].details.acknowledgedDataLoss").exists());
	}

	@Test
	void deleteKeepsTheDestinationTopicUnlessAsked() throws Exception {
		String link = createLink(Map.of());
		String kept = unique("kept");
		String dropped = unique("dropped");
		for (String topic : new String[] { kept, dropped }) {
			createSourceTopic(topic, 1);
			postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic))
				.andExpect(status().isCreated());
			// stands in for the worker, which creates the destination topic
			createTopic(TestKafka.destinationBootstrap(), topic, 1);
		}
		call(delete("/api/v1/links/" + link + "/mirrors/" + kept)).andExpect(status().isNoContent());
		call(delete("/api/v1/links/" + link + "/mirrors/" + dropped + "?deleteTopic=true"))
			.andExpect(status().isNoContent());
		assertThat(topicExists(TestKafka.destinationBootstrap(), kept)).isTrue();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(topicExists(TestKafka.destinationBootstrap(), dropped)).isFalse());
	}

	@Test
	void forcedLinkDeleteRemovesItsMirrors() throws Exception {
		String link = createLink(Map.of());
		String topic = unique("forced");
		createSourceTopic(topic, 1);
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		expectProblem(call(delete("/api/v1/links/" + link)), 409, "link-has-mirrors", null);
		call(delete("/api/v1/links/" + link + "?force=true")).andExpect(status().isNoContent());
		getJson("/api/v1/mirrors?size=500").andExpect(jsonPath("$.items[*].link", everyItem(not(link))));
	}

	@Test
	void autoCreationMirrorsTheTopicsTheFiltersSelect() throws Exception {
		String prefix = unique("auto");
		String link = createLink(Map.of("auto.create.mirror.topics.enable", "true", "auto.create.mirror.topics.filters",
				"{\"topicFilters\":[{\"name\":\"" + prefix
						+ ".\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}," + "{\"name\":\"" + prefix
						+ ".private\",\"patternType\":\"PREFIXED\",\"filterType\":\"EXCLUDE\"}]}"));
		createSourceTopic(prefix + ".orders", 1);
		createSourceTopic(prefix + ".payments", 1);
		createSourceTopic(prefix + ".private.keys", 1);
		createSourceTopic("_" + prefix + ".internal", 1);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> getJson("/api/v1/links/" + link + "/mirrors")
				.andExpect(jsonPath("$.items[*].name", hasItem(prefix + ".orders")))
				.andExpect(jsonPath("$.items[*].name", hasItem(prefix + ".payments"))));
		getJson("/api/v1/links/" + link + "/mirrors").andExpect(jsonPath("$.totalItems").value(2));
	}

	private static String actionPath(String link, String mirror, String action) {
		return "/api/v1/links/" + link + "/mirrors/" + mirror + ":" + action;
	}

	/** Plays the worker: a state change with the version bump every change makes. */
	private static void setState(UUID mirrorId, String state) throws Exception {
		sql("update mirrors set state = ?, version = version + 1 where id = ?", state, mirrorId);
	}

	private static void reportPartition(UUID mirrorId, int partition, String mode, long start, long end, long mirrored)
			throws Exception {
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, source_start_offset, "
				+ "source_end_offset, mirrored_offset, lag, updated_at) values (?, ?, 'ACTIVE', ?, ?, ?, ?, ?, now())",
				mirrorId, partition, mode, start, end, mirrored, end - mirrored);
	}

}
