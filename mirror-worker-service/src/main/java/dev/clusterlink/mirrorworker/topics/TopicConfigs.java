package dev.clusterlink.mirrorworker.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Copies the synced source topic configs to a mirror topic (see {@link SyncedConfigs}):
 * set what differs, delete synced configs the source no longer sets, leave every other
 * config alone.
 */
@Component
public class TopicConfigs {

	private static final Logger log = LoggerFactory.getLogger(TopicConfigs.class);

	private final ClusterAdmins clusters;

	private final WorkerProperties properties;

	TopicConfigs(ClusterAdmins clusters, WorkerProperties properties) {
		this.clusters = clusters;
		this.properties = properties;
	}

	/**
	 * Brings the mirror's configs in line with the source, as while mirroring, from
	 * configs already read.
	 * @param mirror the mirror
	 * @param link its link
	 * @param source the configs set on the source topic
	 * @param destination the configs set on the mirror topic
	 */
	public void sync(MirrorRow mirror, LinkRow link, Map<String, String> source, Map<String, String> destination) {
		Set<String> exclude = link.config().topicConfigSyncExclude();
		apply(mirror, link, SyncedConfigs.whileMirroring(source, exclude), destination, exclude,
				this.properties.adminTimeout());
	}

	/**
	 * At promote and failover: the source's own timestamp settings replace the mirroring
	 * ones.
	 */
	public void applyAtStop(MirrorRow mirror, LinkRow link) {
		Duration timeout = this.properties.adminTimeout();
		Set<String> exclude = link.config().topicConfigSyncExclude();
		Map<String, String> sourceConfigs;
		try {
			sourceConfigs = Topics.explicitConfigs(this.clusters.admin(link.sourceClusterId()), mirror.sourceTopic(),
					Duration.ofSeconds(5));
		}
		catch (RuntimeException ex) {
			// failover without a source: drop the mirroring overrides, keep the rest as
			// last synced
			sourceConfigs = Map.of();
		}
		try {
			Map<String, String> actual = Topics.explicitConfigs(this.clusters.admin(link.destinationClusterId()),
					mirror.name(), timeout);
			Map<String, String> desired = new java.util.TreeMap<>(actual);
			desired.keySet().removeIf((name) -> SyncedConfigs.WHILE_MIRRORING_KEYS.contains(name));
			desired.putAll(SyncedConfigs.atStop(sourceConfigs, exclude));
			apply(mirror, link, desired, actual, exclude, timeout);
		}
		catch (RuntimeException ex) {
			log.warn("applying the source's timestamp settings to {}/{} failed: {}", mirror.linkName(), mirror.name(),
					ex.getMessage());
		}
	}

	private void apply(MirrorRow mirror, LinkRow link, Map<String, String> desired, Map<String, String> actual,
			Set<String> exclude, Duration timeout) {
		Admin destination = this.clusters.admin(link.destinationClusterId());
		List<AlterConfigOp> ops = new ArrayList<>();
		desired.forEach((name, value) -> {
			if (!value.equals(actual.get(name))) {
				ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
			}
		});
		actual.keySet()
			.stream()
			.filter((name) -> SyncedConfigs.managed(name, exclude) && !desired.containsKey(name))
			.forEach((name) -> ops.add(new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE)));
		if (ops.isEmpty()) {
			return;
		}
		ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, mirror.name());
		Topics.get(destination.incrementalAlterConfigs(Map.of(topic, ops)).all(), timeout);
		log.info("topic config sync {}/{}: {}", mirror.linkName(), mirror.name(),
				ops.stream().map((op) -> op.opType() + " " + op.configEntry().name()).toList());
	}

}
