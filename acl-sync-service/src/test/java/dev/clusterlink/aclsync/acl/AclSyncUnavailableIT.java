package dev.clusterlink.aclsync.acl;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.clusterlink.aclsync.AclSyncIT;
import dev.clusterlink.aclsync.AclSyncInstance;
import dev.clusterlink.command.ClusterChanged;
import dev.clusterlink.command.Command;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster that cannot serve ACL sync makes the link's task UNAVAILABLE with the reason,
 * and the link backs off (the wait doubles) instead of looping; fixing the cluster
 * recovers it. Paused and disabled links show so.
 */
class AclSyncUnavailableIT extends AclSyncIT {

	@BeforeAll
	static void service() {
		AclSyncInstance.shared();
	}

	@Test
	void aDestinationWithoutAnAuthorizerIsUnavailableBacksOffAndRecovers() {
		String grace = principal("grace");
		AclBinding graceReads = acl(TOPIC, "orders", LITERAL, grace, READ, ALLOW);
		AuthorizerKafka.create(source, List.of(graceReads));
		Link link = createLink(AuthorizerKafka.sourceBootstrap(), TestKafka.destinationBootstrap(),
				Map.of("acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters", filtersFor(grace)));
		mirror(link, "", "orders");

		await().atMost(WAIT).untilAsserted(() -> assertThat(task(link)).isNotNull().satisfies((task) -> {
			assertThat(task.state()).isEqualTo("UNAVAILABLE");
			assertThat(task.reason()).startsWith("destination has no authorizer").contains("next attempt in 2s");
		}));
		// the wait doubles: 2s, 4s, 8s
		await().atMost(WAIT).untilAsserted(() -> assertThat(task(link).reason()).contains("next attempt in 4s"));
		await().atMost(WAIT).untilAsserted(() -> assertThat(task(link).reason()).contains("next attempt in 8s"));
		assertThat(task(link).everSucceeded()).isFalse();
		assertThat(ledger(link)).isEmpty();

		// the operator points the destination cluster at one with an authorizer
		update("update clusters set bootstrap_servers = ?, version = version + 1 where id = ?",
				AuthorizerKafka.destinationBootstrap(), link.destinationClusterId());
		publish(new ClusterChanged(link.destinationClusterId(), 1, Instant.now(), Command.Change.UPSERTED, "dst"));
		await().atMost(WAIT).untilAsserted(() -> assertThat(taskState(link)).isEqualTo("ACTIVE"));
		assertThat(task(link).reason()).isNull();
		await().atMost(WAIT).untilAsserted(() -> assertThat(destinationAcls(grace)).containsExactly(graceReads));
	}

	@Test
	void aSourceThatDeniesDescribingAclsIsUnavailable() {
		Link link = createLink(AuthorizerKafka.deniedSourceBootstrap(), AuthorizerKafka.destinationBootstrap(),
				Map.of("acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters", filtersFor(principal("x"))));
		await().atMost(WAIT).untilAsserted(() -> assertThat(task(link)).isNotNull().satisfies((task) -> {
			assertThat(task.state()).isEqualTo("UNAVAILABLE");
			assertThat(task.reason()).startsWith("source denies DESCRIBE on cluster ACLs");
		}));
	}

	@Test
	void pausedAndDisabledLinksSaySo() {
		Link disabled = createLink(Map.of("acl.sync.ms", "1000"));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(task(disabled)).isNotNull()
				.satisfies((task) -> assertThat(task.state()).isEqualTo("NOT_CONFIGURED")));
		Link paused = createLink(
				Map.of("acl.sync.enable", "true", "acl.sync.ms", "1000", "acl.filters", filtersFor(principal("y"))));
		await().atMost(WAIT).untilAsserted(() -> assertThat(taskState(paused)).isEqualTo("ACTIVE"));
		setState(paused, "PAUSED");
		await().atMost(WAIT).untilAsserted(() -> assertThat(taskState(paused)).isEqualTo("PAUSED"));
	}

}
