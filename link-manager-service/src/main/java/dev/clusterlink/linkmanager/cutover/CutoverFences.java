package dev.clusterlink.linkmanager.cutover;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The DENY WRITE ACLs cutovers created on sources ({@code cutover_fences}), so that
 * {@code :unfence} deletes exactly those.
 */
@Component
class CutoverFences {

	record Row(UUID sourceClusterId, String topic, String principal) {
	}

	private final JdbcTemplate jdbc;

	CutoverFences(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Records a fence before it is created (a crash in between leaves a row to lift). */
	void record(UUID linkId, UUID sourceClusterId, String topic, String principal, String actor, Instant now) {
		this.jdbc.update(
				"insert into cutover_fences (link_id, source_cluster_id, topic, principal, created_at, "
						+ "created_by) values (?, ?, ?, ?, ?, ?) on conflict do nothing",
				linkId, sourceClusterId, topic, principal, Timestamp.from(now), actor);
	}

	List<Row> of(UUID linkId) {
		return this.jdbc.query(
				"select source_cluster_id, topic, principal from cutover_fences where link_id = ? "
						+ "order by topic, principal",
				(rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)), linkId);
	}

	void forget(UUID linkId, Row row) {
		this.jdbc.update("delete from cutover_fences where link_id = ? and topic = ? and principal = ?", linkId,
				row.topic(), row.principal());
	}

}
