package dev.clusterlink.mirrorworker.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.testsupport.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the link manager's part in worker tests: writes clusters, links and mirrors to
 * the state store as the link manager does (every change bumps the version), and reads
 * back what the worker observed.
 */
public final class ControlPlane {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestPostgres.Database db;

	public ControlPlane(TestPostgres.Database db) {
		this.db = db;
	}

	public UUID cluster(String name, String bootstrap) {
		UUID id = UUID.randomUUID();
		update("insert into clusters (id, name, bootstrap_servers, version, created_at, updated_at) "
				+ "values (?, ?, ?, 0, now(), now())", id, name, bootstrap);
		return id;
	}

	public void setBootstrap(UUID clusterId, String bootstrap) {
		update("update clusters set bootstrap_servers = ?, version = version + 1 where id = ?", bootstrap, clusterId);
	}

	public UUID link(String name, UUID source, UUID destination, Map<String, String> configs) {
		UUID id = UUID.randomUUID();
		update("insert into links (id, name, source_cluster_id, destination_cluster_id, configs, state, "
				+ "state_changed_at, version, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, 'ACTIVE', now(), 0, "
				+ "now(), now())", id, name, source, destination, JSON.writeValueAsString(configs));
		return id;
	}

	public void linkConfigs(UUID linkId, Map<String, String> configs) {
		update("update links set configs = ?::jsonb, version = version + 1 where id = ?",
				JSON.writeValueAsString(configs), linkId);
	}

	public void linkState(UUID linkId, String state) {
		update("update links set state = ?, version = version + 1 where id = ?", state, linkId);
	}

	public UUID mirror(UUID linkId, UUID destinationClusterId, String sourceTopic, String mirrorTopic) {
		UUID id = UUID.randomUUID();
		update("insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, state_changed_at, "
				+ "version, created_at, updated_at) values (?, ?, ?, ?, ?, 'PENDING', now(), 0, now(), now())", id,
				linkId, destinationClusterId, mirrorTopic, sourceTopic);
		return id;
	}

	/**
	 * A mirror as the link manager's reverse creates it (failback): it adopts its
	 * existing destination topic, every partition starting at {@code startOffset} (the
	 * mirror and its partition rows in one statement, as the link manager writes them in
	 * one transaction).
	 */
	public UUID reversedMirror(UUID linkId, UUID destinationClusterId, String sourceTopic, String mirrorTopic,
			int partitions, long startOffset) {
		UUID id = UUID.randomUUID();
		update("with m as (insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, "
				+ "state_changed_at, version, created_at, updated_at, adopts_destination) values (?, ?, ?, ?, ?, "
				+ "'PENDING', now(), 0, now(), now(), true) returning id) insert into mirror_partitions (mirror_id, "
				+ "partition, state, start_offset, destination_end_offset, updated_at) select m.id, p, 'SETTING_UP', "
				+ "?, ?, now() from m, generate_series(0, ? - 1) p", id, linkId, destinationClusterId, mirrorTopic,
				sourceTopic, startOffset, startOffset, partitions);
		return id;
	}

	/**
	 * An operator's request, as the link manager applies it: state, stopped-by and
	 * reason, version + 1.
	 */
	public void request(UUID mirrorId, String state, String stoppedBy) {
		update("update mirrors set state = ?, stopped_by = ?, state_reason = 'requested by the test', "
				+ "state_changed_at = now(), version = version + 1 where id = ?", state, stoppedBy, mirrorId);
	}

	public void deleteMirror(UUID mirrorId) {
		update("delete from mirrors where id = ?", mirrorId);
	}

	public Map<String, Object> mirror(UUID mirrorId) {
		return row("select state, state_reason, stopped_by, version, failover_report::text as report, "
				+ "warnings::text as warnings, source_topic_id from mirrors where id = ?", mirrorId);
	}

	public String state(UUID mirrorId) {
		return (String) mirror(mirrorId).get("state");
	}

	public List<Map<String, Object>> partitions(UUID mirrorId) {
		return rows("select partition, state, offset_mode, start_offset, offset_delta, mirrored_offset, "
				+ "source_start_offset, source_end_offset, lag, destination_end_offset, records_lost, last_error "
				+ "from mirror_partitions where mirror_id = ? order by partition", mirrorId);
	}

	public List<Map<String, Object>> runs(UUID mirrorId) {
		return rows("select partition, source_start, destination_start from mirror_offset_ranges where mirror_id = ? "
				+ "order by partition, source_start", mirrorId);
	}

	public Map<String, Object> lease(UUID mirrorId) {
		return row("select owner, epoch, expires_at > now() as valid from mirror_leases where mirror_id = ?", mirrorId);
	}

	public void update(String sql, Object... args) {
		try (Connection connection = this.db.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, args);
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Map<String, Object> row(String sql, Object... args) {
		List<Map<String, Object>> rows = rows(sql, args);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

	public List<Map<String, Object>> rows(String sql, Object... args) {
		try (Connection connection = this.db.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, args);
			List<Map<String, Object>> rows = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					Map<String, Object> row = new HashMap<>();
					for (int i = 1; i <= columns; i++) {
						row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
					}
					rows.add(row);
				}
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void bind(PreparedStatement statement, Object... args) throws SQLException {
		for (int i = 0; i < args.length; i++) {
			statement.setObject(i + 1, args[i]);
		}
	}

}
