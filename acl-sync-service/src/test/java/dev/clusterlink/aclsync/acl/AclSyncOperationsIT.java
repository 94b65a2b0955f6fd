package dev.clusterlink.aclsync.acl;

import java.util.List;
import java.util.Map;

import dev.clusterlink.aclsync.AclSyncIT;
import dev.clusterlink.aclsync.AclSyncInstance;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.ServiceInstance;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Probes and Prometheus metrics of a running instance. */
class AclSyncOperationsIT extends AclSyncIT {

	@Test
	void probesAndMetrics() throws Exception {
		ServiceInstance instance = AclSyncInstance.shared();
		String ivy = principal("ivy");
		AclBinding ivyReads = acl(TOPIC, "orders", LITERAL, ivy, READ, ALLOW);
		AuthorizerKafka.create(source, List.of(ivyReads));
		Link link = createLink(
				Map.of("acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters", filtersFor(ivy)));
		mirror(link, "", "orders");
		await().atMost(WAIT).untilAsserted(() -> assertThat(destinationAcls(ivy)).containsExactly(ivyReads));

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(instance.get("/actuator/health/readiness")).contains("\"status\":\"UP\"")
				.contains("commandMembership")
				.contains("db"));
		assertThat(instance.get("/actuator/health/liveness")).contains("\"status\":\"UP\"")
			.doesNotContain("commandMembership")
			.doesNotContain("\"db\"");
		await().atMost(WAIT).untilAsserted(() -> {
			String metrics = instance.get("/actuator/prometheus");
			assertThat(metrics)
				.contains("clusterlink_aclsync_added_total{application=\"acl-sync\",link=\"" + link.name() + "\"} 1.0");
			assertThat(metrics).contains(
					"clusterlink_aclsync_deleted_total{application=\"acl-sync\",link=\"" + link.name() + "\"} 0.0");
			assertThat(metrics)
				.containsPattern("clusterlink_aclsync_last_success_age_seconds\\{application=\"acl-sync\",link=\""
						+ link.name() + "\"} \\d");
			assertThat(metrics).contains("clusterlink_aclsync_rounds_total{application=\"acl-sync\",link=\""
					+ link.name() + "\",outcome=\"changed\"} 1.0");
		});
	}

}
