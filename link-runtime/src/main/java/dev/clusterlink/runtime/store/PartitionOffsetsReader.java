package dev.clusterlink.runtime.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.model.OffsetMode;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import dev.clusterlink.store.PartitionOffsets;

import static dev.clusterlink.runtime.store.Jdbc.longOrNull;

/**
 * Reads mirrored partitions and their offset maps (tables {@code mirror_partitions} and
 * {@code mirror_offset_ranges}) for translation: the translate endpoint, consumer-offset
 * sync and the worker itself on takeover.
 */
public final class PartitionOffsetsReader {

	private final Jdbc jdbc;

	public PartitionOffsetsReader(DataSource dataSource) {
		this.jdbc = new Jdbc(dataSource);
	}

	/**
	 * Every partition of a mirror, in partition order.
	 * @param mirrorId the mirror
	 * @return the partitions
	 */
	public List<PartitionOffsets> read(UUID mirrorId) {
		return this.jdbc.withConnection("reading the partitions of mirror " + mirrorId, (connection) -> {
			Map<Integer, List<OffsetSegment>> runs = runs(connection, mirrorId);
			return Jdbc.query(connection,
					"select partition, state, offset_mode, start_offset, offset_delta, "
							+ "mirrored_offset, destination_end_offset, source_end_offset, records_lost, last_error "
							+ "from mirror_partitions where mirror_id = ? order by partition",
					(rs) -> {
						int partition = rs.getInt(1);
						return new PartitionOffsets(mirrorId, partition, rs.getString(2), longOrNull(rs, 4),
								map(rs.getString(3), longOrNull(rs, 4), longOrNull(rs, 5), runs.get(partition)),
								longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8), rs.getLong(9),
								rs.getString(10));
					}, mirrorId);
		});
	}

	private static Map<Integer, List<OffsetSegment>> runs(Connection connection, UUID mirrorId) throws SQLException {
		Map<Integer, List<OffsetSegment>> runs = new HashMap<>();
		Jdbc.query(connection, "select partition, source_start, destination_start, length from mirror_offset_ranges "
				+ "where mirror_id = ? order by partition, source_start", (rs) -> {
					runs.computeIfAbsent(rs.getInt(1), (partition) -> new ArrayList<>())
						.add(new OffsetSegment(rs.getLong(2), rs.getLong(3), longOrNull(rs, 4)));
					return null;
				}, mirrorId);
		return runs;
	}

	private static OffsetMap map(String mode, Long startOffset, Long delta, List<OffsetSegment> runs) {
		if (mode == null || startOffset == null) {
			return null;
		}
		return switch (OffsetMode.valueOf(mode)) {
			case IDENTICAL -> OffsetMap.identical(startOffset);
			case SHIFTED -> OffsetMap.shifted(startOffset, (delta != null) ? delta : 0);
			case TRANSLATED -> OffsetMap.translated(runs);
		};
	}

}
