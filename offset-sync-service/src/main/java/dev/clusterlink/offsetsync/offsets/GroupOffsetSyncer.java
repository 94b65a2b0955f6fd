package dev.clusterlink.offsetsync.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.offsets.sync.SyncReport;
import dev.clusterlink.offsetsync.OffsetSyncProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.kafka.ClusterAdmins.Target;
import dev.clusterlink.runtime.offsets.GroupOffsetSync;
import dev.clusterlink.runtime.offsets.OffsetSyncException;
import dev.clusterlink.runtime.offsets.SyncOptions;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * One offset sync round of one link: reads the link and its mirrors again from the state
 * store, then runs shared-model's {@link GroupOffsetSync} (desired: the source commits,
 * translated and clamped → actual: the destination groups → plan → one
 * {@code alterConsumerGroupOffsets} per group → remember in the state store), the code
 * the mirror worker's final sync runs too.
 */
@Component
class GroupOffsetSyncer {

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

	ReconcileResult reconcile(UUID linkId) {
		Optional<LinkRow> found = this.reader.link(linkId);
		if (found.isEmpty()) {
			return new ReconcileResult.Gone();
		}
		LinkRow link = found.get();
		if (link.paused()) {
			return new ReconcileResult.Idle(TaskState.PAUSED, "the link is paused");
		}
		LinkConfig config = link.config();
		if (!config.consumerOffsetSync()) {
			return new ReconcileResult.Idle(TaskState.NOT_CONFIGURED, "consumer.offset.sync.enable is false");
		}
		Duration interval = config.consumerOffsetSyncInterval();
		List<MirrorRow> mirrors = this.reader.mirrorsOf(link.id());
		long started = System.nanoTime();
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
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			if (report.busy()) {
				return new ReconcileResult.Busy();
			}
			return (report.offsetsWritten() > 0) ? new ReconcileResult.Changed(report, interval, took)
					: new ReconcileResult.Noop(report, interval, took);
		}
		catch (OffsetSyncException ex) {
			Target target = (ex.side() == OffsetSyncException.Side.SOURCE) ? source : destination;
			return new ReconcileResult.Failed(classifyState(ex.getCause()), describe(ex, target), interval);
		}
	}

	/**
	 * A failure as the link task shows it: which cluster, which call, what to do.
	 */
	private static String describe(OffsetSyncException failure, Target target) {
		Throwable cause = failure.getCause();
		String side = failure.side().word();
		String described = (target != null) ? target.describe(cause) : cause.getClass().getSimpleName();
		String cluster = (target != null) ? " cluster '" + target.name() + "'" : "";
		if (cause instanceof AuthorizationException) {
			return side + cluster + " denies " + failure.operation() + ": grant the link's principal DESCRIBE on the "
					+ "groups (and READ on the source topics, READ on the destination groups and topics to write "
					+ "offsets): " + described;
		}
		if (cause instanceof AuthenticationException) {
			return side + cluster + " refused the credentials: " + described;
		}
		if (cause instanceof java.util.concurrent.TimeoutException) {
			return side + cluster + " unavailable: it did not answer " + failure.operation() + " in time";
		}
		if (isUnavailable(cause)) {
			return side + cluster + " unavailable (" + failure.operation() + "): " + described;
		}
		return failure.operation() + " on the " + side + cluster + " failed: " + described;
	}

	private static TaskState classifyState(Throwable cause) {
		return (isUnavailable(cause) || KafkaErrors.isAuthFailure(cause)) ? TaskState.UNAVAILABLE : TaskState.IN_ERROR;
	}

	/**
	 * Whether the cluster did not answer: a retriable error or a timeout anywhere in the
	 * chain (the Admin client wraps "no broker found" in a plain KafkaException).
	 */
	private static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException
					|| cause instanceof InterruptedException
					|| (cause.getMessage() != null && cause.getMessage().startsWith("Failed to find brokers"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
