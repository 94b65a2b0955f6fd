package dev.clusterlink.runtime.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.model.LinkState;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.StoppedBy;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the desired state the link manager wrote (clusters, links, mirrors) for the
 * data-plane services, with plain JDBC. Cluster secrets come back decrypted, for Kafka
 * clients only.
 */
public final class StateStoreReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private static final String MIRROR_COLUMNS = "m.id, m.link_id, l.name as link_name, m.name, m.source_topic, "
			+ "m.state, m.state_reason, m.stopped_by, m.source_topic_id, m.version, " + "m.adopts_destination";

	private final Jdbc jdbc;

	private final SecretCipher cipher;

	public StateStoreReader(DataSource dataSource, SecretCipher cipher) {
		this.jdbc = new Jdbc(dataSource);
		this.cipher = cipher;
	}

	/**
	 * The encryption context of a stored cluster secret; the link manager encrypts with
	 * the same.
	 * @param clusterId the cluster
	 * @param key the property key
	 * @return the associated data of its token
	 */
	public static String secretContext(UUID clusterId, String key) {
		return "cluster/" + clusterId + "/" + key;
	}

	/** Every link. */
	public List<LinkRow> links() {
		return query("select id, name, source_cluster_id, destination_cluster_id, state, state_reason, configs::text, "
				+ "version from links order by name", StateStoreReader::link);
	}

	/** A link by name. */
	public Optional<LinkRow> link(String name) {
		return query("select id, name, source_cluster_id, destination_cluster_id, state, state_reason, configs::text, "
				+ "version from links where name = ?", StateStoreReader::link, name)
			.stream()
			.findFirst();
	}

	/** A link by id. */
	public Optional<LinkRow> link(UUID id) {
		return query("select id, name, source_cluster_id, destination_cluster_id, state, state_reason, configs::text, "
				+ "version from links where id = ?", StateStoreReader::link, id)
			.stream()
			.findFirst();
	}

	/** Every mirror topic, with its link's name. */
	public List<MirrorRow> mirrors() {
		return query(
				"select " + MIRROR_COLUMNS + " from mirrors m join links l on l.id = m.link_id order by l.name, m.name",
				StateStoreReader::mirror);
	}

	/** The mirror topics of one link. */
	public List<MirrorRow> mirrorsOf(UUID linkId) {
		return query("select " + MIRROR_COLUMNS
				+ " from mirrors m join links l on l.id = m.link_id where m.link_id = ? " + "order by m.name",
				StateStoreReader::mirror, linkId);
	}

	/** A mirror topic by id. */
	public Optional<MirrorRow> mirror(UUID id) {
		return query("select " + MIRROR_COLUMNS + " from mirrors m join links l on l.id = m.link_id where m.id = ?",
				StateStoreReader::mirror, id)
			.stream()
			.findFirst();
	}

	/**
	 * How to reach a registered cluster, secrets decrypted.
	 * @param clusterId the cluster
	 * @return its connection
	 * @throws IllegalStateException when the cluster is gone
	 */
	public ClusterConnection cluster(UUID clusterId) {
		return query("select name, bootstrap_servers, properties::text, secret_properties::text from clusters "
				+ "where id = ?", (rs) -> {
					Map<String, String> properties = new HashMap<>(JSON.readValue(rs.getString(3), STRING_MAP));
					JSON.readValue(rs.getString(4), STRING_MAP)
						.forEach((key, token) -> properties.put(key,
								this.cipher.decrypt(token, secretContext(clusterId, key))));
					return new ClusterConnection(rs.getString(1), rs.getString(2), properties);
				}, clusterId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("cluster " + clusterId + " is not registered"));
	}

	/** The version of a cluster, to notice changed connection settings. */
	public long clusterVersion(UUID clusterId) {
		return query("select version from clusters where id = ?", (rs) -> rs.getLong(1), clusterId).stream()
			.findFirst()
			.orElse(-1L);
	}

	private <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... args) {
		return this.jdbc.query("reading the state store", sql, mapper, args);
	}

	private static LinkRow link(ResultSet rs) throws SQLException {
		return new LinkRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), LinkState.valueOf(rs.getString(5)), rs.getString(6),
				JSON.readValue(rs.getString(7), STRING_MAP), rs.getLong(8));
	}

	private static MirrorRow mirror(ResultSet rs) throws SQLException {
		String stoppedBy = rs.getString(8);
		return new MirrorRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				rs.getString(5), MirrorState.valueOf(rs.getString(6)), rs.getString(7),
				(stoppedBy != null) ? StoppedBy.valueOf(stoppedBy) : null, rs.getString(9), rs.getLong(10),
				rs.getBoolean(11));
	}

}
