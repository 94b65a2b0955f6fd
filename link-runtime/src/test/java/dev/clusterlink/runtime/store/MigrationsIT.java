package dev.clusterlink.runtime.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import dev.clusterlink.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flyway migrations every service applies build the state store on a real PostgreSQL.
 */
class MigrationsIT {

	@Test
	void migrationsCreateTheStateStoreAndAreIdempotent() throws Exception {
		TestPostgres.Database db = TestPostgres.database();
		Flyway flyway = Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load();
		assertThat(flyway.migrate().success).isTrue();
		assertThat(flyway.migrate().migrationsExecuted).as("a second run applies nothing").isZero();

		try (Connection connection = db.connect()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
				while (rs.next()) {
					tables.add(rs.getString("TABLE_NAME"));
				}
			}
			assertThat(tables).contains("clusters", "links", "mirrors", "mirror_partitions", "audit_log", "shedlock");
			for (String table : new String[] { "clusters", "links", "mirrors", "mirror_partitions" }) {
				try (ResultSet rs = connection.getMetaData().getColumns(null, "public", table, "version")) {
					assertThat(rs.next()).as("%s has a version column", table).isTrue();
				}
			}
		}
	}

}
