package dev.clusterlink.mirrorworker.mirror;

import java.util.UUID;

import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.model.MirrorEvent;
import dev.clusterlink.model.MirrorLifecycle;
import dev.clusterlink.store.MirrorRow;
import dev.clusterlink.runtime.store.StateStoreReader;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * SOURCE_UNAVAILABLE and back (DESIGN.md §5): {@link MirrorEvent#SOURCE_UNREACHABLE}
 * while the source cluster does not answer, {@link MirrorEvent#SOURCE_ANSWERS} when it
 * answers again; the state machine decides which mirror states show it.
 *
 * <p>
 * Threads: the topic-config sync reports ({@link #report}) from its thread; the state is
 * written on the {@code mirror-reconciler} thread only.
 */
@Component
class SourceAvailability {

	private final ReconcilerThread reconciler;

	private final StateStoreReader store;

	private final LeaseKeeper leases;

	private final MirrorStateStore states;

	SourceAvailability(ReconcilerThread reconciler, StateStoreReader store, LeaseKeeper leases,
			MirrorStateStore states) {
		this.reconciler = reconciler;
		this.store = store;
		this.leases = leases;
		this.states = states;
	}

	/**
	 * Whether the topic sync reached a mirror's source (any thread; written on the
	 * reconciler thread).
	 * @param mirrorId the mirror
	 * @param available whether the source answered
	 * @param reason why not, when it did not
	 */
	void report(UUID mirrorId, boolean available, @Nullable String reason) {
		this.reconciler.submit(() -> {
			MirrorRow row = this.store.mirror(mirrorId).orElse(null);
			Lease lease = this.leases.get(mirrorId);
			if (row == null || lease == null) {
				return;
			}
			if (available) {
				this.states.transition(row, lease,
						MirrorLifecycle.on(MirrorEvent.SOURCE_ANSWERS, row.state(), row.stoppedBy()), null);
			}
			else {
				unreachable(row, lease, String.valueOf(reason));
			}
		});
	}

	/** The source does not answer (reconciler thread). */
	void unreachable(MirrorRow row, Lease lease, String reason) {
		this.states.transition(row, lease,
				MirrorLifecycle.on(MirrorEvent.SOURCE_UNREACHABLE, row.state(), row.stoppedBy()),
				"the source cluster does not answer: " + reason + "; mirroring continues by itself when it does");
	}

	/** Whether a SOURCE_UNREACHABLE event would change the mirror's state. */
	static boolean showsUnreachable(MirrorRow row) {
		return MirrorLifecycle.on(MirrorEvent.SOURCE_UNREACHABLE, row.state(), row.stoppedBy()).changed();
	}

}
