package dev.clusterlink.runtime.offsets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.offsets.sync.GroupPlan;
import dev.clusterlink.offsets.sync.PartitionPlan;
import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsets.sync.SyncedPartition;
import dev.clusterlink.runtime.store.Jdbc;
import dev.clusterlink.runtime.store.StateStoreException;
import org.jspecify.annotations.Nullable;

import static dev.clusterlink.runtime.store.Jdbc.instant;
import static dev.clusterlink.runtime.store.Jdbc.longOrNull;
import static dev.clusterlink.runtime.store.Jdbc.setLong;

/**
 * The record of consumer-offset sync in the state store (tables
 * {@code consumer_offset_sync_groups} and {@code consumer_offset_sync_partitions}), and
 * the lock that keeps two syncs of one link from overlapping. Plain JDBC.
 *
 * <p>
 * The rows are a record for operators, never a checkpoint: every round reads the
 * destination group again, so nothing here can move a group backwards after a restart
 * (KAFKA-15905).
 */
public final class OffsetSyncStore {

	/** The first key of the advisory locks of offset sync (any fixed number). */
	private static final int LOCK_SPACE = 0x0ff5e7;

	/** For the lock only: it needs a connection held beyond one call. */
	private final DataSource dataSource;

	private final Jdbc jdbc;

	public OffsetSyncStore(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new Jdbc(dataSource);
	}

	/**
	 * Takes the link's offset-sync lock (a PostgreSQL session advisory lock): the
	 * periodic round of one instance, another instance during a rebalance and the
	 * worker's final sync never write the same link's groups at the same time, so the
	 * never-backwards check cannot race with another writer of ours.
	 * @param linkId the link
	 * @param wait how long to wait for it
	 * @return the held lock, or empty when another sync holds it
	 */
	public Optional<Lock> tryLock(UUID linkId, Duration wait) {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			long deadline = System.nanoTime() + wait.toNanos();
			while (true) {
				if (tryLock(connection, linkId)) {
					return Optional.of(new Lock(connection, linkId));
				}
				if (System.nanoTime() >= deadline) {
					connection.close();
					return Optional.empty();
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new StateStoreException("taking the offset-sync lock of link " + linkId + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			closeQuietly(connection);
			return Optional.empty();
		}
	}

	/**
	 * The states of mirrors now, read again once the lock is held: a mirror stopped
	 * meanwhile (by a final sync that held the lock) is not synced any more.
	 * @param mirrorIds the mirrors
	 * @return their states; a deleted mirror is absent
	 */
	public Map<UUID, MirrorState> mirrorStates(Collection<UUID> mirrorIds) {
		Map<UUID, MirrorState> states = new HashMap<>();
		if (mirrorIds.isEmpty()) {
			return states;
		}
		return this.jdbc.withConnection("reading the states of mirrors", (connection) -> {
			Jdbc.query(connection, "select id, state from mirrors where id = any(?)",
					(rs) -> states.put(rs.getObject(1, UUID.class), MirrorState.valueOf(rs.getString(2))),
					connection.createArrayOf("uuid", mirrorIds.toArray()));
			return states;
		});
	}

	/**
	 * Records what a round did to its groups, in one transaction.
	 * @param linkId the link
	 * @param groups the groups after the round (written partitions are WRITE, failed
	 * writes HOLD)
	 * @param at when the round ran
	 */
	public void record(UUID linkId, List<GroupPlan> groups, Instant at) {
		if (groups.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(at);
		this.jdbc.inTransaction("recording the offset sync of link " + linkId, (connection) -> {
			upsertGroups(connection, linkId, groups, now);
			upsertPartitions(connection, linkId, groups, now);
			return null;
		});
	}

	/**
	 * Marks partitions the round looked for but the group no longer commits on, keeping
	 * their last values.
	 * @param linkId the link
	 * @param groupId the group
	 * @param partitions source topic and partition of each
	 * @param reason why they are not synced
	 * @param at when the round ran
	 */
	public void markPartitions(UUID linkId, String groupId, List<Map.Entry<String, Integer>> partitions, String reason,
			Instant at) {
		String sql = "update consumer_offset_sync_partitions set skip_reason = ?, updated_at = ? where link_id = ? "
				+ "and group_id = ? and source_topic = ? and partition = ?";
		this.jdbc.batch("marking partitions of group " + groupId, sql, partitions, (statement, partition) -> {
			statement.setString(1, reason);
			statement.setTimestamp(2, Timestamp.from(at));
			statement.setObject(3, linkId);
			statement.setString(4, groupId);
			statement.setString(5, partition.getKey());
			statement.setInt(6, partition.getValue());
		});
	}

	/**
	 * Marks groups a round no longer syncs (deleted on the source, no longer selected),
	 * keeping their last values: their destination offsets are left as they are.
	 * @param linkId the link
	 * @param reasons the reason per group
	 * @param at when the round ran
	 */
	public void markGroups(UUID linkId, Map<String, String> reasons, Instant at) {
		String sql = "update consumer_offset_sync_groups set skip_reason = ?, last_round_at = ? where link_id = ? "
				+ "and group_id = ? and skip_reason is distinct from ?";
		this.jdbc.batch("marking groups of link " + linkId, sql, reasons.entrySet(), (statement, group) -> {
			statement.setString(1, group.getValue());
			statement.setTimestamp(2, Timestamp.from(at));
			statement.setObject(3, linkId);
			statement.setString(4, group.getKey());
			statement.setString(5, group.getValue());
		});
	}

	/**
	 * The partitions recorded for a link, by group.
	 * @param linkId the link
	 * @return source topic and partition per group
	 */
	public Map<String, Set<Map.Entry<String, Integer>>> recordedPartitions(UUID linkId) {
		Map<String, Set<Map.Entry<String, Integer>>> recorded = new LinkedHashMap<>();
		query("select g.group_id, p.source_topic, p.partition from consumer_offset_sync_groups g "
				+ "left join consumer_offset_sync_partitions p on p.link_id = g.link_id and p.group_id = g.group_id "
				+ "where g.link_id = ?", (rs) -> {
					Set<Map.Entry<String, Integer>> partitions = recorded.computeIfAbsent(rs.getString(1),
							(group) -> new HashSet<>());
					if (rs.getString(2) != null) {
						partitions.add(Map.entry(rs.getString(2), rs.getInt(3)));
					}
					return null;
				}, linkId);
		return recorded;
	}

	/**
	 * The groups a link syncs, by name.
	 * @param linkId the link
	 * @return the groups with their partitions
	 */
	public List<SyncedGroup> groups(UUID linkId) {
		return read(linkId, null, "");
	}

	/**
	 * A page of the groups a link syncs, by name: the page is cut in the query.
	 * @param linkId the link
	 * @param offset how many groups to skip, from 0
	 * @param limit at most this many groups
	 * @return the groups with their partitions
	 */
	public List<SyncedGroup> groups(UUID linkId, long offset, int limit) {
		if (offset < 0 || limit < 1) {
			throw new IllegalArgumentException("offset " + offset + " and limit " + limit + " must be >= 0 and >= 1");
		}
		return read(linkId, null, " limit " + limit + " offset " + offset);
	}

	/**
	 * How many groups a link syncs.
	 * @param linkId the link
	 * @return the number of groups
	 */
	public long countGroups(UUID linkId) {
		return query("select count(*) from consumer_offset_sync_groups where link_id = ?", (rs) -> rs.getLong(1),
				linkId)
			.getFirst();
	}

	/**
	 * One group a link syncs.
	 * @param linkId the link
	 * @param groupId the group
	 * @return the group, empty when the link never synced it
	 */
	public Optional<SyncedGroup> group(UUID linkId, String groupId) {
		return read(linkId, groupId, "").stream().findFirst();
	}

	/**
	 * @param page {@code ""}, or a {@code limit/offset} clause (numbers only) that cuts
	 * the groups, ordered by name, and the partitions with them
	 */
	private List<SyncedGroup> read(UUID linkId, @Nullable String groupId, String page) {
		String filter = (groupId != null) ? " and group_id = ?" : "";
		Object[] args = (groupId != null) ? new Object[] { linkId, groupId } : new Object[] { linkId };
		String groupsSql = "select group_id, skip_reason, destination_members, last_round_at, last_synced_at "
				+ "from consumer_offset_sync_groups where link_id = ?" + filter + " order by group_id" + page;
		if (!page.isEmpty()) {
			// only the partitions of the groups on this page
			filter += " and group_id in (select group_id from consumer_offset_sync_groups where link_id = ? "
					+ "order by group_id" + page + ")";
			args = new Object[] { linkId, linkId };
		}
		Map<String, List<SyncedPartition>> partitions = new LinkedHashMap<>();
		query("select group_id, source_topic, partition, mirror_topic, offset_mode, source_offset, translated_offset, "
				+ "clamped, destination_offset, written_offset, written_at, skip_reason, last_synced_at, updated_at "
				+ "from consumer_offset_sync_partitions where link_id = ?" + filter
				+ " order by group_id, source_topic, partition", (rs) -> {
					partitions.computeIfAbsent(rs.getString(1), (group) -> new ArrayList<>())
						.add(new SyncedPartition(rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
								rs.getLong(6), longOrNull(rs, 7), rs.getBoolean(8), longOrNull(rs, 9),
								longOrNull(rs, 10), instant(rs, 11), rs.getString(12), instant(rs, 13),
								instant(rs, 14)));
					return null;
				}, args);
		return query(groupsSql,
				(rs) -> new SyncedGroup(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4), instant(rs, 5),
						partitions.getOrDefault(rs.getString(1), List.of())),
				(groupId != null) ? new Object[] { linkId, groupId } : new Object[] { linkId });
	}

	private static void upsertGroups(Connection connection, UUID linkId, List<GroupPlan> groups, Timestamp now)
			throws SQLException {
		String sql = "insert into consumer_offset_sync_groups (link_id, group_id, skip_reason, destination_members, "
				+ "last_round_at, last_synced_at) values (?, ?, ?, ?, ?, ?) on conflict (link_id, group_id) do update "
				+ "set skip_reason = excluded.skip_reason, destination_members = excluded.destination_members, "
				+ "last_round_at = excluded.last_round_at, "
				+ "last_synced_at = coalesce(excluded.last_synced_at, consumer_offset_sync_groups.last_synced_at)";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (GroupPlan group : groups) {
				boolean synced = group.skipReason() == null
						&& group.partitions().stream().noneMatch((plan) -> plan.action() == PartitionPlan.Action.HOLD);
				statement.setObject(1, linkId);
				statement.setString(2, group.groupId());
				statement.setString(3, truncate(group.skipReason()));
				statement.setInt(4, group.destinationMembers());
				statement.setTimestamp(5, now);
				statement.setTimestamp(6, synced ? now : null);
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	private static void upsertPartitions(Connection connection, UUID linkId, List<GroupPlan> groups, Timestamp now)
			throws SQLException {
		String sql = "insert into consumer_offset_sync_partitions (link_id, group_id, source_topic, partition, "
				+ "mirror_topic, offset_mode, source_offset, translated_offset, clamped, destination_offset, "
				+ "written_offset, written_at, skip_reason, last_synced_at, updated_at) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
				+ "on conflict (link_id, group_id, source_topic, partition) do update set "
				+ "mirror_topic = excluded.mirror_topic, offset_mode = excluded.offset_mode, "
				+ "source_offset = excluded.source_offset, translated_offset = excluded.translated_offset, "
				+ "clamped = excluded.clamped, destination_offset = excluded.destination_offset, "
				+ "written_offset = coalesce(excluded.written_offset, consumer_offset_sync_partitions.written_offset), "
				+ "written_at = coalesce(excluded.written_at, consumer_offset_sync_partitions.written_at), "
				+ "skip_reason = excluded.skip_reason, "
				+ "last_synced_at = coalesce(excluded.last_synced_at, consumer_offset_sync_partitions.last_synced_at), "
				+ "updated_at = excluded.updated_at";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (GroupPlan group : groups) {
				for (PartitionPlan plan : group.partitions()) {
					boolean written = plan.action() == PartitionPlan.Action.WRITE;
					boolean inStep = plan.action() != PartitionPlan.Action.HOLD;
					Long after = inStep ? plan.translatedOffset() : plan.destinationOffset();
					int i = 1;
					statement.setObject(i++, linkId);
					statement.setString(i++, group.groupId());
					statement.setString(i++, plan.sourceTopic());
					statement.setInt(i++, plan.partition());
					statement.setString(i++, plan.mirrorTopic());
					statement.setString(i++, plan.mode());
					statement.setLong(i++, plan.sourceOffset());
					setLong(statement, i++, plan.translatedOffset());
					statement.setBoolean(i++, plan.clamped());
					setLong(statement, i++, after);
					setLong(statement, i++, written ? plan.translatedOffset() : null);
					statement.setTimestamp(i++, written ? now : null);
					statement.setString(i++, truncate(plan.reason()));
					statement.setTimestamp(i++, inStep ? now : null);
					statement.setTimestamp(i, now);
					statement.addBatch();
				}
			}
			statement.executeBatch();
		}
	}

	private static boolean tryLock(Connection connection, UUID linkId) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
			statement.setInt(1, LOCK_SPACE);
			statement.setInt(2, linkId.hashCode());
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}

	private <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... args) {
		return this.jdbc.query("reading the offset sync state", sql, mapper, args);
	}

	private static @Nullable String truncate(@Nullable String text) {
		return (text != null && text.length() > 2000) ? text.substring(0, 1999) + "…" : text;
	}

	private static void closeQuietly(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// the lock goes with the session anyway
			}
		}
	}

	/**
	 * A held offset-sync lock of a link; closing it releases the lock (so does a lost
	 * connection).
	 */
	public static final class Lock implements AutoCloseable {

		private final Connection connection;

		private final UUID linkId;

		private Lock(Connection connection, UUID linkId) {
			this.connection = connection;
			this.linkId = linkId;
		}

		@Override
		public void close() {
			try (PreparedStatement statement = this.connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
				statement.setInt(1, LOCK_SPACE);
				statement.setInt(2, this.linkId.hashCode());
				statement.execute();
			}
			catch (SQLException ignored) {
				// the lock goes with the session when the connection closes
			}
			finally {
				closeQuietly(this.connection);
			}
		}

	}

}
