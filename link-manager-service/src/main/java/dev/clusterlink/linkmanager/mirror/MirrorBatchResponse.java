package dev.clusterlink.linkmanager.mirror;

import java.util.List;

/**
 * What a batch action did, mirror by mirror.
 *
 * @param link the link
 * @param action pause, resume, promote, failover or delete
 * @param dryRun whether nothing was changed
 * @param selected how many mirrors the selection picked
 * @param accepted how many were changed (or already were as requested)
 * @param wouldApply how many a dry run found acceptable
 * @param refused how many were refused (4xx problem)
 * @param failed how many failed (5xx problem)
 * @param results one per selected mirror, in the order they were handled
 */
public record MirrorBatchResponse(String link, String action, boolean dryRun, int selected, int accepted,
		int wouldApply, int refused, int failed, List<MirrorBatchResult> results) {

	static MirrorBatchResponse of(String link, String action, boolean dryRun, List<MirrorBatchResult> results) {
		return new MirrorBatchResponse(link, action, dryRun, results.size(), count(results, MirrorBatchResult.ACCEPTED),
				count(results, MirrorBatchResult.WOULD_APPLY), count(results, MirrorBatchResult.REFUSED),
				count(results, MirrorBatchResult.FAILED), results);
	}

	private static int count(List<MirrorBatchResult> results, String outcome) {
		return (int) results.stream().filter((result) -> result.outcome().equals(outcome)).count();
	}

}
