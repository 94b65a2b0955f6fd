package dev.clusterlink.model;

/**
 * A lifecycle request that the state machine of DESIGN.md §5 does not allow from the
 * current state.
 */
public class IllegalTransitionException extends RuntimeException {

	private final String entity;

	private final String currentState;

	private final String requested;

	public IllegalTransitionException(String entity, String currentState, String requested, String why) {
		super("cannot " + requested + " " + entity + " in state " + currentState + ": " + why);
		this.entity = entity;
		this.currentState = currentState;
		this.requested = requested;
	}

	public String entity() {
		return this.entity;
	}

	public String currentState() {
		return this.currentState;
	}

	public String requested() {
		return this.requested;
	}

}
