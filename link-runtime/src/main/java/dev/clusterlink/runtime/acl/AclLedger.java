package dev.clusterlink.runtime.acl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.DesiredAcl;
import dev.clusterlink.acl.OwnedAcl;
import dev.clusterlink.runtime.store.Jdbc;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger of destination ACLs each link created (table {@code acl_sync_bindings}), in
 * plain JDBC, and the audit rows of every change it records.
 *
 * <p>
 * Protocol of a round: {@link #recordPending} before {@code createAcls};
 * {@link #confirmCreated} after it succeeded (one audit row per ACL that moves from
 * PENDING to CREATED, in the same transaction); {@link #dropPending} for creations that
 * failed; {@link #recordDeleted} after {@code deleteAcls} (one audit row per ledger row
 * removed). The row-level updates make each audit row happen once, even when two
 * instances briefly run the same link during a rebalance.
 */
public final class AclLedger {

	/** Audit action of an ACL the link created on the destination. */
	public static final String ACTION_ADDED = "acl.add";

	/** Audit action of an ACL the link deleted from the destination. */
	public static final String ACTION_DELETED = "acl.delete";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String KEY = "link_id = ? and resource_type = ? and resource_name = ? and pattern_type = ? "
			+ "and principal = ? and host = ? and operation = ? and permission_type = ?";

	private final Jdbc jdbc;

	public AclLedger(DataSource dataSource) {
		this.jdbc = new Jdbc(dataSource);
	}

	/**
	 * What a link created.
	 * @param linkId the link
	 * @return its owned ACLs, in a stable order
	 */
	public List<OwnedAcl> owned(UUID linkId) {
		String sql = "select resource_type, resource_name, pattern_type, principal, host, operation, permission_type, "
				+ "state, rule, source_binding, created_at, confirmed_at from acl_sync_bindings where link_id = ?";
		List<OwnedAcl> owned = this.jdbc.query("reading the ACLs of link " + linkId, sql, (rs) -> {
			Timestamp confirmed = rs.getTimestamp(12);
			return new OwnedAcl(binding(rs), OwnedAcl.State.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10),
					rs.getTimestamp(11).toInstant(), (confirmed != null) ? confirmed.toInstant() : null);
		}, linkId);
		owned.sort((a, b) -> AclBindings.ORDER.compare(a.binding(), b.binding()));
		return owned;
	}

	/**
	 * The mirrors of a link as ACL sync scopes them (DESIGN.md §7): source topic to
	 * mirror topic, in every state (a promoted mirror keeps the ACLs it got until it is
	 * deleted). Read-replica copies topic ACLs onto these topics only.
	 * @param linkId the link
	 * @return source topic to mirror topic
	 */
	public Map<String, String> mirroredTopics(UUID linkId) {
		Map<String, String> topics = new LinkedHashMap<>();
		this.jdbc
			.query("reading the mirrors of link " + linkId,
					"select source_topic, name from mirrors where link_id = ? order by source_topic",
					(rs) -> new String[] { rs.getString(1), rs.getString(2) }, linkId)
			.forEach((row) -> topics.put(row[0], row[1]));
		return topics;
	}

	/**
	 * The DENY WRITE ACLs the mirror worker's read-only guard set on a link's mirror
	 * topics, as it recorded them (column {@code mirrors.deny_write_principals}): one
	 * {@code DENY <principal>@* WRITE} on the LITERAL mirror topic per principal.
	 * @param linkId the link
	 * @param mirrorId only this mirror, or {@code null} for all of the link's
	 * @return the ACLs
	 */
	public List<AclBinding> denyWriteAcls(UUID linkId, @Nullable UUID mirrorId) {
		String sql = "select name, deny_write_principals::text from mirrors where link_id = ?"
				+ ((mirrorId != null) ? " and id = ?" : "");
		Object[] args = (mirrorId != null) ? new Object[] { linkId, mirrorId } : new Object[] { linkId };
		List<AclBinding> acls = new ArrayList<>();
		this.jdbc
			.query("reading the DENY WRITE ACLs of link " + linkId, sql,
					(rs) -> new String[] { rs.getString(1), rs.getString(2) }, args)
			.forEach((row) -> {
				for (String principal : JSON.readValue(row[1], String[].class)) {
					acls.add(AclBindings.of(ResourceType.TOPIC, row[0], PatternType.LITERAL, principal, "*",
							AclOperation.WRITE, AclPermissionType.DENY));
				}
			});
		return acls;
	}

	/**
	 * Records ACLs removed from the destination because the link or one of its mirrors is
	 * deleted, in one transaction: the ledger rows go, and each ACL gets one audit row
	 * ({@link #ACTION_DELETED}, with the reason), whether the ledger had it (ACL sync
	 * created it) or not (a DENY WRITE ACL of the read-only guard).
	 * @param audit who removes them
	 * @param bindings ACLs {@code deleteAcls} removed
	 * @param reason why, e.g. {@code link deleted}
	 * @param kind {@code acl-sync} (from the ledger) or {@code deny-write} (read-only
	 * guard)
	 * @return the number of audit rows written
	 */
	public int recordRemoved(AuditContext audit, Collection<AclBinding> bindings, String reason, String kind) {
		String sql = "delete from acl_sync_bindings where " + KEY + " returning rule, source_binding";
		return this.jdbc.inTransaction("recording removed ACLs of link " + audit.linkName(), (connection) -> {
			int audited = 0;
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (AclBinding binding : bindings) {
					bindKey(statement, audit.linkId(), binding);
					String rule = kind;
					String source = "-";
					try (ResultSet rs = statement.executeQuery()) {
						if (rs.next()) {
							rule = rs.getString(1);
							source = rs.getString(2);
						}
					}
					Map<String, Object> extra = new LinkedHashMap<>();
					extra.put("reason", reason);
					extra.put("createdBy", kind);
					audit(connection, audit, ACTION_DELETED, "deleted", binding, rule, source, extra);
					audited++;
				}
			}
			return audited;
		});
	}

	/**
	 * Records the intent to create ACLs, before {@code createAcls}: a row that exists
	 * already (an owned ACL removed by hand and now re-created) goes back to PENDING.
	 * @param linkId the link
	 * @param acls the ACLs about to be created
	 */
	public void recordPending(UUID linkId, Collection<DesiredAcl> acls) {
		String sql = "insert into acl_sync_bindings (link_id, resource_type, resource_name, pattern_type, principal, "
				+ "host, operation, permission_type, state, rule, source_binding, created_at) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, now()) on conflict (link_id, resource_type, "
				+ "resource_name, pattern_type, principal, host, operation, permission_type) do update set "
				+ "state = 'PENDING', rule = excluded.rule, source_binding = excluded.source_binding, "
				+ "created_at = now(), confirmed_at = null";
		this.jdbc.inTransaction("recording pending ACLs of link " + linkId, (connection) -> {
			Jdbc.batch(connection, sql, acls, (statement, acl) -> {
				int next = bindKey(statement, linkId, acl.binding());
				statement.setString(next++, truncate(acl.rule(), 200));
				statement.setString(next, truncate(AclBindings.describe(acl.source()), 2000));
			});
			return null;
		});
	}

	/**
	 * Confirms created ACLs and audits each one that was pending, in one transaction.
	 * @param audit the link and round
	 * @param bindings ACLs that exist on the destination now
	 * @return the number of ACLs confirmed (and audited) by this call
	 */
	public int confirmCreated(AuditContext audit, Collection<AclBinding> bindings) {
		String sql = "update acl_sync_bindings set state = 'CREATED', confirmed_at = now() where " + KEY
				+ " and state = 'PENDING' returning rule, source_binding";
		return this.jdbc.inTransaction("confirming ACLs of link " + audit.linkName(), (connection) -> {
			int confirmed = 0;
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (AclBinding binding : bindings) {
					bindKey(statement, audit.linkId(), binding);
					try (ResultSet rs = statement.executeQuery()) {
						if (rs.next()) {
							audit(connection, audit, ACTION_ADDED, "added", binding, rs.getString(1), rs.getString(2));
							confirmed++;
						}
					}
				}
			}
			return confirmed;
		});
	}

	/**
	 * Forgets pending rows whose creation failed.
	 * @param linkId the link
	 * @param bindings ACLs {@code createAcls} refused
	 */
	public void dropPending(UUID linkId, Collection<AclBinding> bindings) {
		remove(linkId, bindings, " and state = 'PENDING'");
	}

	/**
	 * Removes deleted ACLs from the ledger and audits each, in one transaction.
	 * @param audit the link and round
	 * @param bindings ACLs {@code deleteAcls} removed from the destination
	 * @return the number of ledger rows removed (and audited) by this call
	 */
	public int recordDeleted(AuditContext audit, Collection<AclBinding> bindings) {
		String sql = "delete from acl_sync_bindings where " + KEY + " returning rule, source_binding";
		return this.jdbc.inTransaction("recording deleted ACLs of link " + audit.linkName(), (connection) -> {
			int deleted = 0;
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (AclBinding binding : bindings) {
					bindKey(statement, audit.linkId(), binding);
					try (ResultSet rs = statement.executeQuery()) {
						if (rs.next()) {
							audit(connection, audit, ACTION_DELETED, "deleted", binding, rs.getString(1),
									rs.getString(2));
							deleted++;
						}
					}
				}
			}
			return deleted;
		});
	}

	/**
	 * Forgets owned ACLs that are gone from the destination and no longer wanted (nothing
	 * changes on the destination, so nothing is audited).
	 * @param linkId the link
	 * @param bindings the ACLs to forget
	 */
	public void forget(UUID linkId, Collection<AclBinding> bindings) {
		remove(linkId, bindings, "");
	}

	private void remove(UUID linkId, Collection<AclBinding> bindings, String condition) {
		if (bindings.isEmpty()) {
			return;
		}
		String sql = "delete from acl_sync_bindings where " + KEY + condition;
		this.jdbc.inTransaction("removing ACLs of link " + linkId + " from its ledger", (connection) -> {
			Jdbc.batch(connection, sql, bindings, (statement, binding) -> bindKey(statement, linkId, binding));
			return null;
		});
	}

	private static void audit(Connection connection, AuditContext audit, String action, String change,
			AclBinding binding, String rule, String source) throws SQLException {
		audit(connection, audit, action, change, binding, rule, source, Map.of());
	}

	private static void audit(Connection connection, AuditContext audit, String action, String change,
			AclBinding binding, String rule, String source, Map<String, Object> extra) throws SQLException {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("change", change);
		details.putAll(AclBindings.fields(binding));
		details.put("rule", rule);
		details.put("source", source);
		details.putAll(extra);
		String sql = "insert into audit_log (actor, request_id, action, entity_type, entity_name, entity_id, "
				+ "entity_version, details) values (?, ?, ?, 'link', ?, ?, ?, ?::jsonb)";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, audit.actor());
			statement.setString(2, audit.requestId());
			statement.setString(3, action);
			statement.setString(4, audit.linkName());
			statement.setObject(5, audit.linkId());
			statement.setObject(6, audit.linkVersion());
			statement.setString(7, JSON.writeValueAsString(details));
			statement.executeUpdate();
		}
	}

	private static int bindKey(PreparedStatement statement, UUID linkId, AclBinding binding) throws SQLException {
		statement.setObject(1, linkId);
		statement.setString(2, binding.pattern().resourceType().name());
		statement.setString(3, binding.pattern().name());
		statement.setString(4, binding.pattern().patternType().name());
		statement.setString(5, binding.entry().principal());
		statement.setString(6, binding.entry().host());
		statement.setString(7, binding.entry().operation().name());
		statement.setString(8, binding.entry().permissionType().name());
		return 9;
	}

	private static AclBinding binding(ResultSet rs) throws SQLException {
		return AclBindings.of(ResourceType.valueOf(rs.getString(1)), rs.getString(2),
				PatternType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
				AclOperation.valueOf(rs.getString(6)), AclPermissionType.valueOf(rs.getString(7)));
	}

	private static String truncate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	/**
	 * Who the audit rows of a round name.
	 *
	 * @param linkId the link
	 * @param linkName the link's name (the audit entity name)
	 * @param linkVersion the link's version the round ran with
	 * @param actor e.g. {@code acl-sync}
	 * @param requestId an id shared by the rows of one round
	 */
	public record AuditContext(UUID linkId, String linkName, long linkVersion, String actor, String requestId) {
	}

}
