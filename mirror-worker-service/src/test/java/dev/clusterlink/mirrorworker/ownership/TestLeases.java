package dev.clusterlink.mirrorworker.ownership;

import java.time.Duration;
import java.util.UUID;

/** Leases for unit tests of the copy core, without a state store. */
public final class TestLeases {

	private TestLeases() {
	}

	/** A lease renewed now, with the given send window. */
	public static Lease held(UUID mirrorId, Duration sendWindow, boolean predecessorDrained) {
		return new Lease(mirrorId, 1, System.nanoTime(), sendWindow.toNanos(), predecessorDrained);
	}

	/** Marks a lease lost, as the renewer does when the state store no longer has it. */
	public static void lose(Lease lease) {
		lease.markLost();
	}

}
