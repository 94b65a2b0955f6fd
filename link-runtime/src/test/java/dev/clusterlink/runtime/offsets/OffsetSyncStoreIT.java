package dev.clusterlink.runtime.offsets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.clusterlink.offsets.sync.GroupPlan;
import dev.clusterlink.offsets.sync.PartitionPlan;
import dev.clusterlink.offsets.sync.PartitionPlan.Action;
import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsets.sync.SyncedPartition;
import dev.clusterlink.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record of offset sync and the per-link lock on a real PostgreSQL.
 */
class OffsetSyncStoreIT {

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
	void oneSyncOfALinkAtATime() {
		OffsetSyncStore store = new OffsetSyncStore(dataSource);
		UUID link = link();
		Optional<OffsetSyncStore.Lock> first = store.tryLock(link, Duration.ZERO);
		assertThat(first).isPresent();
		assertThat(store.tryLock(link, Duration.ofMillis(300))).as("held by the first").isEmpty();
		try (OffsetSyncStore.Lock other = store.tryLock(link(), Duration.ZERO).orElseThrow()) {
			assertThat(other).as("another link's lock is independent").isNotNull();
		}
		first.get().close();
		try (OffsetSyncStore.Lock again = store.tryLock(link, Duration.ZERO).orElseThrow()) {
			assertThat(again).isNotNull();
		}
	}

	@Test
	void roundsAreRecordedAndKeepTheirHistory() {
		OffsetSyncStore store = new OffsetSyncStore(dataSource);
		UUID link = link();
		Instant first = Instant.parse("2026-11-22T10:00:00Z");
		store.record(link,
				List.of(new GroupPlan("app", null, 0,
						List.of(plan(0, 40, 40L, 10L, Action.WRITE, null), plan(1, 7, 7L, 7L, Action.IN_STEP, null)))),
				first);
		SyncedGroup app = store.group(link, "app").orElseThrow();
		assertThat(app.failoverReady()).isTrue();
		assertThat(app.lastSyncedAt()).isEqualTo(first);
		assertThat(app.partitions()).extracting(SyncedPartition::destinationOffset).containsExactly(40L, 7L);
		assertThat(app.partitions()).extracting(SyncedPartition::writtenOffset).containsExactly(40L, null);

		// a round that holds partition 0 keeps its last sync and last write
		Instant second = first.plusSeconds(30);
		store.record(link, List.of(new GroupPlan("app", null, 0,
				List.of(plan(0, 20, 20L, 40L, Action.HOLD, "not backwards"), plan(1, 9, 9L, 7L, Action.WRITE, null)))),
				second);
		app = store.group(link, "app").orElseThrow();
		assertThat(app.failoverReady()).isFalse();
		assertThat(app.lastSyncedAt()).as("not every partition in step").isEqualTo(first);
		SyncedPartition held = app.partitions().get(0);
		assertThat(held.skipReason()).isEqualTo("not backwards");
		assertThat(held.destinationOffset()).isEqualTo(40L);
		assertThat(held.writtenOffset()).isEqualTo(40L);
		assertThat(held.lastSyncedAt()).isEqualTo(first);
		assertThat(held.trailingBy()).isEqualTo(-20L);
		assertThat(app.partitions().get(1).lastSyncedAt()).isEqualTo(second);

		// the group disappears from the source; a partition loses its commit
		store.markPartitions(link, "app", List.of(Map.entry("orders", 1)), "no commit", second.plusSeconds(30));
		store.markGroups(link, Map.of("app", "deleted at the source"), second.plusSeconds(30));
		app = store.group(link, "app").orElseThrow();
		assertThat(app.skipReason()).isEqualTo("deleted at the source");
		assertThat(app.partitions().get(1).skipReason()).isEqualTo("no commit");
		assertThat(store.recordedPartitions(link)).containsOnlyKeys("app");
		assertThat(store.groups(link)).hasSize(1);
		assertThat(store.group(link, "other")).isEmpty();
	}

	@Test
	void mirrorStatesAreReadAgain() throws Exception {
		OffsetSyncStore store = new OffsetSyncStore(dataSource);
		UUID link = link();
		UUID mirror = UUID.randomUUID();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("insert into mirrors (id, link_id, "
						+ "destination_cluster_id, name, source_topic, state, state_changed_at, version, created_at, "
						+ "updated_at) select ?, id, destination_cluster_id, 'dr.orders', 'orders', 'STOPPED', now(), 0, "
						+ "now(), now() from links where id = ?")) {
			statement.setObject(1, mirror);
			statement.setObject(2, link);
			statement.executeUpdate();
		}
		assertThat(store.mirrorStates(List.of(mirror, UUID.randomUUID())))
			.containsExactly(Map.entry(mirror, dev.clusterlink.model.MirrorState.STOPPED));
		assertThat(store.mirrorStates(List.of())).isEmpty();
	}

	private static PartitionPlan plan(int partition, long source, Long translated, Long destination, Action action,
			String reason) {
		return new PartitionPlan("orders", partition, "dr.orders", "IDENTICAL", source, "", translated, false,
				destination, action, reason);
	}

	private static UUID link() {
		UUID source = UUID.randomUUID();
		UUID destination = UUID.randomUUID();
		UUID link = UUID.randomUUID();
		try (Connection connection = dataSource.getConnection()) {
			for (UUID cluster : List.of(source, destination)) {
				try (PreparedStatement statement = connection
					.prepareStatement("insert into clusters (id, name, bootstrap_servers, version, created_at, "
							+ "updated_at) values (?, ?, 'localhost:9092', 0, now(), now())")) {
					statement.setObject(1, cluster);
					statement.setString(2, "cluster-" + cluster);
					statement.executeUpdate();
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"insert into links (id, name, source_cluster_id, destination_cluster_id, state, state_changed_at, "
							+ "version, created_at, updated_at) values (?, ?, ?, ?, 'ACTIVE', now(), 0, now(), now())")) {
				statement.setObject(1, link);
				statement.setString(2, "link-" + link);
				statement.setObject(3, source);
				statement.setObject(4, destination);
				statement.executeUpdate();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return link;
	}

}
