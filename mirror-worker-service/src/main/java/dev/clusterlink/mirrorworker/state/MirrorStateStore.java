package dev.clusterlink.mirrorworker.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseStore;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.MirrorTransition;
import dev.clusterlink.model.StoppedBy;
import dev.clusterlink.runtime.store.StateStoreException;
import dev.clusterlink.store.MirrorRow;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The worker's changes to a mirror row: its state, only as a named transition of
 * {@code MirrorLifecycle} (DESIGN.md §5), the source topic id, warnings and the failover
 * report. A state change applies only to the version the worker read (an operator's
 * change in between wins; the worker re-reads) and only while it holds the lease.
 */
@Component
public class MirrorStateStore {

	private static final String FENCE = LeaseStore.heldBy("?");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DataSource dataSource;

	private final String owner;

	/** Protected: unit tests of the worker core record transitions with a subclass. */
	protected MirrorStateStore(DataSource dataSource, WorkerProperties properties) {
		this.dataSource = dataSource;
		this.owner = properties.instanceId();
	}

	/**
	 * Stores a transition of the mirror state machine ({@code MirrorLifecycle.on} or
	 * {@code onHalt}: no other state change exists). Called on the
	 * {@code mirror-reconciler} thread only (DESIGN.md §9).
	 * @param mirror the mirror as read (its version guards the change)
	 * @param lease the lease (the change applies only while this worker holds it)
	 * @param transition the named transition from the mirror's state as read; one that
	 * changes nothing is not written
	 * @param reason why (shown in the API), or {@code null}
	 * @return false when nothing was written: the transition changes nothing, the mirror
	 * changed meanwhile or the lease is gone
	 * @throws IllegalArgumentException when the transition does not start from the
	 * mirror's state as read
	 */
	public boolean transition(MirrorRow mirror, Lease lease, MirrorTransition transition, @Nullable String reason) {
		if (transition.from() != mirror.state()) {
			throw new IllegalArgumentException("a transition from " + transition.from() + " for mirror " + mirror.id()
					+ " read in state " + mirror.state());
		}
		if (!transition.changed()) {
			return false;
		}
		MirrorState state = transition.to();
		StoppedBy stoppedBy = transition.stoppedBy();
		String sql = "update mirrors set state = ?, state_reason = ?, stopped_by = ?, version = version + 1, "
				+ "updated_at = now(), state_changed_at = case when state = ? then state_changed_at else now() end, "
				+ "stopped_at = case when ? = 'STOPPED' then now() else stopped_at end where id = ? and version = ? and "
				+ FENCE;
		return execute(sql, state.name(), truncate(reason), (stoppedBy != null) ? stoppedBy.name() : null, state.name(),
				state.name(), mirror.id(), mirror.version(), mirror.id(), this.owner, lease.epoch()) == 1;
	}

	/** Stores the failover or promotion report before the mirror is marked STOPPED. */
	public void storeReport(Lease lease, Object report) {
		execute("update mirrors set failover_report = ?::jsonb where id = ? and " + FENCE,
				JSON.writeValueAsString(report), lease.mirrorId(), lease.mirrorId(), this.owner, lease.epoch());
	}

	/**
	 * Records the source topic id seen at set-up (the identity checked for TOPIC_RESET).
	 */
	public void recordSourceTopicId(Lease lease, String topicId) {
		execute("update mirrors set source_topic_id = ? where id = ? and " + FENCE, topicId, lease.mirrorId(),
				lease.mirrorId(), this.owner, lease.epoch());
	}

	/** Replaces the read-only warnings shown with the mirror. */
	public void recordWarnings(Lease lease, List<String> warnings) {
		execute("update mirrors set warnings = ?::jsonb where id = ? and warnings <> ?::jsonb and " + FENCE,
				JSON.writeValueAsString(warnings), lease.mirrorId(), JSON.writeValueAsString(warnings),
				lease.mirrorId(), this.owner, lease.epoch());
	}

	/** Records the principals that got a DENY WRITE ACL on the mirror from the link. */
	public void recordDenyPrincipals(Lease lease, List<String> principals) {
		execute("update mirrors set deny_write_principals = ?::jsonb where id = ? and " + FENCE,
				JSON.writeValueAsString(principals), lease.mirrorId(), lease.mirrorId(), this.owner, lease.epoch());
	}

	/** The principals the link gave DENY WRITE on a mirror. */
	public List<String> denyPrincipals(UUID mirrorId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select deny_write_principals::text from mirrors where id = ?")) {
			statement.setObject(1, mirrorId);
			try (var rs = statement.executeQuery()) {
				return rs.next() ? List.of(JSON.readValue(rs.getString(1), String[].class)) : List.of();
			}
		}
		catch (SQLException ex) {
			throw new StateStoreException("reading mirror " + mirrorId + " failed", ex);
		}
	}

	/**
	 * When the mirror entered its current state, in database time (for the promotion
	 * timeout).
	 */
	public java.time.Instant stateChangedAt(UUID mirrorId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select state_changed_at, now() from mirrors where id = ?")) {
			statement.setObject(1, mirrorId);
			try (var rs = statement.executeQuery()) {
				if (!rs.next()) {
					return java.time.Instant.now();
				}
				// age in database time, expressed on the local clock
				long age = rs.getTimestamp(2).getTime() - rs.getTimestamp(1).getTime();
				return java.time.Instant.now().minusMillis(age);
			}
		}
		catch (SQLException ex) {
			throw new StateStoreException("reading mirror " + mirrorId + " failed", ex);
		}
	}

	private int execute(String sql, Object... args) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new StateStoreException("updating a mirror failed", ex);
		}
	}

	private static @Nullable String truncate(@Nullable String reason) {
		return (reason != null && reason.length() > 1900) ? reason.substring(0, 1900) + "…" : reason;
	}

}
