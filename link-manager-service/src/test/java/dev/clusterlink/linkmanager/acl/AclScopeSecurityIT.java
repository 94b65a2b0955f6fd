package dev.clusterlink.linkmanager.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.DesiredAcl;
import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.ResultActions;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * ACL sync that cannot grant too much (issue 12), against real brokers with
 * {@code StandardAuthorizer} and real PostgreSQL: every refused case is tried, and for
 * each the status, the problem type, that nothing changed in the store or on the
 * clusters, and the audit entry are checked. Read-replica's refusals are skipped ACLs of
 * the dry run (the code the ACL sync service runs); full mode needs an admin who reviewed
 * the diff; deleting a mirror or a link removes the link's ACLs and DENY WRITE ACLs,
 * audited, and never a hand-made one.
 */
class AclScopeSecurityIT extends LinkManagerIT {

	private static Admin source;

	private static Admin destination;

	@Autowired
	private AclLedger ledger;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeAll
	static void clients() {
		source = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap());
		destination = AuthorizerKafka.admin(AuthorizerKafka.destinationBootstrap());
	}

	@AfterAll
	static void close() {
		source.close();
		destination.close();
	}

	@Test
	void readReplicaCopiesOnlyLiteralAllowReadAndDescribeOnMirroredTopics() throws Exception {
		String alice = principal("alice");
		String bob = principal("bob");
		String mallory = principal("mallory");
		String orders = unique("orders");
		String payroll = unique("payroll");
		AclBinding aliceReads = acl(TOPIC, orders, LITERAL, alice, READ, ALLOW);
		AclBinding aliceDescribes = acl(TOPIC, orders, LITERAL, alice, DESCRIBE, ALLOW);
		List<AclBinding> refused = List.of(acl(TOPIC, orders, LITERAL, bob, WRITE, ALLOW),
				acl(TOPIC, orders, LITERAL, bob, ALL, ALLOW), acl(TOPIC, orders, LITERAL, bob, DESCRIBE_CONFIGS, ALLOW),
				acl(TOPIC, orders, LITERAL, mallory, READ, DENY), acl(TOPIC, orders, PREFIXED, alice, READ, ALLOW),
				acl(TOPIC, "*", LITERAL, alice, READ, ALLOW), acl(TOPIC, payroll, LITERAL, alice, READ, ALLOW),
				// shadowed: a source DENY takes READ on orders away from mallory
				acl(TOPIC, orders, LITERAL, mallory, READ, ALLOW), acl(GROUP, "billing", LITERAL, alice, READ, ALLOW),
				acl(GROUP, "billing", PREFIXED, alice, READ, ALLOW));
		List<AclBinding> all = new ArrayList<>(refused);
		all.add(aliceReads);
		all.add(aliceDescribes);
		AuthorizerKafka.create(source, all);
		String link = createAclLink(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", true, "acl.filters",
				filtersFor(alice, bob, mallory)));
		mirror(link, orders, "dr." + orders);

		Collection<AclBinding> destinationBefore = AuthorizerKafka.acls(destination);
		getJson("/api/v1/links/" + link + "/acls/diff").andExpect(status().isOk())
			.andExpect(jsonPath("$.mode").value("read-replica"))
			.andExpect(jsonPath("$.toAdd", hasSize(2)))
			.andExpect(jsonPath("$.toAdd[*].resourceName", containsInAnyOrder("dr." + orders, "dr." + orders)))
			.andExpect(jsonPath("$.toAdd[*].operation", containsInAnyOrder("READ", "DESCRIBE")))
			.andExpect(jsonPath("$.toAdd[*].principal", containsInAnyOrder(alice, alice)))
			.andExpect(jsonPath("$.skipped", hasSize(refused.size())));
		JsonNode skipped = body(getJson("/api/v1/links/" + link + "/acls/diff")).path("skipped");
		Map<String, String> reasons = new HashMap<>();
		skipped.forEach((entry) -> reasons.put(
				entry.path("principal").asString() + " " + entry.path("permissionType").asString() + " "
						+ entry.path("operation").asString() + " " + entry.path("resourceType").asString() + " "
						+ entry.path("patternType").asString() + " " + entry.path("resourceName").asString(),
				entry.path("reason").asString()));
		assertThat(reasons).hasSize(refused.size());
		assertThat(reasons.get(key(refused.get(0)))).contains("only READ and DESCRIBE are copied");
		assertThat(reasons.get(key(refused.get(1)))).contains("only READ and DESCRIBE are copied");
		assertThat(reasons.get(key(refused.get(2)))).contains("only READ and DESCRIBE are copied");
		assertThat(reasons.get(key(refused.get(3)))).startsWith("DENY is not copied");
		assertThat(reasons.get(key(refused.get(4)))).startsWith("PREFIXED patterns are not copied");
		assertThat(reasons.get(key(refused.get(5)))).startsWith("the wildcard '*' is not copied");
		assertThat(reasons.get(key(refused.get(6)))).isEqualTo("topic '" + payroll + "' is not mirrored by this link");
		assertThat(reasons.get(key(refused.get(7)))).contains("a source DENY could apply");
		assertThat(reasons.get(key(refused.get(8)))).contains("acl.sync.include.groups=true");
		assertThat(reasons.get(key(refused.get(9)))).startsWith("PREFIXED patterns are not copied");
		assertThat(AuthorizerKafka.acls(destination)).as("a dry run changes nothing")
			.containsExactlyInAnyOrderElementsOf(destinationBefore);

		// with groups on, the LITERAL group READ is copied, under its own name
		patchJson("/api/v1/links/" + link + "/configs", Map.of("acl.sync.include.groups", true))
			.andExpect(status().isOk());
		getJson("/api/v1/links/" + link + "/acls/diff").andExpect(status().isOk())
			.andExpect(jsonPath("$.toAdd", hasSize(3)))
			.andExpect(jsonPath("$.toAdd[?(@.resourceType == 'GROUP')].resourceName").value("billing"))
			.andExpect(jsonPath("$.skipped", hasSize(refused.size() - 1)));
	}

	@Test
	void onlyAnAdminCanTurnFullModeOnAndOnlyWithTheReviewedDiff() throws Exception {
		String bob = principal("bob");
		String orders = unique("orders");
		AclBinding bobWrites = acl(TOPIC, orders, LITERAL, bob, WRITE, ALLOW);
		AuthorizerKafka.create(source, List.of(bobWrites));
		Map<String, Object> readReplica = Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", true, "acl.filters",
				filtersFor(bob));
		String link = createAclLink(readReplica);
		String configsBefore = configs(link);
		Collection<AclBinding> destinationBefore = AuthorizerKafka.acls(destination);
		Map<String, Object> full = Map.of("acl.sync.mode", "full");

		// not an admin: 403, for the change and for its review
		String operator = createKey(unique("operator"), "operator");
		expectProblem(callAs(operator, patchConfigs(link, full, null)), 403, "forbidden", null);
		assertRefusalAudited(link, "PATCH", 403, null);
		expectProblem(
				callAs(operator, post("/api/v1/links/" + link + "/acls/diff").contentType(MediaType.APPLICATION_JSON)
					.content(json(full))),
				403, "forbidden", null);
		assertRefusalAudited(link, "POST", 403, null);
		assertUnchanged(link, configsBefore, destinationBefore);

		// an admin without the reviewed diff: 428
		expectProblem(call(patchConfigs(link, full, null)), 428, "acl-diff-not-reviewed", null)
			.andExpect(jsonPath("$.link").value(link));
		assertRefusalAudited(link, "PATCH", 428, "acl-diff-not-reviewed");
		assertUnchanged(link, configsBefore, destinationBefore);
		expectProblem(call(put("/api/v1/links/" + link + "/configs").contentType(MediaType.APPLICATION_JSON)
			.content(json(with(readReplica, "acl.sync.mode", "full")))), 428, "acl-diff-not-reviewed", null);
		assertRefusalAudited(link, "PUT", 428, "acl-diff-not-reviewed");
		assertUnchanged(link, configsBefore, destinationBefore);

		// a token that is not the diff's: 409
		expectProblem(call(patchConfigs(link, full, "0".repeat(64))), 409, "acl-diff-changed", null);
		assertRefusalAudited(link, "PATCH", 409, "acl-diff-changed");
		assertUnchanged(link, configsBefore, destinationBefore);

		// the review lists what full mode would add; the dry run changes nothing
		ResultActions review = postJson("/api/v1/links/" + link + "/acls/diff", full).andExpect(status().isOk())
			.andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.toAdd", hasSize(1)))
			.andExpect(jsonPath("$.toAdd[0].resourceName").value("dr." + orders))
			.andExpect(jsonPath("$.toAdd[0].operation").value("WRITE"))
			.andExpect(jsonPath("$.reviewToken").isNotEmpty());
		String token = body(review).path("reviewToken").asString();
		assertUnchanged(link, configsBefore, destinationBefore);

		// the source changed since the review: the token is stale, 409
		AclBinding bobReadsMore = acl(TOPIC, unique("more"), LITERAL, bob, READ, ALLOW);
		AuthorizerKafka.create(source, List.of(bobReadsMore));
		expectProblem(call(patchConfigs(link, full, token)), 409, "acl-diff-changed", null);
		assertRefusalAudited(link, "PATCH", 409, "acl-diff-changed");
		assertUnchanged(link, configsBefore, destinationBefore);

		// reviewed again: accepted, and the change is audited as usual
		String fresh = body(postJson("/api/v1/links/" + link + "/acls/diff", full).andExpect(status().isOk())
			.andExpect(jsonPath("$.toAdd", hasSize(2)))).path("reviewToken").asString();
		call(patchConfigs(link, full, fresh)).andExpect(status().isOk());
		assertThat(configs(link)).contains("\"acl.sync.mode\": \"full\"");
		assertThat(this.jdbc
			.queryForObject("select count(*) from audit_log where entity_name = ? and action = 'link.configs.patch' "
					+ "and outcome = 'accepted'", Integer.class, link))
			.isEqualTo(1);

		// while full mode is on, widening what it copies needs a review too
		String before = configs(link);
		expectProblem(call(patchConfigs(link, Map.of("acl.filters", filtersFor(bob, principal("eve"))), null)), 428,
				"acl-diff-not-reviewed", null);
		assertUnchanged(link, before, AuthorizerKafka.acls(destination));
		// and switching back to read-replica does not
		call(patchConfigs(link, Map.of("acl.sync.mode", "read-replica"), null)).andExpect(status().isOk());
	}

	@Test
	void aLinkCannotBeCreatedWithFullMode() throws Exception {
		String sourceCluster = register(AuthorizerKafka.sourceBootstrap());
		String destinationCluster = register(AuthorizerKafka.destinationBootstrap());
		String link = unique("link");
		Collection<AclBinding> destinationBefore = AuthorizerKafka.acls(destination);
		expectProblem(
				postJson(
						"/api/v1/links", Map.of("name", link, "sourceCluster", sourceCluster, "destinationCluster",
								destinationCluster, "configs", Map.of("acl.sync.enable", true, "acl.sync.mode", "full",
										"acl.filters", filtersFor(principal("zed"))))),
				428, "acl-diff-not-reviewed", null);
		assertThat(this.jdbc.queryForObject("select count(*) from links where name = ?", Integer.class, link)).isZero();
		assertThat(AuthorizerKafka.acls(destination)).containsExactlyInAnyOrderElementsOf(destinationBefore);
		assertRefusalAudited(link, "POST", 428, "acl-diff-not-reviewed");
		// full mode with sync off copies nothing: allowed
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", sourceCluster, "destinationCluster",
				destinationCluster, "configs", Map.of("acl.sync.mode", "full")))
			.andExpect(status().isCreated());
	}

	@Test
	void deletingAMirrorThenTheLinkRemovesTheLinksAclsButNeverHandMadeOnes() throws Exception {
		String alice = principal("alice");
		String reader = principal("reader");
		String guarded = principal("guarded");
		String orders = unique("orders");
		String payments = unique("payments");
		// the source lets alice describe orders: the link would create exactly the ACL an
		// operator made by hand before it
		AuthorizerKafka.create(source, List.of(acl(TOPIC, orders, LITERAL, alice, DESCRIBE, ALLOW),
				acl(TOPIC, orders, LITERAL, alice, READ, ALLOW), acl(TOPIC, payments, LITERAL, alice, READ, ALLOW)));
		String link = createAclLink(
				Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", true, "acl.filters", filtersFor(alice)));
		UUID ordersMirror = mirror(link, orders, "dr." + orders);
		UUID paymentsMirror = mirror(link, payments, "dr." + payments);
		UUID linkId = linkId(link);

		// what ACL sync created (ledger), what the read-only guard set (DENY WRITE,
		// recorded per mirror), and what operators made by hand: one before the link,
		// identical to what the link would create, one beside the link's
		AclBinding ordersRead = acl(TOPIC, "dr." + orders, LITERAL, alice, READ, ALLOW);
		AclBinding paymentsRead = acl(TOPIC, "dr." + payments, LITERAL, alice, READ, ALLOW);
		AclBinding ordersDeny = acl(TOPIC, "dr." + orders, LITERAL, guarded, WRITE, DENY);
		AclBinding paymentsDeny = acl(TOPIC, "dr." + payments, LITERAL, guarded, WRITE, DENY);
		AclBinding handMadeBefore = acl(TOPIC, "dr." + orders, LITERAL, alice, DESCRIBE, ALLOW);
		AclBinding handMadeBeside = acl(TOPIC, "dr." + orders, LITERAL, reader, READ, ALLOW);
		AuthorizerKafka.create(destination,
				List.of(ordersRead, paymentsRead, ordersDeny, paymentsDeny, handMadeBefore, handMadeBeside));
		this.ledger.recordPending(linkId, List.of(new DesiredAcl(ordersRead, ordersRead, "copied"),
				new DesiredAcl(paymentsRead, paymentsRead, "copied")));
		this.ledger.confirmCreated(new AclLedger.AuditContext(linkId, link, 0, "acl-sync", "test"),
				List.of(ordersRead, paymentsRead));
		this.jdbc.update("update mirrors set deny_write_principals = ?::jsonb where id in (?, ?)",
				json(List.of(guarded)), ordersMirror, paymentsMirror);
		// a hand-made ACL that existed before the link would have created it is never
		// adopted: the diff counts it as present, creates nothing, and the ledger does
		// not list it
		getJson("/api/v1/links/" + link + "/acls/diff").andExpect(status().isOk())
			.andExpect(jsonPath("$.toAdd", hasSize(0)))
			.andExpect(jsonPath("$.unchanged").value(3));
		getJson("/api/v1/links/" + link + "/acls").andExpect(jsonPath("$.acls.items", hasSize(2)));

		// a destination without an authorizer cannot remove them: 503, nothing deleted
		String plain = unique("plain-link");
		postJson("/api/v1/links",
				Map.of("name", plain, "sourceCluster", register(AuthorizerKafka.sourceBootstrap()),
						"destinationCluster", register(TestKafka.destinationBootstrap()), "configs", Map.of()))
			.andExpect(status().isCreated());
		UUID plainMirror = mirror(plain, orders, "dr." + orders);
		this.jdbc.update("update mirrors set deny_write_principals = ?::jsonb where id = ?", json(List.of(guarded)),
				plainMirror);
		expectProblem(call(delete("/api/v1/links/" + plain + "/mirrors/dr." + orders)), 503, "cluster-unavailable",
				null)
			.andExpect(jsonPath("$.side").value("destination"));
		assertThat(this.jdbc.queryForObject("select count(*) from mirrors where id = ?", Integer.class, plainMirror))
			.isOne();
		assertThat(auditActions(plain)).doesNotContain("mirror.delete");
		// unless the operator keeps the ACLs
		call(delete("/api/v1/links/" + plain + "/mirrors/dr." + orders + "?keepAcls=true"))
			.andExpect(status().isNoContent());

		// delete one mirror: its ACLs go, the other mirror's and the hand-made ones stay
		String operator = createKey(unique("operator"), "operator");
		callAs(operator, delete("/api/v1/links/" + link + "/mirrors/dr." + orders)).andExpect(status().isNoContent());
		assertThat(destinationAcls(alice, reader, guarded)).containsExactlyInAnyOrder(paymentsRead, paymentsDeny,
				handMadeBefore, handMadeBeside);
		assertThat(this.ledger.owned(linkId)).extracting((owned) -> owned.binding()).containsExactly(paymentsRead);
		List<Map<String, Object>> removed = aclDeletions(link);
		assertThat(removed).hasSize(2);
		assertThat(removed).extracting((row) -> row.get("binding")).containsExactlyInAnyOrder(ordersRead, ordersDeny);
		assertThat(removed).allSatisfy((row) -> {
			assertThat(row.get("actor")).isEqualTo("apikey:" + this.keyNames.get(operator));
			assertThat((String) row.get("details")).contains("\"reason\": \"mirror 'dr." + orders + "' deleted\"");
		});
		assertThat(removed).filteredOn((row) -> row.get("binding").equals(ordersDeny))
			.singleElement()
			.satisfies((row) -> assertThat((String) row.get("details")).contains("\"createdBy\": \"read-only-guard\""));

		// delete the link: the rest of its ACLs go, the hand-made ones stay
		call(delete("/api/v1/links/" + link + "?force=true")).andExpect(status().isNoContent());
		assertThat(destinationAcls(alice, reader, guarded)).containsExactlyInAnyOrder(handMadeBefore, handMadeBeside);
		assertThat(aclDeletions(link)).extracting((row) -> row.get("binding"))
			.containsExactlyInAnyOrder(ordersRead, ordersDeny, paymentsRead, paymentsDeny);
		assertThat(aclDeletions(link)).filteredOn((row) -> row.get("binding").equals(paymentsRead))
			.singleElement()
			.satisfies((row) -> assertThat((String) row.get("details")).contains("\"reason\": \"link deleted\""));
		assertThat(this.jdbc.queryForObject(
				"select details::text from audit_log where entity_name = ? and action = 'link.delete'", String.class,
				link))
			.contains("\"aclsRemoved\": 2");
	}

	// helpers -----------------------------------------------------------------------

	private final Map<String, String> keyNames = new HashMap<>();

	private String createKey(String name, String role) throws Exception {
		String key = body(
				postJson("/api/v1/api-keys", Map.of("name", name, "role", role)).andExpect(status().isCreated()))
			.path("key")
			.asString();
		this.keyNames.put(key, name);
		return key;
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder patchConfigs(String link,
			Map<String, Object> changes, String token) {
		var request = patch("/api/v1/links/" + link + "/configs").contentType("application/merge-patch+json")
			.content(json(changes));
		if (token != null) {
			request.header("Acl-Diff-Token", token);
		}
		return request;
	}

	private String configs(String link) {
		return this.jdbc.queryForObject("select configs::text from links where name = ?", String.class, link);
	}

	private UUID linkId(String link) {
		return this.jdbc.queryForObject("select id from links where name = ?", UUID.class, link);
	}

	/** Nothing changed: the link's configs in the store and the destination's ACLs. */
	private void assertUnchanged(String link, String configsBefore, Collection<AclBinding> destinationBefore) {
		assertThat(configs(link)).isEqualTo(configsBefore);
		assertThat(this.ledger.owned(linkId(link))).isEmpty();
		assertThat(AuthorizerKafka.acls(destination)).containsExactlyInAnyOrderElementsOf(destinationBefore);
	}

	/** The newest audit row of the link is a refusal of this method and status. */
	private void assertRefusalAudited(String link, String method, int status, String problem) {
		Map<String, Object> row = this.jdbc
			.queryForMap("select actor, action, outcome, details::text as details from audit_log where entity_name = ? "
					+ "or details->>'link' = ? order by id desc limit 1", link, link);
		assertThat(row.get("action")).isEqualTo("refused." + method.toLowerCase(java.util.Locale.ROOT));
		assertThat(row.get("outcome")).isEqualTo("refused");
		assertThat((String) row.get("details")).contains("\"status\": " + status);
		if (problem != null) {
			assertThat((String) row.get("details")).contains("\"problem\": \"" + problem + "\"");
		}
		assertThat((String) row.get("actor")).startsWith("apikey:");
	}

	private List<String> auditActions(String link) {
		return this.jdbc.queryForList("select action from audit_log where entity_name like ?", String.class,
				link + "%");
	}

	/** The {@code acl.delete} audit rows of a link: actor, details, and the ACL. */
	private List<Map<String, Object>> aclDeletions(String link) {
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"select actor, details::text as details from audit_log where entity_name = ? and action = ? order by id",
				link, AclLedger.ACTION_DELETED);
		for (Map<String, Object> row : rows) {
			JsonNode details = JSON.readTree((String) row.get("details"));
			row.put("binding", AclBindings.of(ResourceType.valueOf(details.path("resourceType").asString()),
					details.path("resourceName").asString(),
					PatternType.valueOf(details.path("patternType").asString()), details.path("principal").asString(),
					details.path("host").asString(), AclOperation.valueOf(details.path("operation").asString()),
					AclPermissionType.valueOf(details.path("permissionType").asString())));
		}
		return rows;
	}

	/** A mirror row as the link manager writes it (the ACL tests need no topic). */
	private UUID mirror(String link, String sourceTopic, String mirrorTopic) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, "
				+ "state_changed_at, version, created_at, updated_at) select ?, id, destination_cluster_id, ?, ?, "
				+ "'ACTIVE', now(), 0, now(), now() from links where name = ?", id, mirrorTopic, sourceTopic, link);
		return id;
	}

	private static List<AclBinding> destinationAcls(String... principals) {
		Set<String> wanted = Set.of(principals);
		return AuthorizerKafka.acls(destination)
			.stream()
			.filter((acl) -> wanted.contains(acl.entry().principal()))
			.toList();
	}

	private String createAclLink(Map<String, Object> configs) throws Exception {
		String link = unique("link");
		postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", register(AuthorizerKafka.sourceBootstrap()), "destinationCluster",
						register(AuthorizerKafka.destinationBootstrap()), "configs", configs))
			.andExpect(status().isCreated());
		return link;
	}

	private String register(String bootstrap) throws Exception {
		String name = unique("cluster");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", bootstrap))
			.andExpect(status().isCreated());
		return name;
	}

	private static Map<String, Object> with(Map<String, Object> configs, String key, Object value) {
		Map<String, Object> changed = new HashMap<>(configs);
		changed.put(key, value);
		return changed;
	}

	private static String principal(String name) {
		return "User:" + unique(name);
	}

	private static String key(AclBinding binding) {
		return binding.entry().principal() + " " + binding.entry().permissionType() + " " + binding.entry().operation()
				+ " " + binding.pattern().resourceType() + " " + binding.pattern().patternType() + " "
				+ binding.pattern().name();
	}

	private static String filtersFor(String... principals) {
		List<Map<String, Object>> filters = java.util.Arrays.stream(principals)
			.map((principal) -> Map.<String, Object>of("accessFilter", Map.of("principal", principal)))
			.toList();
		return JSON.writeValueAsString(Map.of("aclFilters", filters));
	}

	private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
			AclOperation operation, AclPermissionType permission) {
		return AclBindings.of(type, name, pattern, principal, "*", operation, permission);
	}

}
