package dev.clusterlink.aclsync.acl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.acl.AclPlan;
import dev.clusterlink.aclsync.AclSyncIT;
import dev.clusterlink.aclsync.AclSyncInstance;
import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AclReads;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dry run (shared-model's {@link AclPlan} over the same reads, what the link
 * manager's {@code GET /links/{link}/acls/diff} answers) is exactly what the next round
 * does.
 */
class AclPlanMatchesRoundIT extends AclSyncIT {

	@BeforeAll
	static void service() {
		AclSyncInstance.shared();
	}

	@Test
	void theNextRoundAddsAndDeletesWhatThePlanSaid() throws Exception {
		String henry = principal("henry");
		AclBinding first = acl(TOPIC, "orders", LITERAL, henry, READ, ALLOW);
		AclBinding second = acl(TOPIC, "payments", LITERAL, henry, DESCRIBE, ALLOW);
		AclBinding third = acl(TOPIC, "invoices", LITERAL, henry, WRITE, ALLOW);
		AclBinding fourth = acl(TOPIC, "refunds", LITERAL, henry, READ, ALLOW);
		AuthorizerKafka.create(source, List.of(first, second));
		Map<String, String> configs = new HashMap<>(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true",
				"acl.sync.ms", "1000", "acl.sync.delete.enable", "true", "acl.filters", filtersFor(henry)));
		Link link = createLink(configs);
		mirror(link, "dr.", "orders", "payments", "invoices", "refunds");
		await().atMost(WAIT).until(() -> ledger(link).size() == 2);

		// stop syncing, change the source, plan, then let the next round run
		configs.put("acl.sync.enable", "false");
		reconfigure(link, configs);
		await().atMost(WAIT).untilAsserted(() -> assertThat(taskState(link)).isEqualTo("NOT_CONFIGURED"));
		AuthorizerKafka.delete(source, List.of(first));
		AuthorizerKafka.create(source, List.of(third, fourth));
		configs.put("acl.sync.enable", "true");
		LinkConfig enabled = LinkConfig.of(configs);
		AclPlan plan = AclPlan.of(enabled, AclReads.source(source, enabled.aclFilters()).get(30, TimeUnit.SECONDS),
				AclReads.destination(destination).get(30, TimeUnit.SECONDS), ledger(link),
				new AclLedger(dataSource()).mirroredTopics(link.id()));
		assertThat(plan.diff().createBindings()).containsExactly(acl(TOPIC, "dr.refunds", LITERAL, henry, READ, ALLOW));
		assertThat(plan.diff().toDelete()).containsExactly(acl(TOPIC, "dr.orders", LITERAL, henry, READ, ALLOW));
		assertThat(plan.translation().skipped())
			.filteredOn((skipped) -> skipped.source().entry().principal().equals(henry))
			.singleElement()
			.satisfies((skipped) -> assertThat(skipped.source()).isEqualTo(third));
		long auditBefore = audit(link).stream().mapToLong(AuditRow::id).max().orElse(0);

		reconfigure(link, configs);
		await().atMost(WAIT).untilAsserted(() -> {
			List<AuditRow> round = audit(link).stream().filter((row) -> row.id() > auditBefore).toList();
			assertThat(audited(round, AclLedger.ACTION_ADDED))
				.containsExactlyInAnyOrderElementsOf(plan.diff().createBindings());
			assertThat(audited(round, AclLedger.ACTION_DELETED))
				.containsExactlyInAnyOrderElementsOf(plan.diff().toDelete());
		});
	}

}
