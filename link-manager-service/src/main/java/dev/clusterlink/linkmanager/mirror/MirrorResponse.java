package dev.clusterlink.linkmanager.mirror;

import java.time.Instant;
import java.util.List;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.OffsetMode;
import dev.clusterlink.model.StoppedBy;
import org.jspecify.annotations.Nullable;

/**
 * A mirror topic as the API shows it.
 *
 * @param link the link
 * @param direction {@code forward}, or {@code reverse} (from the link's destination
 * cluster to its source cluster, on a bidirectional link)
 * @param name the mirror topic on the destination
 * @param sourceTopic the source topic
 * @param state the mirror state
 * @param stateReason why it is in that state
 * @param stoppedBy PROMOTE or FAILOVER once it is stopping or stopped
 * @param stateChangedAt when it entered the state
 * @param offsetMode the most general offset mode of its partitions (null before the
 * worker reports)
 * @param maxLag the largest partition lag (null before the worker reports)
 * @param partitions per-partition progress as the worker reports it
 * @param owner the mirror worker holding (or last holding) the mirror's lease; null
 * before a worker took it
 * @param warnings read-only protection warnings (ACLs that let others write, no
 * authorizer)
 * @param stoppedAt when the mirror stopped (promote or failover)
 * @param stopReport what the stop recorded: per partition the mirrored offset and, for a
 * failover, the source end offset and the records left behind
 * @param version the version (also the ETag)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param lastVerification the latest verification (id, state, when it finished, range);
 * null when the mirror was never verified
 */
public record MirrorResponse(String link, String direction, String name, String sourceTopic, MirrorState state,
		@Nullable String stateReason, @Nullable StoppedBy stoppedBy, Instant stateChangedAt,
		@Nullable OffsetMode offsetMode, @Nullable Long maxLag, List<PartitionResponse> partitions,
		@Nullable MirrorOwner owner, List<String> warnings, @Nullable Instant stoppedAt,
		java.util.@Nullable Map<String, Object> stopReport, long version, Instant createdAt, Instant updatedAt,
		VerificationResponse.@Nullable Summary lastVerification) {
}
