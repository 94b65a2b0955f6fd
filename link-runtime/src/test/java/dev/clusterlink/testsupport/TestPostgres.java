package dev.clusterlink.testsupport;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.localdb.DatabaseDefaults;
import dev.clusterlink.localdb.EmbeddedPostgresServer;
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
 * {@code postgres}); unset, the server at 127.0.0.1:5432 when something listens there;
 * when nothing does, an embedded PostgreSQL that this JVM starts (once) and stops when it
 * exits. The defaults are {@link DatabaseDefaults}'. A database
 * {@code clusterlink_test_<epoch>_<random>} is created on the server and dropped when the
 * JVM exits.
 */
public final class TestPostgres {

	private static Database database;

	private static final List<Runnable> drops = new ArrayList<>();

	private TestPostgres() {
	}

	/** The test database, created on first use. */
	public static synchronized Database database() {
		if (database == null) {
			database = dockerAvailable() ? fromContainer()
					: fromServer(System.getenv(), DatabaseDefaults.probeAddress(System.getenv()));
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

	/**
	 * A fresh database on the configured server ({@code CLUSTERLINK_TEST_DB_URL} in
	 * {@code environment}), else on the server at {@code probe} if something listens
	 * there, else on this JVM's embedded PostgreSQL.
	 */
	public static Database fromServer(Map<String, String> environment, InetSocketAddress probe) {
		String configured = environment.get(DatabaseDefaults.TEST_URL_VARIABLE);
		String serverUrl;
		String user;
		String password;
		if (configured != null && !configured.isBlank()) {
			serverUrl = configured;
			user = DatabaseDefaults.get(environment, DatabaseDefaults.TEST_USER_VARIABLE, DatabaseDefaults.USER);
			password = DatabaseDefaults.get(environment, DatabaseDefaults.TEST_PASSWORD_VARIABLE,
					DatabaseDefaults.PASSWORD);
		}
		else if (DatabaseDefaults.reachable(probe)) {
			serverUrl = DatabaseDefaults.url(probe, "postgres");
			user = DatabaseDefaults.get(environment, DatabaseDefaults.TEST_USER_VARIABLE, DatabaseDefaults.USER);
			password = DatabaseDefaults.get(environment, DatabaseDefaults.TEST_PASSWORD_VARIABLE,
					DatabaseDefaults.PASSWORD);
		}
		else {
			System.err.println("no PostgreSQL configured (" + DatabaseDefaults.TEST_URL_VARIABLE + ") or listening at "
					+ probe.getHostString() + ":" + probe.getPort() + ": starting an embedded one for this JVM");
			serverUrl = EmbeddedPostgresServer.shared().url("postgres");
			user = DatabaseDefaults.USER;
			password = DatabaseDefaults.PASSWORD;
		}
		// the creation time in the name lets CI drop databases that killed runs left
		// behind, and only those
		String name = "clusterlink_test_" + (System.currentTimeMillis() / 1000) + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		execute(serverUrl, user, password, "create database " + name);
		synchronized (TestPostgres.class) {
			if (drops.isEmpty()) {
				// registered before the embedded server's hook would not order them:
				// dropping
				// may fail once the server is gone, which is harmless (it is deleted)
				Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropNow, "drop-test-database"));
			}
			drops.add(() -> dropQuietly(serverUrl, user, password, name));
		}
		return new Database(withDatabase(serverUrl, name), user, password);
	}

	/** Drops the test databases now (once), at the end of a run. */
	public static synchronized void dropNow() {
		List<Runnable> once = new ArrayList<>(drops);
		drops.clear();
		once.forEach(Runnable::run);
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
