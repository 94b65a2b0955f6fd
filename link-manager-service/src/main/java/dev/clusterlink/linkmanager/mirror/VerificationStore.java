package dev.clusterlink.linkmanager.mirror;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code verifications} table (V9). Every state change is a conditional update on the
 * state it leaves, so that a cancel, a stale sweep and the run itself cannot overwrite
 * each other's end.
 */
@Component
class VerificationStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<PartitionReport>> REPORTS = new TypeReference<>() {
	};

	private static final TypeReference<List<VerificationResponse.PartitionRange>> RANGES = new TypeReference<>() {
	};

	private static final String COLUMNS = "id, mirror_id, state, state_reason, from_offset, to_offset, ranges, "
			+ "partitions, offsets_total, offsets_done, records_compared, records_per_second, requested_by, "
			+ "created_at, started_at, finished_at";

	private final JdbcTemplate jdbc;

	VerificationStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, UUID mirrorId, @Nullable Long fromOffset, @Nullable Long toOffset,
			List<VerificationResponse.PartitionRange> ranges, List<PartitionReport> partitions, long offsetsTotal,
			String requestedBy, String instanceId, Instant now) {
		this.jdbc.update(
				"insert into verifications (id, mirror_id, state, from_offset, to_offset, ranges, partitions, "
						+ "offsets_total, requested_by, instance_id, heartbeat_at, created_at) "
						+ "values (?, ?, 'QUEUED', ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, now(), ?)",
				id, mirrorId, fromOffset, toOffset, JSON.writeValueAsString(ranges),
				JSON.writeValueAsString(partitions), offsetsTotal, requestedBy, instanceId, Timestamp.from(now));
	}

	/** QUEUED → RUNNING; false when it was cancelled meanwhile. */
	boolean start(UUID id, Instant now) {
		return this.jdbc.update("update verifications set state = 'RUNNING', started_at = ?, heartbeat_at = now() "
				+ "where id = ? and state = 'QUEUED'", Timestamp.from(now), id) == 1;
	}

	/** Writes progress; false when the verification is no longer RUNNING (cancelled). */
	boolean progress(UUID id, List<PartitionReport> partitions, long offsetsDone, long compared,
			double recordsPerSecond) {
		return this.jdbc.update(
				"update verifications set partitions = ?::jsonb, offsets_done = ?, "
						+ "records_compared = ?, records_per_second = ?, heartbeat_at = now() "
						+ "where id = ? and state = 'RUNNING'",
				JSON.writeValueAsString(partitions), offsetsDone, compared, recordsPerSecond, id) == 1;
	}

	/** Records how far a cancelled verification got. */
	void reportCancelled(UUID id, List<PartitionReport> partitions, long offsetsDone, long compared,
			double recordsPerSecond) {
		this.jdbc.update(
				"update verifications set partitions = ?::jsonb, offsets_done = ?, records_compared = ?, "
						+ "records_per_second = ? where id = ? and state = 'CANCELLED'",
				JSON.writeValueAsString(partitions), offsetsDone, compared, recordsPerSecond, id);
	}

	/** Ends a live verification; false when it had already ended (cancelled). */
	boolean finish(UUID id, VerificationState state, @Nullable String reason, List<PartitionReport> partitions,
			long offsetsDone, long compared, double recordsPerSecond, Instant now) {
		return this.jdbc.update(
				"update verifications set state = ?, state_reason = ?, partitions = ?::jsonb, "
						+ "offsets_done = ?, records_compared = ?, records_per_second = ?, finished_at = ? "
						+ "where id = ? and state in ('QUEUED', 'RUNNING')",
				state.name(), reason, JSON.writeValueAsString(partitions), offsetsDone, compared, recordsPerSecond,
				Timestamp.from(now), id) == 1;
	}

	/** Cancels a live verification; false when it had already ended. */
	boolean cancel(UUID id, String reason, Instant now) {
		return this.jdbc.update("update verifications set state = 'CANCELLED', state_reason = ?, finished_at = ? "
				+ "where id = ? and state in ('QUEUED', 'RUNNING')", reason, Timestamp.from(now), id) == 1;
	}

	/** Renews the live verifications of this process. */
	void heartbeat(String instanceId) {
		this.jdbc.update("update verifications set heartbeat_at = now() "
				+ "where instance_id = ? and state in ('QUEUED', 'RUNNING')", instanceId);
	}

	/**
	 * Fails the live verifications nobody renewed for {@code staleAfter} (database time):
	 * their link manager stopped.
	 * @return how many
	 */
	int failStale(Duration staleAfter, Instant now) {
		return this.jdbc.update(
				"update verifications set state = 'FAILED', finished_at = ?, state_reason = "
						+ "'link manager restarted or stopped while the verification ran' "
						+ "where state in ('QUEUED', 'RUNNING') and heartbeat_at < now() - make_interval(secs => ?)",
				Timestamp.from(now), (double) staleAfter.toMillis() / 1000);
	}

	Optional<VerificationResponse> find(UUID mirrorId, UUID id, String link, String mirror) {
		return this.jdbc
			.query("select " + COLUMNS + " from verifications where mirror_id = ? and id = ?",
					(rs, row) -> response(rs, link, mirror), mirrorId, id)
			.stream()
			.findFirst();
	}

	/** A page of a mirror's verifications, newest first. */
	PageResponse<VerificationResponse> page(UUID mirrorId, String link, String mirror, int page, int size) {
		PageRequest request = Paging.request(page, size, Sort.unsorted());
		Long total = this.jdbc.queryForObject("select count(*) from verifications where mirror_id = ?", Long.class,
				mirrorId);
		List<VerificationResponse> items = this.jdbc.query(
				"select " + COLUMNS + " from verifications where mirror_id = ? order by created_at desc, id "
						+ "limit ? offset ?",
				(rs, row) -> response(rs, link, mirror), mirrorId, request.getPageSize(), request.getOffset());
		return PageResponse.of(new PageImpl<>(items, request, (total != null) ? total : 0), (item) -> item);
	}

	/** The latest verification of each mirror that has one. */
	Map<UUID, VerificationResponse.Summary> latest(Collection<UUID> mirrorIds) {
		Map<UUID, VerificationResponse.Summary> latest = new HashMap<>();
		if (mirrorIds.isEmpty()) {
			return latest;
		}
		this.jdbc.query("select distinct on (mirror_id) mirror_id, id, state, finished_at, ranges from verifications "
				+ "where mirror_id = any(?) order by mirror_id, created_at desc, id", (rs) -> {
					latest.put(rs.getObject(1, UUID.class),
							new VerificationResponse.Summary(rs.getObject(2, UUID.class),
									VerificationState.valueOf(rs.getString(3)), instant(rs, 4),
									JSON.readValue(rs.getString(5), RANGES)));
				}, (Object) mirrorIds.toArray(UUID[]::new));
		return latest;
	}

	private static VerificationResponse response(ResultSet rs, String link, String mirror) throws SQLException {
		long total = rs.getLong("offsets_total");
		long done = rs.getLong("offsets_done");
		VerificationState state = VerificationState.valueOf(rs.getString("state"));
		double percent = (state == VerificationState.MATCHED || state == VerificationState.MISMATCHED) ? 100
				: (total == 0) ? 0 : Math.min(100, Math.floor(1000.0 * done / total) / 10);
		return new VerificationResponse(rs.getObject("id", UUID.class), link, mirror, state,
				rs.getString("state_reason"), longOrNull(rs, "from_offset"), longOrNull(rs, "to_offset"),
				JSON.readValue(rs.getString("ranges"), RANGES), percent, rs.getLong("records_compared"),
				rs.getDouble("records_per_second"), rs.getString("requested_by"), instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"),
				JSON.readValue(rs.getString("partitions"), REPORTS));
	}

	private static @Nullable Long longOrNull(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

}
