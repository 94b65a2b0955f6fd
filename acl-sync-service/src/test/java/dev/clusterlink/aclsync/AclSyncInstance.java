package dev.clusterlink.aclsync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.command.CommandTopic;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running ACL sync service for integration tests: the real application against the test
 * PostgreSQL, with the authorizer destination as the control cluster. Most tests share
 * one instance; the restart test stops it and runs its own.
 */
public final class AclSyncInstance implements AutoCloseable {

	/** The test key, so that tests can store cluster secrets the service reads. */
	public static final String SECRET_KEY = "q3n7TGvZ0F3m0pYt3d8Wk0q8x7yW3f1c4Jk2sZr9Lx0=";

	private static AclSyncInstance shared;

	private final ConfigurableApplicationContext context;

	private AclSyncInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** The instance most tests share, started on first use. */
	public static synchronized AclSyncInstance shared() {
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
	public static AclSyncInstance start(String instanceId) {
		ensureCommandTopic();
		TestPostgres.Database db = TestPostgres.database();
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", db.jdbcUrl());
		properties.put("spring.datasource.username", db.username());
		properties.put("spring.datasource.password", db.password());
		properties.put("spring.kafka.bootstrap-servers", AuthorizerKafka.destinationBootstrap());
		properties.put("clusterlink.secret.key", SECRET_KEY);
		properties.put("clusterlink.acl-sync.instance-id", instanceId);
		properties.put("clusterlink.acl-sync.session-timeout", "6s");
		properties.put("clusterlink.acl-sync.admin-timeout", "5s");
		properties.put("clusterlink.acl-sync.resync-interval", "1s");
		properties.put("clusterlink.acl-sync.tick", "100ms");
		properties.put("clusterlink.acl-sync.status-refresh", "1s");
		properties.put("server.port", "0");
		properties.put("logging.level.dev.clusterlink", "DEBUG");
		// as command-line arguments: they win over application.yml, as the environment
		// would
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AclSyncApplication.class).run(args);
		return new AclSyncInstance(context);
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
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.destinationBootstrap())) {
			admin.createTopics(List.of(new NewTopic(CommandTopic.DEFAULT_NAME, 4, (short) 1)))
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
