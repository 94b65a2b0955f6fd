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
 * The two modes against real brokers: read-replica copies literal and prefixed topic ACLs
 * under the prefix, drops WRITE, turns ALL into READ + DESCRIBE, keeps DENY, and copies
 * group READ on request; full copies everything. Every change is audited.
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
		AclBinding aliceReadsOrders = acl(TOPIC, "orders", LITERAL, alice, READ, ALLOW);
		AclBinding bobWritesOrders = acl(TOPIC, "orders", LITERAL, bob, WRITE, ALLOW);
		AclBinding carolAllPayments = acl(TOPIC, "pay.", PREFIXED, carol, ALL, ALLOW);
		AclBinding malloryDenied = acl(TOPIC, "orders", LITERAL, mallory, READ, DENY);
		AclBinding aliceGroup = acl(GROUP, "billing", LITERAL, alice, READ, ALLOW);
		AclBinding bobIdempotent = acl(CLUSTER, "kafka-cluster", LITERAL, bob, IDEMPOTENT_WRITE, ALLOW);
		AclBinding bobTransactions = acl(TRANSACTIONAL_ID, "tx-", PREFIXED, bob, WRITE, ALLOW);
		AuthorizerKafka.create(source, List.of(aliceReadsOrders, bobWritesOrders, carolAllPayments, malloryDenied,
				aliceGroup, bobIdempotent, bobTransactions));
		String filters = filtersFor(alice, bob, carol, mallory);
		Map<String, String> readReplica = Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.sync.ms",
				"1000", "acl.filters", filters);
		Link link = createLink(readReplica);

		List<AclBinding> expected = List.of(acl(TOPIC, "dr.orders", LITERAL, alice, READ, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, carol, READ, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, carol, DESCRIBE, ALLOW),
				acl(TOPIC, "dr.orders", LITERAL, mallory, READ, DENY));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(destinationAcls(alice, bob, carol, mallory))
				.containsExactlyInAnyOrderElementsOf(expected));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(task(link)).isNotNull()
				.satisfies((task) -> assertThat(task.state()).isEqualTo("ACTIVE")));
		assertThat(bindings(ledger(link))).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(ledger(link)).allSatisfy((owned) -> assertThat(owned.state()).isEqualTo(OwnedAcl.State.CREATED));
		assertThat(ledger(link)).filteredOn((owned) -> owned.binding().entry().principal().equals(carol))
			.extracting(OwnedAcl::rule)
			.containsExactlyInAnyOrder("ALLOW ALL narrowed to READ", "ALLOW ALL narrowed to DESCRIBE");
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

		// full: everything, WRITE, cluster and transactional-id ACLs included
		reconfigure(link, with(readReplica, "acl.sync.mode", "full"));
		List<AclBinding> full = List.of(acl(TOPIC, "dr.orders", LITERAL, bob, WRITE, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, carol, ALL, ALLOW), bobIdempotent, bobTransactions);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(destinationAcls(bob, carol)).containsAll(full);
			// the ledger follows the createAcls call
			assertThat(bindings(ledger(link))).containsAll(full).containsAll(expected).contains(groupOnDestination);
		});
		// deletion is off: what full mode no longer needs (ALL covers READ) stays
		assertThat(destinationAcls(carol)).contains(acl(TOPIC, "dr.pay.", PREFIXED, carol, READ, ALLOW));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(audited(audit(link), AclLedger.ACTION_ADDED)).hasSize(ledger(link).size())
				.containsExactlyInAnyOrderElementsOf(bindings(ledger(link))));
		assertThat(audited(audit(link), AclLedger.ACTION_DELETED)).isEmpty();
		assertThat(destinationAcls(alice, bob, carol, mallory)).doesNotHaveDuplicates();
	}

	@Test
	void aLinkWithoutAPrefixKeepsTheNamesAndSkipsTheWildcard() {
		String dave = principal("dave");
		AclBinding daveReads = acl(TOPIC, "invoices", LITERAL, dave, READ, ALLOW);
		AclBinding daveEverywhere = acl(TOPIC, "*", LITERAL, dave, DESCRIBE, ALLOW);
		AuthorizerKafka.create(source, List.of(daveReads, daveEverywhere));
		Link link = createLink(
				Map.of("acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters", filtersFor(dave)));
		await().atMost(WAIT).untilAsserted(() -> assertThat(destinationAcls(dave)).containsExactly(daveReads));
		await().atMost(WAIT).untilAsserted(() -> assertThat(taskState(link)).isEqualTo("ACTIVE"));
	}

	private static Map<String, String> with(Map<String, String> configs, String key, String value) {
		Map<String, String> changed = new java.util.HashMap<>(configs);
		changed.put(key, value);
		return changed;
	}

}
