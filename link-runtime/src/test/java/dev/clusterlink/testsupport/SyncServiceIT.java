package dev.clusterlink.testsupport;

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

import javax.sql.DataSource;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.command.CommandTopic;
import dev.clusterlink.command.LinkChanged;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of a sync service's integration tests: the state store written with SQL into the
 * tables the link manager owns (clusters, links, as the link manager does: a new version,
 * then a command on the control cluster), and read back. A subclass names its control
 * cluster with {@link #useControlCluster(String)} before it publishes.
 */
public abstract class SyncServiceIT {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	protected static final Duration WAIT = Duration.ofSeconds(60);

	private static volatile String controlBootstrap;

	/**
	 * Migrates the test database (also for tests that write rows before any instance has
	 * started) and creates the command topic on the control cluster.
	 * @param bootstrap the control cluster
	 */
	protected static void useControlCluster(String bootstrap) {
		TestPostgres.Database db = TestPostgres.database();
		Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
		ServiceInstance.ensureCommandTopic(bootstrap);
		controlBootstrap = bootstrap;
	}

	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static UUID registerCluster(String bootstrap) {
		UUID id = UUID.randomUUID();
		update("insert into clusters (id, name, bootstrap_servers, version, created_at, updated_at) "
				+ "values (?, ?, ?, 0, now(), now())", id, unique("cluster"), bootstrap);
		return id;
	}

	/** A link between two clusters registered under fresh names, announced. */
	protected static Link createLink(String name, String sourceBootstrap, String destinationBootstrap,
			Map<String, String> configs) {
		UUID sourceId = registerCluster(sourceBootstrap);
		UUID destinationId = registerCluster(destinationBootstrap);
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

	protected static DataSource dataSource() {
		TestPostgres.Database db = TestPostgres.database();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
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

	/** Publishes a command on the control cluster, as the link manager does. */
	protected static void publish(Command command) {
		Map<String, Object> config = new HashMap<>();
		config.put("bootstrap.servers", controlBootstrap);
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
