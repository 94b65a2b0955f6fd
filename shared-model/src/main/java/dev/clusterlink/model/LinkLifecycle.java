package dev.clusterlink.model;

/** The operator-driven transitions of a link: pause and resume (DESIGN.md §5). */
public final class LinkLifecycle {

	private LinkLifecycle() {
	}

	/**
	 * The state a link moves to when paused; idempotent.
	 * @param state the current state
	 * @return {@link LinkState#PAUSED}
	 */
	public static LinkState pause(LinkState state) {
		return switch (state) {
			case ACTIVE, PAUSED, SOURCE_UNAVAILABLE, DESTINATION_UNAVAILABLE, FAILED -> LinkState.PAUSED;
		};
	}

	/**
	 * The state a link moves to when resumed: {@code ACTIVE} until the next availability
	 * check says otherwise. Resuming a link that is not paused changes nothing.
	 * @param state the current state
	 * @return the new state
	 */
	public static LinkState resume(LinkState state) {
		return switch (state) {
			case PAUSED -> LinkState.ACTIVE;
			case ACTIVE, SOURCE_UNAVAILABLE, DESTINATION_UNAVAILABLE, FAILED -> state;
		};
	}

}
