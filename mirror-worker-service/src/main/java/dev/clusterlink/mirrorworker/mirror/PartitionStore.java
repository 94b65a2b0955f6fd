package dev.clusterlink.mirrorworker.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseStore;
import dev.clusterlink.model.OffsetMode;
import dev.clusterlink.model.PartitionState;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import dev.clusterlink.runtime.store.PartitionOffsetsReader;
import dev.clusterlink.runtime.store.StateStoreException;
import dev.clusterlink.store.PartitionOffsets;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The worker's writes to {@code mirror_partitions} and {@code mirror_offset_ranges}.
 * Every write is fenced: it applies only while the writer holds the mirror's lease with
 * its epoch, so a worker that lost its lease cannot change what the new owner relies on.
 */
@Component
class PartitionStore {

	private static final String FENCE = LeaseStore.heldBy("?");

	private final DataSource dataSource;

	private final PartitionOffsetsReader reader;

	private final String owner;

	PartitionStore(DataSource dataSource, dev.clusterlink.mirrorworker.WorkerProperties properties) {
		this.dataSource = dataSource;
		this.reader = new PartitionOffsetsReader(dataSource);
		this.owner = properties.instanceId();
	}

	List<PartitionOffsets> read(UUID mirrorId) {
		return this.reader.read(mirrorId);
	}

	/**
	 * Records the start offset of a partition that is being set up (kept if already
	 * recorded).
	 */
	void beginSetUp(Lease lease, int partition, long startOffset) {
		update(lease,
				"insert into mirror_partitions (mirror_id, partition, state, start_offset, lease_epoch, updated_at) "
						+ "select ?, ?, '" + PartitionState.SETTING_UP.stored() + "', ?, ?, now() where " + FENCE
						+ " on conflict (mirror_id, partition) do nothing",
				false, lease.mirrorId(), partition, startOffset, lease.epoch(), lease.mirrorId(), this.owner,
				lease.epoch());
	}

	/** Fixes a partition's offset mode once its set-up is complete. */
	void completeSetUp(Lease lease, int partition, OffsetMap map, long destinationEnd) {
		update(lease, "update mirror_partitions set state = '" + PartitionState.ACTIVE.stored()
				+ "', offset_mode = ?, start_offset = ?, offset_delta = ?, "
				+ "mirrored_offset = ?, destination_end_offset = ?, last_error = null, lease_epoch = ?, "
				+ "version = version + 1, updated_at = now() where mirror_id = ? and partition = ? and " + FENCE, true,
				map.mode().name(), map.startOffset(), map.delta(), map.sourcePositionFor(destinationEnd),
				destinationEnd, lease.epoch(), lease.mirrorId(), partition, lease.mirrorId(), this.owner,
				lease.epoch());
	}

	/**
	 * Stores new runs of a partition before their first record is sent; the partition
	 * becomes TRANSLATED. Runs that start at or after the first new run's destination
	 * offset never got a record and are replaced. One transaction, fenced.
	 */
	void appendRuns(Lease lease, int partition, OffsetMap before, List<OffsetSegment> runs) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				requireLease(connection, lease);
				long firstDestination = runs.get(0).destinationStart();
				execute(connection, "delete from mirror_offset_ranges where mirror_id = ? and partition = ? and "
						+ "destination_start >= ?", lease.mirrorId(), partition, firstDestination);
				if (before.mode() != OffsetMode.TRANSLATED) {
					OffsetSegment first = before.segments().get(0);
					execute(connection,
							"insert into mirror_offset_ranges (mirror_id, partition, source_start, "
									+ "destination_start) values (?, ?, ?, ?) on conflict do nothing",
							lease.mirrorId(), partition, first.sourceStart(), first.destinationStart());
				}
				for (OffsetSegment run : runs) {
					execute(connection, "insert into mirror_offset_ranges (mirror_id, partition, source_start, "
							+ "destination_start) values (?, ?, ?, ?) on conflict (mirror_id, partition, source_start) do "
							+ "update set destination_start = excluded.destination_start", lease.mirrorId(), partition,
							run.sourceStart(), run.destinationStart());
				}
				execute(connection,
						"update mirror_partitions set offset_mode = 'TRANSLATED', lease_epoch = ?, "
								+ "version = version + 1, updated_at = now() where mirror_id = ? and partition = ?",
						lease.epoch(), lease.mirrorId(), partition);
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new StateStoreException("storing offset runs of " + lease.mirrorId() + "-" + partition + " failed",
					ex);
		}
	}

	/**
	 * Forgets runs that start past the destination end (they were written ahead of
	 * records that never arrived).
	 */
	void trimRuns(Lease lease, int partition, long destinationEnd) {
		update(lease,
				"delete from mirror_offset_ranges where mirror_id = ? and partition = ? and destination_start > ? "
						+ "and " + FENCE,
				false, lease.mirrorId(), partition, destinationEnd, lease.mirrorId(), this.owner, lease.epoch());
	}

	/**
	 * Replaces a partition's runs with a whole map (rare: an acknowledged halt). One
	 * transaction, fenced.
	 */
	void replaceRuns(Lease lease, int partition, OffsetMap map) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				requireLease(connection, lease);
				execute(connection, "delete from mirror_offset_ranges where mirror_id = ? and partition = ?",
						lease.mirrorId(), partition);
				for (OffsetSegment run : map.segments()) {
					execute(connection,
							"insert into mirror_offset_ranges (mirror_id, partition, source_start, "
									+ "destination_start, length) values (?, ?, ?, ?, ?)",
							lease.mirrorId(), partition, run.sourceStart(), run.destinationStart(), run.length());
				}
				execute(connection,
						"update mirror_partitions set offset_mode = ?, lease_epoch = ?, version = version + 1, "
								+ "updated_at = now() where mirror_id = ? and partition = ?",
						map.mode().name(), lease.epoch(), lease.mirrorId(), partition);
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new StateStoreException(
					"replacing the offset runs of " + lease.mirrorId() + "-" + partition + " failed", ex);
		}
	}

	/**
	 * Starts a fresh map for a partition, e.g. after an acknowledged topic reset: one run
	 * from here.
	 */
	void restartMap(Lease lease, int partition, long sourceStart, long destinationStart, long recordsLost) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				requireLease(connection, lease);
				execute(connection, "delete from mirror_offset_ranges where mirror_id = ? and partition = ?",
						lease.mirrorId(), partition);
				execute(connection,
						"insert into mirror_offset_ranges (mirror_id, partition, source_start, "
								+ "destination_start) values (?, ?, ?, ?)",
						lease.mirrorId(), partition, sourceStart, destinationStart);
				execute(connection, "update mirror_partitions set offset_mode = 'TRANSLATED', state = '"
						+ PartitionState.ACTIVE.stored() + "', "
						+ "last_error = null, records_lost = records_lost + ?, lease_epoch = ?, version = version + 1, "
						+ "updated_at = now() where mirror_id = ? and partition = ?", recordsLost, lease.epoch(),
						lease.mirrorId(), partition);
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new StateStoreException(
					"restarting the offset map of " + lease.mirrorId() + "-" + partition + " failed", ex);
		}
	}

	/** Adds to the count of records a partition never copied. */
	void addRecordsLost(Lease lease, int partition, long records) {
		update(lease,
				"update mirror_partitions set records_lost = records_lost + ?, version = version + 1, "
						+ "updated_at = now() where mirror_id = ? and partition = ? and " + FENCE,
				false, records, lease.mirrorId(), partition, lease.mirrorId(), this.owner, lease.epoch());
	}

	/**
	 * Writes the progress of many partitions in one batch; rows of lost leases are
	 * skipped.
	 */
	void writeProgress(Collection<PartitionProgress> progress) {
		if (progress.isEmpty()) {
			return;
		}
		String sql = "update mirror_partitions set state = ?, mirrored_offset = ?, source_start_offset = ?, "
				+ "source_end_offset = ?, lag = ?, destination_start_offset = ?, destination_end_offset = ?, "
				+ "last_error = ?, version = version + 1, updated_at = now() where mirror_id = ? and partition = ? and "
				+ FENCE;
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (PartitionProgress row : progress) {
				int i = 1;
				statement.setString(i++, row.state().stored());
				setLong(statement, i++, row.mirroredOffset());
				setLong(statement, i++, row.sourceStart());
				setLong(statement, i++, row.sourceEnd());
				setLong(statement, i++, row.lag());
				setLong(statement, i++, row.destinationStart());
				setLong(statement, i++, row.destinationEnd());
				statement.setString(i++, row.lastError());
				statement.setObject(i++, row.mirrorId());
				statement.setInt(i++, row.partition());
				statement.setObject(i++, row.mirrorId());
				statement.setString(i++, this.owner);
				statement.setLong(i, row.leaseEpoch());
				statement.addBatch();
			}
			statement.executeBatch();
		}
		catch (SQLException ex) {
			throw new StateStoreException("writing the progress of " + progress.size() + " partition(s) failed", ex);
		}
	}

	private void update(Lease lease, String sql, boolean requireRow, Object... args) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, args);
			int rows = statement.executeUpdate();
			if (requireRow && rows == 0) {
				throw new LeaseLostException(lease.mirrorId());
			}
		}
		catch (SQLException ex) {
			throw new StateStoreException("writing partition state of mirror " + lease.mirrorId() + " failed", ex);
		}
	}

	private void requireLease(Connection connection, Lease lease) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select 1 from mirror_leases where mirror_id = ? "
					+ "and owner = ? and epoch = ? and expires_at > now() for share")) {
			bind(statement, lease.mirrorId(), this.owner, lease.epoch());
			try (var rs = statement.executeQuery()) {
				if (!rs.next()) {
					throw new LeaseLostException(lease.mirrorId());
				}
			}
		}
	}

	private static void execute(Connection connection, String sql, Object... args) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, args);
			statement.executeUpdate();
		}
	}

	private static void bind(PreparedStatement statement, Object... args) throws SQLException {
		for (int i = 0; i < args.length; i++) {
			statement.setObject(i + 1, args[i]);
		}
	}

	private static void setLong(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.BIGINT);
		}
		else {
			statement.setLong(index, value);
		}
	}

}
