package dev.clusterlink.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import dev.clusterlink.localdb.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first start with only a JDK: with no server configured
 * ({@code CLUSTERLINK_TEST_DB_URL} unset) and nothing listening at the probed address,
 * the test support starts the embedded PostgreSQL, and the state store's migrations run
 * on it.
 */
class EmbeddedPostgresFallbackIT {

	@Test
	void startsAnEmbeddedServerWhenNoneIsConfiguredOrReachable() throws Exception {
		InetSocketAddress nothingListens = closedPort();

		TestPostgres.Database database = TestPostgres.fromServer(Map.of(), nothingListens);

		String embedded = EmbeddedPostgresServer.shared().url("");
		assertThat(database.jdbcUrl()).startsWith(embedded).contains("/clusterlink_test_");
		Flyway flyway = Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.locations("classpath:db/migration")
			.load();
		assertThat(flyway.migrate().migrationsExecuted).isPositive();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("select count(*) from flyway_schema_history where success and version is not null")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(flyway.info().applied().length);
		}
		assertThat(serverVersion(database)).startsWith("17.");
	}

	private static String serverVersion(TestPostgres.Database database) throws SQLException {
		try (Connection connection = database.connect()) {
			return connection.getMetaData().getDatabaseProductVersion();
		}
	}

	private static InetSocketAddress closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return InetSocketAddress.createUnresolved("127.0.0.1", socket.getLocalPort());
		}
	}

}
