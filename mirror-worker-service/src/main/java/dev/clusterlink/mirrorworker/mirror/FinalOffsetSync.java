package dev.clusterlink.mirrorworker.mirror;

import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;

/**
 * The "final consumer-offset sync" step of a promotion (and of a failover when the source
 * is reachable): after the mirror caught up and before it stops, the consumer groups of
 * the mirrored topic get their last translated offsets on the destination.
 */
public interface FinalOffsetSync {

	/**
	 * Runs the final sync for a mirror.
	 * @param mirror the mirror being stopped
	 * @param link its link
	 * @return what happened, for the mirror's report
	 */
	String run(MirrorRow mirror, LinkRow link);

}
