package dev.clusterlink.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the stack's processes: detached from the terminal (a session of their own when
 * {@code setsid} exists, so closing the shell does not end them), output appended to a
 * log file, recorded in the PID file before anything waits on them.
 */
public final class Launcher {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private final PidFile pids;

	private final Path logs;

	private final boolean detach;

	/**
	 * @param detach whether processes get a session of their own ({@code up} from a
	 * shell); tests keep them in their own session
	 */
	public Launcher(PidFile pids, Path logs, boolean detach) {
		this.pids = pids;
		this.logs = logs;
		this.detach = detach;
	}

	/** Starts a long-running process and records it in the PID file. */
	public StackProcess start(String name, List<String> command, Map<String, String> environment, Path directory) {
		List<String> line = new ArrayList<>();
		if (this.detach && Files.isExecutable(SETSID)) {
			line.add(SETSID.toString());
		}
		line.addAll(command);
		// setsid execs the command when it is not a process group leader: same PID
		StackProcess started = StackProcess.of(name, spawn(name, line, environment, directory).toHandle());
		this.pids.add(started);
		return started;
	}

	/** Runs a short task to its end; its output goes to its log. */
	int run(String name, List<String> command, Path directory, Duration timeout) {
		Process process = spawn(name, command, Map.of(), directory);
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new StackException(name + " did not finish within " + timeout.toSeconds() + " s");
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new StackException("interrupted while running " + name);
		}
	}

	private Process spawn(String name, List<String> command, Map<String, String> environment, Path directory) {
		try {
			Files.createDirectories(this.logs);
			Files.createDirectories(directory);
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(name).toFile()));
			// the stack decides the ports: a port variable of the caller's shell must not
			// move one
			builder.environment().keySet().removeAll(List.of("PORT", "SERVER_PORT", "MANAGEMENT_SERVER_PORT"));
			builder.environment().putAll(environment);
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + name, ex);
		}
	}

	public Path logOf(String name) {
		return this.logs.resolve(name + ".log");
	}

	/** The last lines of a process's log, for an error message. */
	public String tail(String name, int lines) {
		try {
			List<String> all = Files.readAllLines(logOf(name));
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
