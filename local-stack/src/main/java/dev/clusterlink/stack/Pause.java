package dev.clusterlink.stack;

import java.time.Duration;

/** Sleeps between polls of something the stack waits for. */
final class Pause {

	private Pause() {
	}

	static void of(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
	}

}
