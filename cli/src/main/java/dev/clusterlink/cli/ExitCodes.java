package dev.clusterlink.cli;

/**
 * The tool's exit codes (README "Command-line tool").
 */
final class ExitCodes {

	/** Done; for {@code diff}: no difference. */
	static final int OK = 0;

	/** The link manager refused the request (a problem detail was printed). */
	static final int API_ERROR = 1;

	/** Wrong usage: unknown command or option, missing argument. */
	static final int USAGE = 2;

	/** A waited-for mirror halted in a fail-closed state, or a cutover failed. */
	static final int FAIL_CLOSED = 3;

	/** {@code --wait} ran out of {@code --timeout}, or a cutover ended incomplete. */
	static final int TIMEOUT = 4;

	/** The link manager could not be reached, or the configuration or file is invalid. */
	static final int CONFIG = 5;

	private ExitCodes() {
	}

}
