package dev.clusterlink.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin row of a bidirectional link (V12) is an ordinary link to every service: the
 * worker reads it with its clusters swapped and copies that direction; it goes with its
 * link.
 */
class TwinLinkRowsIT {

	private static PGSimpleDataSource dataSource;

	@BeforeAll
	static void migrate() {
		TestPostgres.Database db = TestPostgres.database();
		Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
		dataSource = new PGSimpleDataSource();
		dataSource.setURL(db.jdbcUrl());
		dataSource.setUser(db.username());
		dataSource.setPassword(db.password());
	}

	@Test
	void theWorkerReadsTheTwinAsALinkTheOtherWayAndItGoesWithItsLink() throws Exception {
		UUID a = UUID.randomUUID();
		UUID b = UUID.randomUUID();
		UUID link = UUID.randomUUID();
		UUID twin = UUID.randomUUID();
		// the longest user name, and its twin's name beyond the old 100 characters
		String name = "l" + link.toString().replace("-", "") + "x".repeat(67);
		try (Connection connection = dataSource.getConnection()) {
			for (UUID cluster : List.of(a, b)) {
				update(connection,
						"insert into clusters (id, name, bootstrap_servers, version, created_at, updated_at) "
								+ "values (?, ?, 'localhost:9092', 0, now(), now())",
						cluster, "cluster-" + cluster);
			}
			String insert = "insert into links (id, name, source_cluster_id, destination_cluster_id, configs, state, "
					+ "state_changed_at, version, created_at, updated_at, twin_of) values (?, ?, ?, ?, "
					+ "'{\"link.mode\":\"BIDIRECTIONAL\"}'::jsonb, 'ACTIVE', now(), 0, now(), now(), ?)";
			update(connection, insert, link, name, a, b, null);
			update(connection, insert, twin, name + "~reverse", b, a, link);
		}

		List<LinkRow> links = new StateStoreReader(dataSource, SecretCipher.of(SecretCipher.DEV_KEY, List.of()))
			.links();
		LinkRow reverse = links.stream().filter((row) -> row.id().equals(twin)).findFirst().orElseThrow();
		assertThat(reverse.name()).isEqualTo(name + "~reverse").hasSize(108);
		assertThat(reverse.sourceClusterId()).isEqualTo(b);
		assertThat(reverse.destinationClusterId()).isEqualTo(a);
		assertThat(reverse.configs()).containsEntry("link.mode", "BIDIRECTIONAL");

		try (Connection connection = dataSource.getConnection()) {
			update(connection, "delete from links where id = ?", link);
		}
		assertThat(new StateStoreReader(dataSource, SecretCipher.of(SecretCipher.DEV_KEY, List.of())).link(twin))
			.isEmpty();
	}

	private static void update(Connection connection, String sql, Object... args) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.executeUpdate();
		}
	}

}
