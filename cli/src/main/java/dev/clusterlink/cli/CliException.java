package dev.clusterlink.cli;

import org.jspecify.annotations.Nullable;

/**
 * A failure the tool reports as one line and an exit code, never as a stack trace.
 */
class CliException extends RuntimeException {

	private final int exitCode;

	private final @Nullable Problem problem;

	CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
		this.problem = null;
	}

	CliException(Problem problem) {
		super(problem.render());
		this.exitCode = ExitCodes.API_ERROR;
		this.problem = problem;
	}

	int exitCode() {
		return this.exitCode;
	}

	@Nullable Problem problem() {
		return this.problem;
	}

	/** The line printed on stderr. */
	String line() {
		String message = getMessage();
		return message.startsWith("error: ") ? message : "error: " + message;
	}

}
