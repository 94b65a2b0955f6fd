package dev.clusterlink.aclsync.acl;

import java.util.List;
import java.util.Map;

import dev.clusterlink.acl.OwnedAcl;
import dev.clusterlink.aclsync.AclSyncIT;
import dev.clusterlink.aclsync.AclSyncInstance;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.IDEMPOTENT_WRITE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two modes against real brokers: read-replica copies only LITERAL ALLOW READ and
 * DESCRIBE on the link's mirrored topics (never DENY, PREFIXED, WRITE or ALL, nothing on
 * a topic it does not mirror, nothing a source DENY shadows) and group READ on request;
 * full copies everything. Every change is audited.
 */
class AclSyncModesIT extends AclSyncIT {

	@BeforeAll
	static void service() {
		AclSyncInstance.shared();
	}

	@Test
	void readReplicaThenGroupsThenFull() {
		String alice = principal("alice");
		String bob = principal("bob");
		String carol = principal("carol");
		String mallory = principal("mallory");
		String frank = principal("frank");
		AclBinding aliceReadsOrders = acl(TOPIC, "orders", LITERAL, alice, READ, ALLOW);
		AclBinding aliceReadsPayroll = acl(TOPIC, "payroll", LITERAL, alice, READ, ALLOW);
		AclBinding bobWritesOrders = acl(TOPIC, "orders", LITERAL, bob, WRITE, ALLOW);
		AclBinding carolAllPayments = acl(TOPIC, "pay.", PREFIXED, carol, ALL, ALLOW);
		AclBinding carolDescribesPayments = acl(TOPIC, "pay.cards", LITERAL, carol, DESCRIBE, ALLOW);
		AclBinding malloryDenied = acl(TOPIC, "orders", LITERAL, mallory, READ, DENY);
		AclBinding frankReadsOrders = acl(TOPIC, "orders", LITERAL, frank, READ, ALLOW);
		AclBinding frankDenied = acl(TOPIC, "ord", PREFIXED, frank, ALL, DENY);
		AclBinding aliceGroup = acl(GROUP, "billing", LITERAL, alice, READ, ALLOW);
		AclBinding bobIdempotent = acl(CLUSTER, "kafka-cluster", LITERAL, bob, IDEMPOTENT_WRITE, ALLOW);
		AclBinding bobTransactions = acl(TRANSACTIONAL_ID, "tx-", PREFIXED, bob, WRITE, ALLOW);
		AuthorizerKafka.create(source,
				List.of(aliceReadsOrders, aliceReadsPayroll, bobWritesOrders, carolAllPayments, carolDescribesPayments,
						malloryDenied, frankReadsOrders, frankDenied, aliceGroup, bobIdempotent, bobTransactions));
		String filters = filtersFor(alice, bob, carol, mallory, frank);
		Map<String, String> readReplica = Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.sync.ms",
				"1000", "acl.filters", filters);
		Link link = createLink(readReplica);
		mirror(link, "dr.", "orders", "pay.cards");

		List<AclBinding> expected = List.of(acl(TOPIC, "dr.orders", LITERAL, alice, READ, ALLOW),
				acl(TOPIC, "dr.pay.cards", LITERAL, carol, DESCRIBE, ALLOW));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(destinationAcls(alice, bob, carol, mallory, frank))
				.containsExactlyInAnyOrderElementsOf(expected));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(task(link)).isNotNull()
				.satisfies((task) -> assertThat(task.state()).isEqualTo("ACTIVE")));
		assertThat(bindings(ledger(link))).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(ledger(link)).allSatisfy((owned) -> assertThat(owned.state()).isEqualTo(OwnedAcl.State.CREATED));
		List<AuditRow> audit = audit(link);
		assertThat(audited(audit, AclLedger.ACTION_ADDED)).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(audit).allSatisfy((row) -> {
			assertThat(row.actor()).isEqualTo("acl-sync");
			assertThat(row.details()).containsEntry("change", "added")
				.containsKeys("principal", "host", "resourceType", "resourceName", "patternType", "operation",
						"permissionType", "rule", "source");
		});

		// group READ ACLs on request, under their own names (groups are not prefixed)
		reconfigure(link, with(readReplica, "acl.sync.include.groups", "true"));
		AclBinding groupOnDestination = acl(GROUP, "billing", LITERAL, alice, READ, ALLOW);
		await().atMost(WAIT).untilAsserted(() -> assertThat(destinationAcls(alice)).contains(groupOnDestination));
		assertThat(destinationAcls(bob, mallory, frank)).isEmpty();

		// full: everything, WRITE, DENY, cluster and transactional-id ACLs included
		reconfigure(link, with(readReplica, "acl.sync.mode", "full"));
		List<AclBinding> full = List.of(acl(TOPIC, "dr.orders", LITERAL, bob, WRITE, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, carol, ALL, ALLOW),
				acl(TOPIC, "dr.orders", LITERAL, mallory, READ, DENY), acl(TOPIC, "dr.ord", PREFIXED, frank, ALL, DENY),
				acl(TOPIC, "dr.payroll", LITERAL, alice, READ, ALLOW), bobIdempotent, bobTransactions);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(destinationAcls(alice, bob, carol, mallory, frank)).containsAll(full);
			// the ledger follows the createAcls call
			assertThat(bindings(ledger(link))).containsAll(full).containsAll(expected).contains(groupOnDestination);
		});
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(audited(audit(link), AclLedger.ACTION_ADDED)).hasSize(ledger(link).size())
				.containsExactlyInAnyOrderElementsOf(bindings(ledger(link))));
		assertThat(audited(audit(link), AclLedger.ACTION_DELETED)).isEmpty();
		assertThat(destinationAcls(alice, bob, carol, mallory, frank)).doesNotHaveDuplicates();
	}

	@Test
	void aLinkWithoutAPrefixKeepsTheNamesAndSkipsTheWildcard() {
		String dave = principal("dave");
		AclBinding daveReads = acl(TOPIC, "invoices", LITERAL, dave, READ, ALLOW);
		AclBinding daveEverywhere = acl(TOPIC, "*", LITERAL, dave, DESCRIBE, ALLOW);
		AuthorizerKafka.create(source, List.of(daveReads, daveEverywhere));
		Link link = createLink(
				Map.of("acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters", filtersFor(dave)));
		mirror(link, "", "invoices");
		await().atMost(WAIT).untilAsserted(() -> assertThat(destinationAcls(dave)).containsExactly(daveReads));
		await().atMost(WAIT).untilAsserted(() -> assertThat(taskState(link)).isEqualTo("ACTIVE"));
	}

	private static Map<String, String> with(Map<String, String> configs, String key, String value) {
		Map<String, String> changed = new java.util.HashMap<>(configs);
		changed.put(key, value);
		return changed;
	}

}
