package dev.clusterlink.linkmanager.cutover;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Cutover in one call. The link manager's tests run without a mirror worker: the worker's
 * part (finishing or timing out a promotion) is played by SQL while the call waits, so
 * these tests check the orchestration, the refusals, the dry run and the fence (on the
 * broker with an authorizer), not the copying.
 */
class CutoverIT extends LinkManagerIT {

	@Test
	void aDryRunListsMirrorsLagAndFenceAndChangesNothing() throws Exception {
		String link = createLink(Map.of());
		String prefix = unique("dry");
		createMirrors(link, prefix + "-a", prefix + "-b");
		sql("insert into mirror_partitions (mirror_id, partition, state, offset_mode, source_start_offset, "
				+ "source_end_offset, mirrored_offset, lag, updated_at) select id, 0, 'ACTIVE', 'IDENTICAL', 0, 100, 60, "
				+ "40, now() from mirrors where name = ?", prefix + "-a");
		long version = version(link, prefix + "-a");

		cutover(link,
				Map.of("pattern", prefix + "-*", "dryRun", true, "fence", Map.of("principals", List.of("User:app"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.dryRun").value(true))
			.andExpect(jsonPath("$.outcome").value("dry-run"))
			.andExpect(jsonPath("$.mirrors.length()").value(2))
			.andExpect(jsonPath("$.mirrors[0].mirror").value(prefix + "-a"))
			.andExpect(jsonPath("$.mirrors[0].state").value("ACTIVE"))
			.andExpect(jsonPath("$.mirrors[0].maxLag").value(40))
			.andExpect(jsonPath("$.mirrors[0].partitions[0].mirroredOffset").value(60))
			.andExpect(jsonPath("$.mirrors[0].promote.toState").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.fence.principals[0]").value("User:app"))
			.andExpect(jsonPath("$.fence.created.length()").value(2))
			.andExpect(jsonPath("$.fence.created[0].topic").value(prefix + "-a"))
			.andExpect(jsonPath("$.fence.created[0].principal").value("User:app"))
			// the test source has no authorizer: the dry run says the call would be
			// refused
			.andExpect(jsonPath("$.fence.problem.errorCode").value("fence-unavailable"));
		assertThat(version(link, prefix + "-a")).isEqualTo(version);
		getJson("/api/v1/links/" + link + "/mirrors/" + prefix + "-b").andExpect(jsonPath("$.state").value("ACTIVE"));
		assertThat(Long.parseLong(
				query("select count(*) from cutover_fences f join links l on l.id = f.link_id where l.name = ?", link)))
			.isZero();
	}

	@Test
	void refusedBeforeAnyChange() throws Exception {
		String link = createLink(Map.of());
		String prefix = unique("refused");
		createMirrors(link, prefix + "-a", prefix + "-b");

		// no authorizer on the source: the fence cannot be made
		expectProblem(cutover(link, Map.of("all", true, "fence", Map.of("principals", List.of("User:app")))), 409,
				"fence-unavailable", null)
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no authorizer")));
		// a mirror that cannot be promoted refuses the whole cutover
		state(link, prefix + "-b", "PAUSED", null);
		expectProblem(cutover(link, Map.of("all", true)), 409, "illegal-transition", null)
			.andExpect(jsonPath("$.mirrors[0].mirror").value(prefix + "-b"))
			.andExpect(jsonPath("$.mirrors[0].state").value("PAUSED"));
		getJson("/api/v1/links/" + link + "/mirrors/" + prefix + "-a").andExpect(jsonPath("$.state").value("ACTIVE"));

		// a paused link completes no promotion
		state(link, prefix + "-b", "ACTIVE", null);
		call(post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk());
		expectProblem(cutover(link, Map.of("all", true)), 409, "illegal-transition", null)
			.andExpect(jsonPath("$.currentState").value("PAUSED"));
		cutover(link, Map.of("all", true, "dryRun", true)).andExpect(status().isOk())
			.andExpect(jsonPath("$.next").value(org.hamcrest.Matchers.containsString("would be refused")));
		call(post("/api/v1/links/" + link + ":resume")).andExpect(status().isOk());
		expectProblem(cutover(link, Map.of("pattern", "none-*")), 400, "validation-failed", "pattern");
		expectProblem(cutover(link, Map.of("all", true, "fence", Map.of("principals", List.of("app")))), 400,
				"validation-failed", "fence.principals[0]");
		expectProblem(cutover(link, Map.of("all", true, "timeoutSeconds", 0)), 400, "validation-failed",
				"timeoutSeconds");
		String operator = body(postJson("/api/v1/api-keys", Map.of("name", unique("op"), "role", "operator")))
			.path("key")
			.asString();
		expectProblem(callAs(operator, request(link, ":cutover", Map.of("all", true))), 403, "forbidden", null);
		getJson("/api/v1/links/" + link + "/mirrors/" + prefix + "-a").andExpect(jsonPath("$.state").value("ACTIVE"));
	}

	@Test
	void promotesWaitsAndReportsEveryMirror() throws Exception {
		String link = createLink(Map.of());
		String prefix = unique("cut");
		String done = prefix + "-done";
		String behind = prefix + "-behind";
		createMirrors(link, done, behind);

		CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() -> {
			try {
				return body(cutover(link, Map.of("all", true, "timeoutSeconds", 60)).andExpect(status().isOk()));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			getJson("/api/v1/links/" + link + "/mirrors/" + done)
				.andExpect(jsonPath("$.state").value("PENDING_STOPPED"));
			getJson("/api/v1/links/" + link + "/mirrors/" + behind)
				.andExpect(jsonPath("$.state").value("PENDING_STOPPED"));
		});
		// the worker: one promotion completes, the other times out back to ACTIVE
		sql("update mirrors set state = 'STOPPED', stopped_at = now(), version = version + 1, failover_report = "
				+ "'{\"stoppedBy\":\"PROMOTE\",\"finalOffsetSync\":\"3 group(s) synced\",\"partitions\":[]}'::jsonb "
				+ "where name = ?", done);
		sql("update mirrors set state = 'ACTIVE', stopped_by = null, state_reason = 'promotion timed out', "
				+ "version = version + 1 where name = ?", behind);
		JsonNode report = call.get(60, TimeUnit.SECONDS);

		assertThat(report.get("outcome").asString()).isEqualTo("incomplete");
		JsonNode first = report.get("mirrors").get(0);
		assertThat(first.get("mirror").asString()).isEqualTo(behind);
		assertThat(first.get("state").asString()).isEqualTo("ACTIVE");
		assertThat(first.get("promoted").asBoolean()).isFalse();
		assertThat(first.get("stateReason").asString()).contains("timed out");
		assertThat(first.get("promote").get("toState").asString()).isEqualTo("PENDING_STOPPED");
		JsonNode second = report.get("mirrors").get(1);
		assertThat(second.get("mirror").asString()).isEqualTo(done);
		assertThat(second.get("state").asString()).isEqualTo("STOPPED");
		assertThat(second.get("promoted").asBoolean()).isTrue();
		assertThat(second.get("finalOffsetSync").asString()).isEqualTo("3 group(s) synced");
		assertThat(report.get("next").asString()).contains("promote the rest again");

		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].action").value("cutover.finish"))
			.andExpect(jsonPath("$.items[0].details.outcome").value("incomplete"))
			.andExpect(jsonPath("$.items[1].action").value("mirror.batch.promote"))
			.andExpect(jsonPath("$.items[2].action").value("cutover.start"));
		getJson("/api/v1/audit?entityType=mirror&entityName=" + link + "/" + done)
			.andExpect(jsonPath("$.items[0].action").value("mirror.promote"));
	}

	@Test
	void theFenceDeniesWritesAndUnfenceLiftsExactlyWhatItCreated() throws Exception {
		String sourceCluster = register(AuthorizerKafka.sourceBootstrap());
		String destinationCluster = register(TestKafka.destinationBootstrap());
		String link = unique("fenced");
		postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", sourceCluster, "destinationCluster", destinationCluster))
			.andExpect(status().isCreated());
		String topic = unique("fenced-topic");
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap())) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			// an ACL that existed before: the cutover must not take it over
			AuthorizerKafka.create(admin, List.of(deny(topic, "User:old")));
		}
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		state(link, topic, "ACTIVE", null);

		// no worker: the promotion stays pending and the short wait ends the call
		cutover(link,
				Map.of("mirrors", List.of(topic), "timeoutSeconds", 1, "fence",
						Map.of("principals", List.of("User:app", "User:old"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("incomplete"))
			.andExpect(jsonPath("$.fence.created.length()").value(1))
			.andExpect(jsonPath("$.fence.created[0].principal").value("User:app"))
			.andExpect(jsonPath("$.fence.alreadyPresent[0].principal").value("User:old"))
			.andExpect(jsonPath("$.mirrors[0].state").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.mirrors[0].promoted").value(false));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(denies(topic)).containsExactlyInAnyOrder(deny(topic, "User:app"),
					deny(topic, "User:old")));
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[*].action", org.hamcrest.Matchers.hasItem("cutover.fence")));

		call(request(link, ":unfence", Map.of("principals", List.of("User:app", "User:old"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.removed.length()").value(1))
			.andExpect(jsonPath("$.removed[0].principal").value("User:app"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(denies(topic)).containsExactly(deny(topic, "User:old")));
		expectProblem(call(request(link, ":unfence", Map.of("principals", List.of("nobody")))), 400,
				"validation-failed", "principals[0]");
		call(request(link, ":unfence", Map.of())).andExpect(status().isOk())
			.andExpect(jsonPath("$.removed.length()").value(0));
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].action").value("cutover.unfence"));
	}

	@Test
	void aMirrorInTheReverseDirectionIsFencedOnItsOwnSource() throws Exception {
		// a bidirectional link whose destination has the authorizer: a mirror flowing
		// back
		// reads from that cluster, so that is where its writers are fenced
		String plain = register(TestKafka.destinationBootstrap());
		String secured = register(AuthorizerKafka.sourceBootstrap());
		String link = unique("bidi-fenced");
		postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", plain, "destinationCluster", secured, "configs",
						Map.of("link.mode", "bidirectional", "cluster.link.prefix", "back.")))
			.andExpect(status().isCreated());
		String topic = unique("flows-back");
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap())) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		String mirror = "back." + topic;
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic, "direction", "reverse"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.direction").value("reverse"));
		state(link + "~reverse", mirror, "ACTIVE", null);

		cutover(link,
				Map.of("mirrors", List.of(mirror), "dryRun", true, "fence", Map.of("principals", List.of("User:app"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.fence.problem").doesNotExist())
			.andExpect(jsonPath("$.fence.created[0].topic").value(topic));
		cutover(link,
				Map.of("mirrors", List.of(mirror), "timeoutSeconds", 1, "fence",
						Map.of("principals", List.of("User:app"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.mirrors[0].state").value("PENDING_STOPPED"))
			.andExpect(jsonPath("$.fence.created[0].topic").value(topic));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(denies(topic)).containsExactly(deny(topic, "User:app")));

		call(request(link, ":unfence", Map.of())).andExpect(status().isOk())
			.andExpect(jsonPath("$.removed.length()").value(1));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(denies(topic)).isEmpty());
	}

	private static AclBinding deny(String topic, String principal) {
		return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
				new AccessControlEntry(principal, "*", AclOperation.WRITE, AclPermissionType.DENY));
	}

	private static Collection<AclBinding> denies(String topic) throws Exception {
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap())) {
			return admin.describeAcls(AclBindingFilter.ANY)
				.values()
				.get(30, TimeUnit.SECONDS)
				.stream()
				.filter((acl) -> acl.pattern().name().equals(topic))
				.toList();
		}
	}

	private String register(String bootstrap) throws Exception {
		String name = unique("cluster");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", bootstrap))
			.andExpect(status().isCreated());
		return name;
	}

	private void createMirrors(String link, String... topics) throws Exception {
		for (String topic : topics) {
			createSourceTopic(topic, 1);
			postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic))
				.andExpect(status().isCreated());
			state(link, topic, "ACTIVE", null);
		}
	}

	private ResultActions cutover(String link, Map<String, ?> body) throws Exception {
		return call(request(link, ":cutover", body));
	}

	private static MockHttpServletRequestBuilder request(String link, String action, Map<String, ?> body) {
		return post("/api/v1/links/" + link + action).contentType(MediaType.APPLICATION_JSON).content(json(body));
	}

	private long version(String link, String mirror) throws Exception {
		return body(getJson("/api/v1/links/" + link + "/mirrors/" + mirror)).get("version").asLong();
	}

	/** Plays the worker: a state change with the version bump every change makes. */
	private static void state(String link, String mirror, String state, String stoppedBy) throws Exception {
		sql("update mirrors set state = ?, stopped_by = ?, version = version + 1 "
				+ "where name = ? and link_id = (select id from links where name = ?)", state, stoppedBy, mirror, link);
	}

}
