package dev.clusterlink.offsetsync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.command.CommandTopic;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running offset sync service for integration tests: the real application against the
 * test PostgreSQL, with the destination broker as the control cluster. Most tests share
 * one instance; the restart and ownership tests stop it and run their own.
 */
public final class OffsetSyncInstance implements AutoCloseable {

	/** The test key, so that tests can store cluster secrets the service reads. */
	public static final String SECRET_KEY = "q3n7TGvZ0F3m0pYt3d8Wk0q8x7yW3f1c4Jk2sZr9Lx0=";

	/** Partitions of the test command topic. */
	public static final int COMMAND_PARTITIONS = 4;

	private static OffsetSyncInstance shared;

	private final ConfigurableApplicationContext context;

	private OffsetSyncInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** The instance most tests share, started on first use. */
	public static synchronized OffsetSyncInstance shared() {
		if (shared == null || !shared.context.isActive()) {
			shared = start("shared");
		}
		return shared;
	}

	/** Stops the shared instance (it starts again on next use). */
	public static synchronized void stopShared() {
		if (shared != null) {
			shared.close();
			shared = null;
		}
	}

	/**
	 * Starts an instance.
	 * @param instanceId its id in logs and client ids
	 * @return the running instance
	 */
	public static OffsetSyncInstance start(String instanceId) {
		ensureCommandTopic();
		TestPostgres.Database db = TestPostgres.database();
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", db.jdbcUrl());
		properties.put("spring.datasource.username", db.username());
		properties.put("spring.datasource.password", db.password());
		properties.put("spring.kafka.bootstrap-servers", TestKafka.destinationBootstrap());
		properties.put("clusterlink.secret.key", SECRET_KEY);
		properties.put("clusterlink.offset-sync.instance-id", instanceId);
		properties.put("clusterlink.offset-sync.session-timeout", "6s");
		properties.put("clusterlink.offset-sync.admin-timeout", "5s");
		properties.put("clusterlink.offset-sync.resync-interval", "1s");
		properties.put("clusterlink.offset-sync.tick", "100ms");
		properties.put("clusterlink.offset-sync.status-refresh", "1s");
		properties.put("server.port", "0");
		properties.put("logging.level.dev.clusterlink", "DEBUG");
		// as command-line arguments: they win over application.yml, as the environment
		// would
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OffsetSyncApplication.class).run(args);
		return new OffsetSyncInstance(context);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * The HTTP port of the actuator (a port of its own when management.server.port is
	 * set).
	 */
	public int port() {
		var environment = this.context.getEnvironment();
		return Integer.parseInt(
				environment.getProperty("local.management.port", environment.getProperty("local.server.port", "0")));
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** Creates the command topic on the control cluster unless it exists. */
	public static void ensureCommandTopic() {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.destinationBootstrap()))) {
			admin.createTopics(List.of(new NewTopic(CommandTopic.DEFAULT_NAME, COMMAND_PARTITIONS, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("creating the command topic failed", ex);
			}
		}
	}

}
