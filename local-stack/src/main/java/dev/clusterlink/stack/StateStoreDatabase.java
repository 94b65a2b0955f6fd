package dev.clusterlink.stack;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import dev.clusterlink.stack.StackSettings.Database;

/**
 * The PostgreSQL database of the state store: reachable, and created when missing (the
 * services' Flyway migrations create the schema).
 */
public final class StateStoreDatabase {

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	/** PostgreSQL's SQLSTATE for "database does not exist". */
	private static final String INVALID_CATALOG = "3D000";

	private StateStoreDatabase() {
	}

	/**
	 * Connects to the database, creating it when the server answers that it does not
	 * exist.
	 * @return whether it was created now
	 */
	public static boolean ensureExists(Database database) {
		try (Connection connection = connect(database.url(), database)) {
			return false;
		}
		catch (SQLException ex) {
			if (!INVALID_CATALOG.equals(ex.getSQLState())) {
				throw unreachable(database, ex);
			}
		}
		String name = databaseName(database.url());
		try (Connection connection = connect(withDatabase(database.url(), "postgres"), database);
				Statement statement = connection.createStatement()) {
			statement.execute("create database \"" + name + "\"");
			return true;
		}
		catch (SQLException ex) {
			throw new StackException("could not create database " + name + " (SQLSTATE " + ex.getSQLState()
					+ "): create it by hand, or set CLUSTERLINK_DB_URL to an existing one", ex);
		}
	}

	/** Drops the database; used only for a database this stack created. */
	public static void drop(Database database) {
		String name = databaseName(database.url());
		try (Connection connection = connect(withDatabase(database.url(), "postgres"), database);
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists \"" + name + "\" with (force)");
		}
		catch (SQLException ex) {
			throw new StackException("could not drop database " + name + " (SQLSTATE " + ex.getSQLState() + ")", ex);
		}
	}

	static String databaseName(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String name = uri.getPath().replaceFirst("^/", "");
		if (!PLAIN_NAME.matcher(name).matches()) {
			throw new StackException("CLUSTERLINK_DB_URL must name a database of letters, digits and _: " + jdbcUrl);
		}
		return name;
	}

	static String withDatabase(String jdbcUrl, String name) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	private static Connection connect(String url, Database database) throws SQLException {
		DriverManager.setLoginTimeout(5);
		return DriverManager.getConnection(url, database.user(), database.password());
	}

	private static StackException unreachable(Database database, SQLException ex) {
		// host, port and SQLSTATE only: a JDBC URL may carry a password in its query
		URI uri = URI.create(database.url().substring("jdbc:".length()));
		return new StackException("PostgreSQL at " + uri.getHost() + ":" + ((uri.getPort() < 0) ? 5432 : uri.getPort())
				+ " (database " + databaseName(database.url()) + ") does not answer (SQLSTATE " + ex.getSQLState()
				+ "): start it, or point CLUSTERLINK_DB_URL, "
				+ "CLUSTERLINK_DB_USER and CLUSTERLINK_DB_PASSWORD at a server", ex);
	}

}
