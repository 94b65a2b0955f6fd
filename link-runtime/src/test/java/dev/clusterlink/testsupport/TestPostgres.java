package dev.clusterlink.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for integration tests, one fresh database per test JVM (per test
 * run).
 *
 * <p>
 * With a Docker engine: a Testcontainers PostgreSQL. Without one: the server named by
 * {@code CLUSTERLINK_TEST_DB_URL} (a JDBC URL of any database on it; user and password
 * from {@code CLUSTERLINK_TEST_DB_USER}/{@code CLUSTERLINK_TEST_DB_PASSWORD}, default
 * {@code postgres}), or {@code jdbc:postgresql://127.0.0.1:5432/postgres}. A database
 * {@code clusterlink_test_<random>} is created there and dropped when the JVM exits.
 */
public final class TestPostgres {

	private static Database database;

	private static Runnable drop = () -> {
	};

	private TestPostgres() {
	}

	/** The test database, created on first use. */
	public static synchronized Database database() {
		if (database == null) {
			database = dockerAvailable() ? fromContainer() : fromLocalServer();
		}
		return database;
	}

	private static boolean dockerAvailable() {
		if (Boolean.getBoolean("clusterlink.test.no-docker")) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static Database fromContainer() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
		container.start();
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
		return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

	private static Database fromLocalServer() {
		String serverUrl = env("CLUSTERLINK_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
		String user = env("CLUSTERLINK_TEST_DB_USER", "postgres");
		String password = env("CLUSTERLINK_TEST_DB_PASSWORD", "postgres");
		// the creation time in the name lets CI drop databases that killed runs left
		// behind, and only those
		String name = "clusterlink_test_" + (System.currentTimeMillis() / 1000) + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		execute(serverUrl, user, password, "create database " + name);
		drop = () -> dropQuietly(serverUrl, user, password, name);
		Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropNow, "drop-test-database"));
		return new Database(withDatabase(serverUrl, name), user, password);
	}

	/** Drops the test database now (once), at the end of a run. */
	public static synchronized void dropNow() {
		Runnable once = drop;
		drop = () -> {
		};
		once.run();
	}

	/**
	 * Replaces the database name in a {@code jdbc:postgresql://host:port/db?params} URL.
	 */
	static String withDatabase(String url, String name) {
		int slash = url.indexOf('/', "jdbc:postgresql://".length());
		if (slash < 0) {
			return url + "/" + name;
		}
		int query = url.indexOf('?', slash);
		return url.substring(0, slash + 1) + name + ((query >= 0) ? url.substring(query) : "");
	}

	private static void dropQuietly(String url, String user, String password, String name) {
		try {
			execute(url, user, password, "drop database if exists " + name + " with (force)");
		}
		catch (RuntimeException ex) {
			System.err.println("could not drop test database " + name + ": " + ex.getMessage());
		}
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + url + " is not usable for tests ("
					+ ex.getMessage().toLowerCase(Locale.ROOT) + "); start it or point CLUSTERLINK_TEST_DB_URL at one",
					ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	/**
	 * Connection details of the test database.
	 *
	 * @param jdbcUrl JDBC URL
	 * @param username user
	 * @param password password
	 */
	public record Database(String jdbcUrl, String username, String password) {

		/** Opens a new connection. */
		public Connection connect() throws SQLException {
			return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
		}

	}

}
