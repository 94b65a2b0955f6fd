package dev.clusterlink.linkmanager.cutover;

import java.time.Instant;
import java.util.List;

import dev.clusterlink.linkmanager.mirror.MirrorActionResponse;
import dev.clusterlink.linkmanager.mirror.PartitionResponse;
import dev.clusterlink.linkmanager.web.ProblemSummary;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.StoppedBy;
import org.jspecify.annotations.Nullable;

/**
 * What a cutover did (or, as a dry run, would do), mirror by mirror.
 *
 * @param link the link
 * @param dryRun whether nothing was changed
 * @param outcome {@code dry-run}, {@code completed} (every mirror promoted),
 * {@code incomplete} (some were not: see each mirror) or {@code failed} (a step failed:
 * see {@code failedStep} and {@code problem}; each mirror's state is stated)
 * @param failedStep {@code fence}, {@code promote} or {@code wait} when a step failed
 * @param problem what failed
 * @param fence the fence of the source's writers, or {@code null} without one
 * @param mirrors one per selected mirror
 * @param next what to do now
 */
public record CutoverResponse(String link, boolean dryRun, String outcome, @Nullable String failedStep,
		@Nullable ProblemSummary problem, @Nullable FenceReport fence, List<MirrorReport> mirrors, String next) {

	/**
	 * The fence: DENY WRITE ACLs (LITERAL topic, any host) on the source topics.
	 *
	 * @param principals the fenced principals
	 * @param created the ACLs this cutover created (or, in a dry run, would create)
	 * @param alreadyPresent ACLs that existed before; never recorded, so never lifted by
	 * {@code :unfence}
	 * @param problem why the source cannot be fenced (dry run: what the call would
	 * answer)
	 */
	public record FenceReport(List<String> principals, List<FenceAcl> created, List<FenceAcl> alreadyPresent,
			@Nullable ProblemSummary problem) {
	}

	/**
	 * One DENY WRITE ACL.
	 *
	 * @param topic the source topic
	 * @param principal the principal
	 */
	public record FenceAcl(String topic, String principal) {
	}

	/**
	 * One mirror at the end of the cutover.
	 *
	 * @param mirror the mirror topic
	 * @param sourceTopic its source topic
	 * @param state its state now ({@code null} when it could not be read)
	 * @param stoppedBy PROMOTE once promoted
	 * @param stateReason the reason of the state
	 * @param promoted whether it is STOPPED by a promotion (writable, at lag 0 when it
	 * stopped)
	 * @param maxLag the largest partition lag
	 * @param promote what the promote request answered (dry run: what it would)
	 * @param problem why it was not promoted, when the request was refused
	 * @param partitions per partition: the final offsets as the worker last reported them
	 * @param finalOffsetSync what the worker's final consumer-offset sync did, from the
	 * stop report ({@code null} before the mirror stopped)
	 * @param stoppedAt when it stopped
	 */
	public record MirrorReport(String mirror, @Nullable String sourceTopic, @Nullable MirrorState state,
			@Nullable StoppedBy stoppedBy, @Nullable String stateReason, boolean promoted, @Nullable Long maxLag,
			@Nullable MirrorActionResponse promote, @Nullable ProblemSummary problem,
			List<PartitionResponse> partitions, @Nullable Object finalOffsetSync, @Nullable Instant stoppedAt) {
	}

}
