package dev.clusterlink.offsetsync.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.offsets.sync.SyncReport;
import dev.clusterlink.offsetsync.OffsetSyncProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.kafka.ClusterAdmins.Target;
import dev.clusterlink.runtime.kafka.ClusterSide;
import dev.clusterlink.runtime.offsets.GroupOffsetSync;
import dev.clusterlink.runtime.offsets.OffsetSyncException;
import dev.clusterlink.runtime.offsets.SyncOptions;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.runtime.task.FailureClassifier;
import dev.clusterlink.runtime.task.LinkTaskReconciler;
import dev.clusterlink.runtime.task.RoundResult;
import dev.clusterlink.runtime.task.TaskState;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * One offset sync round of one link: reads the link and its mirrors again from the state
 * store, then runs link-runtime's {@link GroupOffsetSync} (desired: the source commits,
 * translated and clamped → actual: the destination groups → plan → one
 * {@code alterConsumerGroupOffsets} per group → remember in the state store), the code
 * the mirror worker's final sync runs too. Its own meters, per link:
 * {@code clusterlink.offsetsync.groups.synced}, {@code .groups.skipped} and
 * {@code .offsets.written}.
 */
@Component
class GroupOffsetSyncer implements LinkTaskReconciler {

	/** When to try a link again whose lock another sync held. */
	private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

	private final StateStoreReader reader;

	private final GroupOffsetSync sync;

	private final ClusterAdmins admins;

	private final OffsetSyncProperties properties;

	GroupOffsetSyncer(StateStoreReader reader, GroupOffsetSync sync, ClusterAdmins admins,
			OffsetSyncProperties properties) {
		this.reader = reader;
		this.sync = sync;
		this.admins = admins;
		this.properties = properties;
	}

	@Override
	public RoundResult reconcile(LinkRound round) {
		Counter synced = round.meters()
			.counter("groups.synced", "Consumer groups synced (offsets written or already in step), per round");
		Counter skipped = round.meters()
			.counter("groups.skipped",
					"Consumer groups left alone, per round (active on the destination, a failed write)");
		Counter written = round.meters()
			.counter("offsets.written", "Partition offsets written to destination consumer groups");
		LinkRow link = round.link();
		LinkConfig config = link.config();
		if (!config.consumerOffsetSync()) {
			return new RoundResult.Idle(TaskState.NOT_CONFIGURED, "consumer.offset.sync.enable is false");
		}
		Duration interval = config.consumerOffsetSyncInterval();
		List<MirrorRow> mirrors = this.reader.mirrorsOf(link.id());
		Target source = null;
		Target destination = null;
		try {
			MDC.put("phase", "read");
			source = this.admins.get(link.sourceClusterId());
			destination = this.admins.get(link.destinationClusterId());
			List<String> secrets = new ArrayList<>(source.secrets());
			secrets.addAll(destination.secrets());
			MDC.put("phase", "sync");
			SyncReport report = this.sync.run(link, mirrors,
					new GroupOffsetSync.LinkClusters(source.admin(), destination.admin(), secrets),
					SyncOptions.periodic(this.properties.adminTimeout()));
			if (report.busy()) {
				return new RoundResult.Busy(BUSY_RETRY);
			}
			synced.increment(report.groupsSynced());
			skipped.increment(report.skipped().size());
			written.increment(report.offsetsWritten());
			return (report.offsetsWritten() > 0) ? new RoundResult.Changed(interval, report.summary())
					: new RoundResult.Noop(interval, report.summary());
		}
		catch (OffsetSyncException ex) {
			Target target = (ex.side() == ClusterSide.SOURCE) ? source : destination;
			return FailureClassifier
				.classify(ex.side(), ex.operation(), target, ex.getCause(), GroupOffsetSyncer::denied)
				.failed(interval);
		}
	}

	/** A refused permission as the link task shows it: what to grant. */
	private static String denied(ClusterSide side, @Nullable Target target, String operation, String described) {
		String cluster = (target != null) ? " cluster '" + target.name() + "'" : "";
		return side.word() + cluster + " denies " + operation + ": grant the link's principal DESCRIBE on the "
				+ "groups (and READ on the source topics, READ on the destination groups and topics to write "
				+ "offsets): " + described;
	}

}
