package dev.clusterlink.offsetsync.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.testsupport.ServiceInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes, Prometheus metrics and the {@code ConsumerOffsetSync} link task of a running
 * instance: ACTIVE, NOT_CONFIGURED, PAUSED, UNAVAILABLE with a reason that names the
 * cluster and never a secret.
 */
class OperationsIT extends OffsetSyncIT {

	@Test
	void probesMetricsAndTaskStatus() throws Exception {
		ServiceInstance instance = OffsetSyncInstance.shared();
		String groups = unique("ops");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 20);
		mirror.copyAll(0);
		Kafka.commit(Kafka.source(), groups + "-app", Map.of(mirror.source(0), 5L), "");
		eventually().untilAsserted(() -> assertThat(recorded(link, groups + "-app")).isNotNull());

		eventually()
			.untilAsserted(() -> assertThat(instance.get("/actuator/health/readiness")).contains("\"status\":\"UP\"")
				.contains("commandMembership")
				.contains("db"));
		assertThat(instance.get("/actuator/health/liveness")).contains("\"status\":\"UP\"")
			.doesNotContain("commandMembership")
			.doesNotContain("\"db\"");
		String tag = "{application=\"offset-sync\",link=\"" + link.name() + "\"}";
		eventually().untilAsserted(() -> {
			String metrics = instance.get("/actuator/prometheus");
			assertThat(metrics).contains("clusterlink_offsetsync_offsets_written_total" + tag + " 1.0");
			assertThat(metrics).containsPattern("clusterlink_offsetsync_groups_synced_total\\Q" + tag + "\\E [1-9]");
			assertThat(metrics).contains("clusterlink_offsetsync_groups_skipped_total" + tag + " 0.0");
			assertThat(metrics).containsPattern("clusterlink_offsetsync_last_success_age_seconds\\Q" + tag + "\\E \\d");
			assertThat(metrics)
				.containsPattern("clusterlink_offsetsync_sync_duration_seconds_count\\Q" + tag + "\\E [1-9]");
			assertThat(metrics).contains("clusterlink_offsetsync_rounds_total{application=\"offset-sync\",link=\""
					+ link.name() + "\",outcome=\"changed\"} 1.0");
		});
		assertThat(taskState(link)).isEqualTo("ACTIVE");

		// off, paused
		reconfigure(link, Map.of("consumer.offset.sync.enable", "false"));
		eventually().until(() -> "NOT_CONFIGURED".equals(taskState(link)));
		reconfigure(link, syncing(groups));
		eventually().until(() -> "ACTIVE".equals(taskState(link)));
		update("update links set state = 'PAUSED', version = version + 1 where id = ?", link.id());
		reconfigure(link, syncing(groups));
		eventually().until(() -> "PAUSED".equals(taskState(link)));
	}

	@Test
	void anUnreachableSourceMakesTheTaskUnavailableWithoutLeakingSecrets() {
		OffsetSyncInstance.shared();
		String password = "pa55-" + UUID.randomUUID();
		UUID unreachable = UUID.randomUUID();
		Map<String, String> secrets = new HashMap<>();
		String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"link\" password=\""
				+ password + "\";";
		SecretCipher cipher = SecretCipher.of(OffsetSyncInstance.SECRET_KEY, List.of());
		secrets.put("sasl.jaas.config",
				cipher.encrypt(jaas, StateStoreReader.secretContext(unreachable, "sasl.jaas.config")));
		update("insert into clusters (id, name, bootstrap_servers, properties, secret_properties, version, created_at, "
				+ "updated_at) values (?, ?, '127.0.0.1:1', ?::jsonb, ?::jsonb, 0, now(), now())", unreachable,
				unique("gone"),
				JSON.writeValueAsString(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN")),
				JSON.writeValueAsString(secrets));
		Link link = createLink(syncing(unique("unreachable")));
		update("update links set source_cluster_id = ? where id = ?", unreachable, link.id());
		mirror(link, unique("orders"), 1).copyAll(0);
		reconfigure(link, syncing(unique("unreachable")));

		eventually().untilAsserted(() -> {
			List<String> reasons = query("select state || ': ' || reason from link_tasks where link_id = ? "
					+ "and task = 'ConsumerOffsetSync'", (rs) -> rs.getString(1), link.id());
			assertThat(reasons).singleElement().satisfies((reason) -> {
				assertThat(reason).startsWith("UNAVAILABLE: source cluster '");
				assertThat(reason).contains("listGroups").contains("next attempt in");
				assertThat(reason).doesNotContain(password);
			});
		});
	}

}
