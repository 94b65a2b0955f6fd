package dev.clusterlink.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.clusterlink.command.CommandTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running sync service for integration tests: the real application against a test
 * PostgreSQL database of its own, with the given broker as the control cluster
 * ({@code clusterlink.control.*}) and the link-task runtime's settings made fast.
 */
public final class ServiceInstance implements AutoCloseable {

	/** The test key, so that tests can store cluster secrets the services read. */
	public static final String SECRET_KEY = "q3n7TGvZ0F3m0pYt3d8Wk0q8x7yW3f1c4Jk2sZr9Lx0=";

	/** Partitions of the test command topic. */
	public static final int COMMAND_PARTITIONS = 4;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext context;

	private ServiceInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an instance, creating the command topic first unless it exists.
	 * @param application the service's application class
	 * @param prefix its settings' prefix, e.g. {@code clusterlink.acl-sync}
	 * @param controlBootstrap the control cluster
	 * @param instanceId its id in logs and client ids
	 * @return the running instance
	 */
	public static ServiceInstance start(Class<?> application, String prefix, String controlBootstrap,
			String instanceId) {
		ensureCommandTopic(controlBootstrap);
		TestPostgres.Database db = TestPostgres.database();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", db.jdbcUrl());
		properties.put("spring.datasource.username", db.username());
		properties.put("spring.datasource.password", db.password());
		properties.put("clusterlink.control.bootstrap-servers", controlBootstrap);
		properties.put("clusterlink.secret.key", SECRET_KEY);
		properties.put(prefix + ".instance-id", instanceId);
		properties.put(prefix + ".session-timeout", "6s");
		properties.put(prefix + ".admin-timeout", "5s");
		properties.put(prefix + ".resync-interval", "1s");
		properties.put(prefix + ".tick", "100ms");
		properties.put(prefix + ".status-refresh", "1s");
		properties.put("server.port", "0");
		properties.put("logging.level.dev.clusterlink", "DEBUG");
		// as command-line arguments: they win over application.yml, as the environment
		// would
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new ServiceInstance(new SpringApplicationBuilder(application).run(args));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/** Whether the application is still running. */
	public boolean isActive() {
		return this.context.isActive();
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

	/**
	 * The body of an HTTP GET on the actuator port.
	 * @param path e.g. {@code /actuator/health/readiness}
	 * @return the body, whatever the status
	 */
	public String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	/**
	 * The sum of a link's counters of one name, whatever their other tags.
	 * @param meter e.g. {@code clusterlink.aclsync.rounds}
	 * @param link the link's name
	 * @return the count
	 */
	public double count(String meter, String link) {
		return this.context.getBean(MeterRegistry.class)
			.find(meter)
			.tag("link", link)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * The instance most tests of a service share: started on first use, started again
	 * after it was stopped.
	 */
	public static final class Shared {

		private final Supplier<ServiceInstance> starter;

		private @Nullable ServiceInstance instance;

		public Shared(Supplier<ServiceInstance> starter) {
			this.starter = starter;
		}

		/** The running shared instance. */
		public synchronized ServiceInstance get() {
			ServiceInstance current = this.instance;
			if (current == null || !current.isActive()) {
				current = this.starter.get();
				this.instance = current;
			}
			return current;
		}

		/** Stops the shared instance (it starts again on next use). */
		public synchronized void stop() {
			if (this.instance != null) {
				this.instance.close();
				this.instance = null;
			}
		}

	}

	/** Creates the command topic on the control cluster unless it exists. */
	public static void ensureCommandTopic(String controlBootstrap) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, controlBootstrap,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
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
