package dev.clusterlink.localdb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * The database defaults of the test support and the local stack, in one place.
 *
 * <p>
 * Both use the PostgreSQL server named by their variable: {@code CLUSTERLINK_TEST_DB_URL}
 * for tests (a JDBC URL of any database on the server: each test run creates its own
 * {@code clusterlink_test_<epoch>_<random>} there), {@code CLUSTERLINK_DB_URL} for the
 * stack (the state store's database, created when missing); user and password from the
 * matching {@code _USER}/{@code _PASSWORD} variables, default {@value #USER} and
 * {@value #PASSWORD}. When the variable is unset, the server at
 * {@value #HOST}:{@value #PORT} is used if something listens there (the probe address,
 * which the variable {@value #PROBE_VARIABLE} or the system property
 * {@value #PROBE_PROPERTY} may move, as {@code host:port}); when nothing does, an
 * {@link EmbeddedPostgresServer embedded PostgreSQL} is started instead: one per test JVM
 * on a free port, one per stack on port {@value #STACK_EMBEDDED_PORT}.
 */
public final class DatabaseDefaults {

	/** The host of the default server. */
	public static final String HOST = "127.0.0.1";

	/** The port of the default server. */
	public static final int PORT = 5432;

	/** The default user (the embedded server's superuser too). */
	public static final String USER = "postgres";

	/**
	 * The default password (the embedded server and a local server with {@code trust}
	 * authentication ignore it).
	 */
	public static final String PASSWORD = "postgres";

	/** The state store's database name in the local stack. */
	public static final String STACK_DATABASE = "clusterlink";

	/** The port of the stack's embedded server (off PostgreSQL's usual 5432). */
	public static final int STACK_EMBEDDED_PORT = 15432;

	/** The services' and the stack's variables. */
	public static final String URL_VARIABLE = "CLUSTERLINK_DB_URL";

	public static final String USER_VARIABLE = "CLUSTERLINK_DB_USER";

	public static final String PASSWORD_VARIABLE = "CLUSTERLINK_DB_PASSWORD";

	/** The tests' variables. */
	public static final String TEST_URL_VARIABLE = "CLUSTERLINK_TEST_DB_URL";

	public static final String TEST_USER_VARIABLE = "CLUSTERLINK_TEST_DB_USER";

	public static final String TEST_PASSWORD_VARIABLE = "CLUSTERLINK_TEST_DB_PASSWORD";

	/** Where to look for a running server when none is configured ({@code host:port}). */
	public static final String PROBE_VARIABLE = "CLUSTERLINK_DB_PROBE";

	public static final String PROBE_PROPERTY = "clusterlink.db.probe";

	private DatabaseDefaults() {
	}

	/**
	 * The address probed for a running server: {@value #PROBE_PROPERTY},
	 * {@value #PROBE_VARIABLE}, else {@value #HOST}:{@value #PORT}.
	 */
	public static InetSocketAddress probeAddress(Map<String, String> environment) {
		String value = System.getProperty(PROBE_PROPERTY);
		if (value == null || value.isBlank()) {
			value = environment.get(PROBE_VARIABLE);
		}
		if (value == null || value.isBlank()) {
			return InetSocketAddress.createUnresolved(HOST, PORT);
		}
		int colon = value.lastIndexOf(':');
		return InetSocketAddress.createUnresolved(value.substring(0, colon),
				Integer.parseInt(value.substring(colon + 1)));
	}

	/** A JDBC URL of {@code database} on the server at {@code address}. */
	public static String url(InetSocketAddress address, String database) {
		return "jdbc:postgresql://" + address.getHostString() + ":" + address.getPort() + "/" + database;
	}

	/** Whether something accepts TCP connections at the address (within 500 ms). */
	public static boolean reachable(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The variable's value, or the fallback when it is unset or blank. */
	public static String get(Map<String, String> environment, String name, String fallback) {
		String value = environment.get(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
