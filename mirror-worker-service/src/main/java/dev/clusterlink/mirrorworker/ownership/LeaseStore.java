package dev.clusterlink.mirrorworker.ownership;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.runtime.store.StateStoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Mirror leases in PostgreSQL (table {@code mirror_leases}), judged in database time. A
 * lease is granted only when it is free, released, or expired, each time with the next
 * epoch, so two owners can never hold the same epoch and a stale owner's writes (which
 * carry its epoch) are refused.
 */
@Component
public class LeaseStore {

	private final DataSource dataSource;

	LeaseStore(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Takes a lease when it is free or expired.
	 * @param mirrorId the mirror
	 * @param owner this worker
	 * @param ttl how long it lasts without renewal
	 * @return the new epoch and whether the previous holder released it drained, or
	 * {@code null} when another worker holds it
	 */
	@Nullable Granted acquire(UUID mirrorId, String owner, Duration ttl) {
		// in "on conflict do update", l.* are the values before the update: the
		// predecessor was drained only when it released the lease (owner null) drained
		String sql = "insert into mirror_leases as l (mirror_id, owner, epoch, expires_at, acquired_at, renewed_at, "
				+ "drained) values (?, ?, 1, now() + ? * interval '1 millisecond', now(), now(), false) "
				+ "on conflict (mirror_id) do update set owner = excluded.owner, epoch = l.epoch + 1, "
				+ "expires_at = excluded.expires_at, acquired_at = now(), renewed_at = now(), "
				+ "drained = (l.owner is null and l.drained) "
				+ "where l.owner is null or l.expires_at < now() returning epoch, drained";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, mirrorId);
			statement.setString(2, owner);
			statement.setLong(3, ttl.toMillis());
			try (ResultSet rs = statement.executeQuery()) {
				// a first lease (epoch 1) has no predecessor
				return rs.next() ? new Granted(rs.getLong(1), rs.getLong(1) == 1 || rs.getBoolean(2)) : null;
			}
		}
		catch (SQLException ex) {
			if ("23503".equals(ex.getSQLState())) {
				return null; // the mirror was deleted meanwhile
			}
			throw new StateStoreException("acquiring the lease of mirror " + mirrorId + " failed", ex);
		}
	}

	/**
	 * A lease granted by {@link #acquire}.
	 *
	 * @param epoch the new epoch
	 * @param predecessorDrained whether the previous holder released it with nothing in
	 * flight
	 */
	record Granted(long epoch, boolean predecessorDrained) {
	}

	/**
	 * Renews leases this worker holds, all in one statement.
	 * @param leases the held leases
	 * @param owner this worker
	 * @param ttl the new lifetime
	 * @return the mirrors whose lease was renewed; the others are lost
	 */
	Set<UUID> renew(Collection<Lease> leases, String owner, Duration ttl) {
		if (leases.isEmpty()) {
			return Set.of();
		}
		String sql = "update mirror_leases l set expires_at = now() + ? * interval '1 millisecond', renewed_at = now() "
				+ "from unnest(?::uuid[], ?::bigint[]) as t(mirror_id, epoch) "
				+ "where l.mirror_id = t.mirror_id and l.epoch = t.epoch and l.owner = ? and l.expires_at > now() "
				+ "returning l.mirror_id";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			Array ids = connection.createArrayOf("uuid", leases.stream().map(Lease::mirrorId).toArray());
			Array epochs = connection.createArrayOf("bigint", leases.stream().map(Lease::epoch).toArray());
			statement.setLong(1, ttl.toMillis());
			statement.setArray(2, ids);
			statement.setArray(3, epochs);
			statement.setString(4, owner);
			Set<UUID> renewed = new HashSet<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					renewed.add(rs.getObject(1, UUID.class));
				}
			}
			return renewed;
		}
		catch (SQLException ex) {
			throw new StateStoreException("renewing " + leases.size() + " lease(s) failed", ex);
		}
	}

	/**
	 * Releases a lease so the next owner need not wait for it to expire.
	 * @param lease the lease
	 * @param owner this worker
	 * @param drained whether nothing of the mirror is in flight any more (every send
	 * acknowledged or definitely failed); when false the next owner settles first
	 */
	void release(Lease lease, String owner, boolean drained) {
		String sql = "update mirror_leases set owner = null, expires_at = now(), drained = ? where mirror_id = ? "
				+ "and owner = ? and epoch = ?";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setBoolean(1, drained);
			statement.setObject(2, lease.mirrorId());
			statement.setString(3, owner);
			statement.setLong(4, lease.epoch());
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new StateStoreException("releasing the lease of mirror " + lease.mirrorId() + " failed", ex);
		}
	}

	/**
	 * The SQL condition that fences a write on a mirror: the writer still holds the lease
	 * with its epoch. Parameters: mirror id, owner, epoch.
	 */
	public static String heldBy(String mirrorIdColumn) {
		return "exists (select 1 from mirror_leases fence where fence.mirror_id = " + mirrorIdColumn
				+ " and fence.owner = ? and fence.epoch = ? and fence.expires_at > now())";
	}

}
