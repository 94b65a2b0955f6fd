package dev.clusterlink.stack;

/** The stack could not do what was asked; the message says why and what to do. */
public class StackException extends RuntimeException {

	public StackException(String message) {
		super(message);
	}

	public StackException(String message, Throwable cause) {
		super(message, cause);
	}

}
