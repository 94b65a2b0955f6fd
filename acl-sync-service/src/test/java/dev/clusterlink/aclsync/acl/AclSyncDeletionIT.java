package dev.clusterlink.aclsync.acl;

import java.util.List;
import java.util.Map;

import dev.clusterlink.aclsync.AclSyncIT;
import dev.clusterlink.aclsync.AclSyncInstance;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deletion is opt-in and touches only ACLs the link created: a hand-made destination ACL,
 * even one identical to a synced ACL, survives every round.
 */
class AclSyncDeletionIT extends AclSyncIT {

	@BeforeAll
	static void service() {
		AclSyncInstance.shared();
	}

	@Test
	void onlyLinkOwnedAclsAreDeletedAndOnlyWhenEnabled() {
		String alice = principal("alice");
		String erin = principal("erin");
		AclBinding aliceOrders = acl(TOPIC, "orders", LITERAL, alice, READ, ALLOW);
		AclBinding alicePayments = acl(TOPIC, "payments", LITERAL, alice, READ, ALLOW);
		AclBinding erinInvoices = acl(TOPIC, "invoices", LITERAL, erin, READ, ALLOW);
		// made by hand on the destination before the link: identical to what the link
		// would
		// create for erin, and one the source never had
		AclBinding handMadeIdentical = acl(TOPIC, "dr.invoices", LITERAL, erin, READ, ALLOW);
		AclBinding handMadeOther = acl(TOPIC, "dr.orders", LITERAL, alice, DESCRIBE, ALLOW);
		AuthorizerKafka.create(destination, List.of(handMadeIdentical, handMadeOther));
		AuthorizerKafka.create(source, List.of(aliceOrders, alicePayments, erinInvoices));
		Map<String, String> configs = Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.sync.ms",
				"1000", "acl.filters", filtersFor(alice, erin));
		Link link = createLink(configs);
		mirror(link, "dr.", "orders", "payments", "invoices");

		AclBinding mirroredOrders = acl(TOPIC, "dr.orders", LITERAL, alice, READ, ALLOW);
		AclBinding mirroredPayments = acl(TOPIC, "dr.payments", LITERAL, alice, READ, ALLOW);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(bindings(ledger(link))).containsExactlyInAnyOrder(mirroredOrders,
					mirroredPayments));
		// createAcls is acknowledged once the controller commits; the broker's authorizer
		// (which answers describeAcls) applies the metadata record a moment later
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(destinationAcls(alice, erin)).containsExactlyInAnyOrder(mirroredOrders,
					mirroredPayments, handMadeIdentical, handMadeOther));

		// deletion off: an ACL that vanished at the source stays
		AuthorizerKafka.delete(source, List.of(alicePayments, erinInvoices));
		double rounds = rounds(link);
		await().atMost(WAIT).until(() -> rounds(link) >= rounds + 3);
		assertThat(destinationAcls(alice, erin)).containsExactlyInAnyOrder(mirroredOrders, mirroredPayments,
				handMadeIdentical, handMadeOther);

		// deletion on: the link's own ACL goes, the hand-made ones stay, even the
		// identical one
		Map<String, String> deleting = new java.util.HashMap<>(configs);
		deleting.put("acl.sync.delete.enable", "true");
		reconfigure(link, deleting);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(destinationAcls(alice, erin)).containsExactlyInAnyOrder(mirroredOrders, handMadeIdentical,
					handMadeOther);
			// the ledger and audit rows follow the deleteAcls call
			assertThat(bindings(ledger(link))).containsExactly(mirroredOrders);
		});
		assertThat(audited(audit(link), AclLedger.ACTION_DELETED)).containsExactly(mirroredPayments);
		assertThat(audit(link)).filteredOn((row) -> row.action().equals(AclLedger.ACTION_DELETED))
			.singleElement()
			.satisfies((row) -> assertThat(row.details()).containsEntry("change", "deleted")
				.containsEntry("principal", alice)
				.containsEntry("resourceName", "dr.payments")
				.containsEntry("patternType", "LITERAL"));

		// the rest of the source goes too: still only the link's ACL is deleted
		AuthorizerKafka.delete(source, List.of(aliceOrders));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(destinationAcls(alice, erin)).containsExactlyInAnyOrder(handMadeIdentical,
					handMadeOther));
		double later = rounds(link);
		await().atMost(WAIT).until(() -> rounds(link) >= later + 3);
		assertThat(destinationAcls(alice, erin)).containsExactlyInAnyOrder(handMadeIdentical, handMadeOther);
		assertThat(ledger(link)).isEmpty();
		assertThat(audited(audit(link), AclLedger.ACTION_DELETED)).containsExactlyInAnyOrder(mirroredPayments,
				mirroredOrders);
		assertThat(audited(audit(link), AclLedger.ACTION_ADDED)).containsExactlyInAnyOrder(mirroredPayments,
				mirroredOrders);
		MeterRegistry metrics = AclSyncInstance.shared().context().getBean(MeterRegistry.class);
		assertThat(metrics.get("clusterlink.aclsync.deleted").tag("link", link.name()).counter().count()).isEqualTo(2);
		assertThat(metrics.get("clusterlink.aclsync.added").tag("link", link.name()).counter().count()).isEqualTo(2);
	}

	/** Rounds the shared instance ran for a link so far. */
	static double rounds(Link link) {
		MeterRegistry metrics = AclSyncInstance.shared().context().getBean(MeterRegistry.class);
		return metrics.find("clusterlink.aclsync.rounds")
			.tag("link", link.name())
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
