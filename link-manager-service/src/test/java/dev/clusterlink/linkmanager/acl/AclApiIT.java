package dev.clusterlink.linkmanager.acl;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /links/{link}/acls} and {@code GET /links/{link}/acls/diff} against real
 * brokers with {@code StandardAuthorizer}: the ledger the ACL sync service keeps, and a
 * dry run that changes nothing.
 */
class AclApiIT extends LinkManagerIT {

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
	void theLedgerAndTheDiffOfTheNextRound() throws Exception {
		String alice = "User:" + unique("alice");
		String bob = "User:" + unique("bob");
		AclBinding aliceOrders = acl(TOPIC, "orders", LITERAL, alice, READ, ALLOW);
		AclBinding aliceGone = acl(TOPIC, "refunds", LITERAL, alice, READ, ALLOW);
		AclBinding bobPayments = acl(TOPIC, "pay.", PREFIXED, bob, ALL, ALLOW);
		AclBinding bobWrites = acl(TOPIC, "orders", LITERAL, bob, WRITE, ALLOW);
		AclBinding bobDescribes = acl(TOPIC, "orders", LITERAL, bob, DESCRIBE, ALLOW);
		AuthorizerKafka.create(source, List.of(aliceOrders, bobPayments, bobWrites, bobDescribes));
		String link = createAclLink(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", true,
				"acl.sync.delete.enable", true, "acl.filters", filtersFor(alice, bob)));
		// read-replica copies onto the link's mirrors only
		for (String topic : List.of("orders", "refunds")) {
			this.jdbc.update("insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, "
					+ "state_changed_at, version, created_at, updated_at) select ?, id, destination_cluster_id, ?, ?, "
					+ "'ACTIVE', now(), 0, now(), now() from links where name = ?", UUID.randomUUID(), "dr." + topic,
					topic, link);
		}

		// what earlier rounds of the ACL sync service left: it created dr.orders and
		// dr.refunds for alice; an operator made one by hand
		AclBinding mirroredOrders = acl(TOPIC, "dr.orders", LITERAL, alice, READ, ALLOW);
		AclBinding mirroredGone = acl(TOPIC, "dr.refunds", LITERAL, alice, READ, ALLOW);
		AclBinding handMade = acl(TOPIC, "dr.orders", LITERAL, alice, DESCRIBE, ALLOW);
		AuthorizerKafka.create(destination, List.of(mirroredOrders, mirroredGone, handMade));
		UUID id = this.jdbc.queryForObject("select id from links where name = ?", UUID.class, link);
		this.ledger.recordPending(id, List.of(new DesiredAcl(mirroredOrders, aliceOrders, "copied"),
				new DesiredAcl(mirroredGone, aliceGone, "copied")));
		this.ledger.confirmCreated(new AclLedger.AuditContext(id, link, 0, "acl-sync", "test"),
				List.of(mirroredOrders, mirroredGone));

		getJson("/api/v1/links/" + link + "/acls").andExpect(status().isOk())
			.andExpect(jsonPath("$.link").value(link))
			.andExpect(jsonPath("$.syncEnabled").value(true))
			.andExpect(jsonPath("$.mode").value("read-replica"))
			.andExpect(jsonPath("$.deleteEnabled").value(true))
			.andExpect(jsonPath("$.acls.items", hasSize(2)))
			.andExpect(jsonPath("$.acls.items[*].resourceName", containsInAnyOrder("dr.orders", "dr.refunds")))
			.andExpect(jsonPath("$.acls.items[0].state").value("CREATED"))
			.andExpect(jsonPath("$.acls.items[0].createdAt").isNotEmpty())
			.andExpect(jsonPath("$.acls.items[0].confirmedAt").isNotEmpty())
			.andExpect(jsonPath("$.acls.items[0].rule").value("copied"))
			.andExpect(jsonPath("$.acls.items[0].source", startsWith("ALLOW " + alice)));
		getJson("/api/v1/links/" + link + "/acls?page=1&size=1").andExpect(status().isOk())
			.andExpect(jsonPath("$.acls.items", hasSize(1)))
			.andExpect(jsonPath("$.acls.totalItems").value(2))
			.andExpect(jsonPath("$.acls.totalPages").value(2));

		Collection<AclBinding> destinationBefore = AuthorizerKafka.acls(destination);
		getJson("/api/v1/links/" + link + "/acls/diff").andExpect(status().isOk())
			.andExpect(jsonPath("$.mode").value("read-replica"))
			.andExpect(jsonPath("$.toAdd", hasSize(1)))
			.andExpect(jsonPath("$.toAdd[0].resourceName").value("dr.orders"))
			.andExpect(jsonPath("$.toAdd[0].operation").value("DESCRIBE"))
			.andExpect(jsonPath("$.toAdd[0].patternType").value("LITERAL"))
			.andExpect(jsonPath("$.toAdd[0].rule").value("copied"))
			.andExpect(jsonPath("$.toAdd[0].source", startsWith("ALLOW " + bob + "@* DESCRIBE")))
			.andExpect(jsonPath("$.reviewToken").isNotEmpty())
			// only the link's own ACL that vanished at the source; never the hand-made
			// one
			.andExpect(jsonPath("$.toDelete", hasSize(1)))
			.andExpect(jsonPath("$.toDelete[0].resourceName").value("dr.refunds"))
			.andExpect(jsonPath("$.toDelete[0].principal").value(alice))
			.andExpect(jsonPath("$.keptStale", hasSize(0)))
			.andExpect(jsonPath("$.skipped", hasSize(2)))
			.andExpect(jsonPath("$.skipped[*].operation", containsInAnyOrder("WRITE", "ALL")))
			.andExpect(jsonPath("$.skipped[?(@.operation == 'WRITE')].reason")
				.value(org.hamcrest.Matchers.hasItem(startsWith("ALLOW WRITE is not copied"))))
			.andExpect(jsonPath("$.skipped[?(@.operation == 'ALL')].reason")
				.value(org.hamcrest.Matchers.hasItem(startsWith("PREFIXED patterns are not copied"))))
			.andExpect(jsonPath("$.unchanged").value(1));
		assertThat(AuthorizerKafka.acls(destination)).as("a dry run changes nothing")
			.containsExactlyInAnyOrderElementsOf(destinationBefore);
		assertThat(this.ledger.owned(id)).hasSize(2);

		// with deletion off the vanished ACL is shown as kept
		patchJson("/api/v1/links/" + link + "/configs", Map.of("acl.sync.delete.enable", false))
			.andExpect(status().isOk());
		getJson("/api/v1/links/" + link + "/acls/diff").andExpect(status().isOk())
			.andExpect(jsonPath("$.deleteEnabled").value(false))
			.andExpect(jsonPath("$.toDelete", hasSize(0)))
			.andExpect(jsonPath("$.keptStale[0].resourceName").value("dr.refunds"));
	}

	@Test
	void unknownLinksAndClustersWithoutAnAuthorizerAreProblems() throws Exception {
		expectProblem(getJson("/api/v1/links/no-such-link/acls"), 404, "link-not-found", null);
		expectProblem(getJson("/api/v1/links/no-such-link/acls/diff"), 404, "link-not-found", null);

		String sourceCluster = register(AuthorizerKafka.sourceBootstrap());
		String plainDestination = register(TestKafka.destinationBootstrap());
		String link = unique("link");
		postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", sourceCluster, "destinationCluster", plainDestination, "configs",
						Map.of("acl.sync.enable", true, "acl.filters", filtersFor("User:" + unique("x")))))
			.andExpect(status().isCreated());
		expectProblem(getJson("/api/v1/links/" + link + "/acls/diff"), 503, "cluster-unavailable", null)
			.andExpect(jsonPath("$.side").value("destination"))
			.andExpect(jsonPath("$.cluster").value(plainDestination))
			.andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("SecurityDisabledException")));
		getJson("/api/v1/links/" + link + "/acls").andExpect(status().isOk())
			.andExpect(jsonPath("$.acls.items", hasSize(0)));

		String deniedSource = register(AuthorizerKafka.deniedSourceBootstrap());
		String destinationCluster = register(AuthorizerKafka.destinationBootstrap());
		String denied = unique("link");
		postJson("/api/v1/links",
				Map.of("name", denied, "sourceCluster", deniedSource, "destinationCluster", destinationCluster,
						"configs", Map.of("acl.sync.enable", true, "acl.filters", filtersFor("User:" + unique("y")))))
			.andExpect(status().isCreated());
		expectProblem(getJson("/api/v1/links/" + denied + "/acls/diff"), 503, "cluster-unavailable", null)
			.andExpect(jsonPath("$.side").value("source"))
			.andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("not authorized")));
	}

	/** A link between fresh clusters registered for the authorizer brokers. */
	private String createAclLink(Map<String, Object> configs) throws Exception {
		String sourceCluster = register(AuthorizerKafka.sourceBootstrap());
		String destinationCluster = register(AuthorizerKafka.destinationBootstrap());
		String link = unique("link");
		postJson("/api/v1/links", Map.of("name", link, "sourceCluster", sourceCluster, "destinationCluster",
				destinationCluster, "configs", configs))
			.andExpect(status().isCreated());
		return link;
	}

	private String register(String bootstrap) throws Exception {
		String name = unique("cluster");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", bootstrap))
			.andExpect(status().isCreated());
		return name;
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
