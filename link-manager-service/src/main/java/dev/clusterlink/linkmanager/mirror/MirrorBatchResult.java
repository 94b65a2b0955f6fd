package dev.clusterlink.linkmanager.mirror;

import dev.clusterlink.linkmanager.web.ProblemSummary;
import dev.clusterlink.model.MirrorState;
import org.jspecify.annotations.Nullable;

/**
 * What a batch action did to one mirror.
 *
 * @param mirror the mirror topic name
 * @param outcome {@code accepted} (done), {@code would-apply} (dry run), {@code refused}
 * (a 4xx problem: nothing changed) or {@code failed} (a 5xx problem, e.g. the destination
 * cluster could not remove the ACLs: nothing changed, retry)
 * @param state the mirror's state afterwards ({@code null} once deleted or when there is
 * no such mirror)
 * @param result what the single-mirror action answered (pause, resume, promote, failover;
 * also their dry runs)
 * @param problem for a refusal or failure: the problem the single-mirror call would have
 * got
 */
public record MirrorBatchResult(String mirror, String outcome, @Nullable MirrorState state,
		@Nullable MirrorActionResponse result, @Nullable ProblemSummary problem) {

	public static final String ACCEPTED = "accepted";

	public static final String WOULD_APPLY = "would-apply";

	public static final String REFUSED = "refused";

	public static final String FAILED = "failed";

}
