package dev.clusterlink.offsetsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.command.CommandTopic;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Base of the offset sync integration tests: two real Kafka clusters (embedded KRaft; the
 * destination is also the control cluster), the real service, real PostgreSQL. Clusters,
 * links and mirrors are written with SQL into the tables the link manager owns;
 * {@link MirrorFixture} plays the mirror worker. Every test uses its own topics and
 * groups.
 */
public abstract class OffsetSyncIT {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	protected static final Duration WAIT = Duration.ofSeconds(60);

	@BeforeAll
	static void schema() {
		// the schema, also for tests that write rows before any instance has started
		TestPostgres.Database db = TestPostgres.database();
		org.flywaydb.core.Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
		OffsetSyncInstance.ensureCommandTopic();
	}

	protected static ConditionFactory eventually() {
		return await().atMost(WAIT).pollInterval(Duration.ofMillis(200));
	}

	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** {@code consumer.offset.group.filters} including every group with a prefix. */
	protected static String prefixed(String prefix) {
		return groupFilters(filter(prefix, "PREFIXED", "INCLUDE"));
	}

	protected static Map<String, String> filter(String name, String patternType, String filterType) {
		return Map.of("name", name, "patternType", patternType, "filterType", filterType);
	}

	@SafeVarargs
	protected static String groupFilters(Map<String, String>... filters) {
		return JSON.writeValueAsString(Map.of("groupFilters", List.of(filters)));
	}

	/** Link configs that sync the groups with a prefix every second. */
	protected static Map<String, String> syncing(String groupPrefix) {
		return Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "1000",
				"consumer.offset.group.filters", prefixed(groupPrefix));
	}

	// state store -----------------------------------------------------------------

	protected static UUID registerCluster(String bootstrap) {
		UUID id = UUID.randomUUID();
		update("insert into clusters (id, name, bootstrap_servers, version, created_at, updated_at) "
				+ "values (?, ?, ?, 0, now(), now())", id, unique("cluster"), bootstrap);
		return id;
	}

	/** A link between the two test clusters, registered under fresh names. */
	protected static Link createLink(Map<String, String> configs) {
		return createLink(unique("link"), configs);
	}

	protected static Link createLink(String name, Map<String, String> configs) {
		UUID sourceId = registerCluster(Kafka.source());
		UUID destinationId = registerCluster(Kafka.destination());
		UUID id = UUID.randomUUID();
		update("insert into links (id, name, source_cluster_id, destination_cluster_id, configs, state, "
				+ "state_changed_at, version, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, 'ACTIVE', now(), 0, "
				+ "now(), now())", id, name, sourceId, destinationId, JSON.writeValueAsString(configs));
		publish(new LinkChanged(id, 0, Instant.now(), Command.Change.UPSERTED, name));
		return new Link(id, name, sourceId, destinationId);
	}

	/**
	 * Replaces a link's configs as the link manager does: new version, then a command.
	 */
	protected static void reconfigure(Link link, Map<String, String> configs) {
		update("update links set configs = ?::jsonb, version = version + 1, updated_at = now() where id = ?",
				JSON.writeValueAsString(configs), link.id());
		publish(new LinkChanged(link.id(), 0, Instant.now(), Command.Change.UPSERTED, link.name()));
	}

	/** A mirror of a new source topic under the same name with a prefix. */
	protected static MirrorFixture mirror(Link link, String sourceTopic, int partitions) {
		Kafka.createTopic(Kafka.source(), sourceTopic, partitions);
		return MirrorFixture.create(link.id(), link.destinationClusterId(), sourceTopic, "dr." + sourceTopic,
				partitions);
	}

	/** What the last rounds recorded for a group of a link, null before the first. */
	protected static @Nullable SyncedGroup recorded(Link link, String group) {
		return new OffsetSyncStore(dataSource()).group(link.id(), group).orElse(null);
	}

	/**
	 * The state of a link's {@code ConsumerOffsetSync} task, {@code "none"} before the
	 * first.
	 */
	protected static String taskState(Link link) {
		List<String> states = query("select state from link_tasks where link_id = ? and task = 'ConsumerOffsetSync'",
				(rs) -> rs.getString(1), link.id());
		return states.isEmpty() ? "none" : states.get(0);
	}

	/** Rounds of a link an instance ran, whatever their outcome. */
	protected static double rounds(OffsetSyncInstance instance, Link link) {
		return instance.context()
			.getBean(io.micrometer.core.instrument.MeterRegistry.class)
			.find("clusterlink.offsetsync.rounds")
			.tag("link", link.name())
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	protected static javax.sql.DataSource dataSource() {
		TestPostgres.Database db = TestPostgres.database();
		org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
		dataSource.setURL(db.jdbcUrl());
		dataSource.setUser(db.username());
		dataSource.setPassword(db.password());
		return dataSource;
	}

	protected static void update(String sql, Object... args) {
		try (Connection connection = TestPostgres.database().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.executeUpdate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	protected static <T> List<T> query(String sql, Row<T> row, Object... args) {
		try (Connection connection = TestPostgres.database().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			List<T> rows = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows.add(row.map(rs));
				}
			}
			return rows;
		}
		catch (Exception ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	protected static void publish(Command command) {
		Map<String, Object> config = new HashMap<>();
		config.put("bootstrap.servers", Kafka.destination());
		config.put("key.serializer", StringSerializer.class);
		config.put("value.serializer", StringSerializer.class);
		config.put("max.block.ms", 10_000);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>(CommandTopic.DEFAULT_NAME, command.key(), CommandCodec.encode(command)));
		}
	}

	@FunctionalInterface
	protected interface Row<T> {

		T map(ResultSet rs) throws Exception;

	}

	/**
	 * A link of a test.
	 *
	 * @param id its id
	 * @param name its name
	 * @param sourceClusterId source cluster
	 * @param destinationClusterId destination cluster
	 */
	protected record Link(UUID id, String name, UUID sourceClusterId, UUID destinationClusterId) {
	}

}
