package dev.clusterlink.linkmanager.mirror;

import java.util.List;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.StoppedBy;
import org.jspecify.annotations.Nullable;

/**
 * What a lifecycle request did or, with {@code dryRun=true}, would do.
 *
 * @param link the link
 * @param mirror the mirror topic
 * @param action pause, resume, promote or failover
 * @param dryRun whether nothing was changed
 * @param fromState the state before
 * @param toState the state after (or that it would have)
 * @param stoppedBy set for promote and failover
 * @param changed false when the request was already satisfied
 * @param description what happens next
 * @param maxLag the largest partition lag the worker last reported
 * @param partitions per-partition progress (the data a failover would leave behind is the
 * lag)
 * @param version the mirror version after the request
 */
public record MirrorActionResponse(String link, String mirror, String action, boolean dryRun, MirrorState fromState,
		MirrorState toState, @Nullable StoppedBy stoppedBy, boolean changed, String description, @Nullable Long maxLag,
		List<PartitionResponse> partitions, long version) {
}
