package dev.clusterlink.mirrorworker.mirror;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.offsets.sync.SyncReport;
import dev.clusterlink.runtime.offsets.GroupOffsetSync;
import dev.clusterlink.runtime.offsets.OffsetSyncException;
import dev.clusterlink.runtime.offsets.SyncOptions;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The final consumer-offset sync step of promote and failover: the consumer groups of the
 * mirror being stopped get their last translated offsets on the destination, with
 * shared-model's {@link GroupOffsetSync}, the code of the offset-sync service's periodic
 * rounds. The worker has stopped copying the mirror, so the destination end is the
 * mirrored position: a group that consumed everything on the source resumes at the end of
 * the destination, with nothing to re-read. Never throws: a failure is the step's report.
 */
@Component
class ConfiguredFinalOffsetSync implements FinalOffsetSync {

	private static final Logger log = LoggerFactory.getLogger(ConfiguredFinalOffsetSync.class);

	private final GroupOffsetSync sync;

	private final StateStoreReader store;

	private final ClusterAdmins clusters;

	private final WorkerProperties properties;

	ConfiguredFinalOffsetSync(DataSource dataSource, StateStoreReader store, ClusterAdmins clusters,
			WorkerProperties properties) {
		this.sync = new GroupOffsetSync(dataSource);
		this.store = store;
		this.clusters = clusters;
		this.properties = properties;
	}

	@Override
	public String run(MirrorRow mirror, LinkRow link) {
		if (!link.config().consumerOffsetSync()) {
			return "not enabled for this link (consumer.offset.sync.enable=false)";
		}
		List<String> secrets = new ArrayList<>();
		try {
			secrets.addAll(this.store.cluster(link.sourceClusterId()).properties().values());
			secrets.addAll(this.store.cluster(link.destinationClusterId()).properties().values());
			SyncReport report = this.sync.run(link, List.of(mirror),
					new GroupOffsetSync.LinkClusters(this.clusters.admin(link.sourceClusterId()),
							this.clusters.admin(link.destinationClusterId()), secrets),
					SyncOptions.finalSync(this.properties.adminTimeout()));
			log.info("mirror {}/{}: final consumer-offset sync: {}", mirror.linkName(), mirror.name(),
					report.summary());
			return report.summary();
		}
		catch (OffsetSyncException ex) {
			String reason = "failed: " + ex.getMessage() + ": " + KafkaErrors.describe(ex.getCause(), secrets);
			log.warn("mirror {}/{}: final consumer-offset sync {}", mirror.linkName(), mirror.name(), reason);
			return reason;
		}
		catch (RuntimeException ex) {
			String reason = "failed: " + KafkaErrors.describe(ex, secrets);
			log.warn("mirror {}/{}: final consumer-offset sync {}", mirror.linkName(), mirror.name(), reason);
			return reason;
		}
	}

}
