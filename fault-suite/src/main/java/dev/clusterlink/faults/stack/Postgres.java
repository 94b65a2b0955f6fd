package dev.clusterlink.faults.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.clusterlink.stack.StackSettings.Database;

/**
 * Faults of the machine's PostgreSQL server, which the state store lives on: stopped with
 * {@code pg_ctlcluster … stop -m immediate} (no checkpoint, every connection cut) and
 * started again, or its connections to one database terminated with
 * {@code pg_terminate_backend}. The server is always left running: {@link #ensureRunning}
 * runs before a stack closes and from a shutdown hook.
 */
public final class Postgres {

	/** The server the suite uses (as {@code .ci/run} sets it up). */
	static final String SERVER_URL = env("CLUSTERLINK_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

	static final String USER = env("CLUSTERLINK_TEST_DB_USER", "postgres");

	static final String PASSWORD = env("CLUSTERLINK_TEST_DB_PASSWORD", "postgres");

	private static volatile boolean stopped;

	private Postgres() {
	}

	/**
	 * A new empty database, named so that {@code .ci/run} drops it if a killed run leaves
	 * it behind.
	 */
	static Database freshDatabase() {
		String name = "clusterlink_test_" + (System.currentTimeMillis() / 1000) + "_faults_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 6);
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"cannot create the fault suite's database on " + SERVER_URL + ": " + ex.getMessage(), ex);
		}
		return new Database(SERVER_URL.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1"), USER, PASSWORD);
	}

	/**
	 * Stops the server at once: {@code pg_ctlcluster <version> main stop -m immediate}.
	 */
	public static void stopImmediately() {
		stopped = true;
		cluster("stop", "-m", "immediate");
	}

	/** Starts the server and waits until it accepts connections. */
	public static void start() {
		cluster("start");
		awaitReady(Duration.ofSeconds(60));
		stopped = false;
	}

	/** Starts the server if this class stopped it, or if it does not answer. */
	public static synchronized void ensureRunning() {
		if (stopped || !answers()) {
			try {
				start();
			}
			catch (RuntimeException ex) {
				System.err.println("starting PostgreSQL again failed: " + ex.getMessage());
			}
		}
	}

	/**
	 * Terminates every connection to a database but this one's.
	 * @return how many were terminated
	 */
	public static int terminateConnections(Database database) {
		String name = database.url().replaceFirst("^.*/([^/?]+).*$", "$1");
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
				PreparedStatement statement = connection
					.prepareStatement("select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = ? "
							+ "and pid <> pg_backend_pid()")) {
			statement.setString(1, name);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("terminating connections failed: " + ex.getMessage(), ex);
		}
	}

	private static boolean answers() {
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD)) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!answers()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"PostgreSQL did not accept connections within " + timeout.toSeconds() + " s after a start");
			}
			try {
				TimeUnit.MILLISECONDS.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void cluster(String... action) {
		List<String> command = new java.util.ArrayList<>(
				List.of("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main"));
		command.addAll(List.of(action));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
				// a start of a running server, or a stop of a stopped one, is not a
				// failure
				if (!output.contains("already running") && !output.contains("is not running")) {
					throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted: " + String.join(" ", command), ex);
		}
	}

	/** The installed server version ({@code /etc/postgresql/<version>}). */
	private static String version() {
		try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
			return versions.map((path) -> path.getFileName().toString())
				.sorted()
				.reduce((a, b) -> b)
				.orElseThrow(() -> new IllegalStateException("no PostgreSQL cluster under /etc/postgresql"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
