package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import dev.clusterlink.localdb.DatabaseDefaults;
import dev.clusterlink.localdb.EmbeddedPostgresServer;
import dev.clusterlink.security.ApiKeyFormat;
import org.jspecify.annotations.Nullable;

/**
 * The whole suite on one machine, without Docker: a source and a destination Kafka broker
 * (KRaft, processes of their own), the PostgreSQL state store, and the four services as
 * separate JVMs. {@code up} starts them and waits until each is ready; {@code down} stops
 * exactly the processes {@code up} started, by PID. The destination broker is also the
 * control cluster (it carries the command topic).
 *
 * <p>
 * With an embedded database ({@link #withEmbeddedDatabase}), {@code up} also starts an
 * embedded PostgreSQL (data in {@code postgres/} of the stack's directory, kept from one
 * {@code up} to the next) as one of the stack's processes, and {@code down} stops it
 * last.
 */
public final class LocalStack {

	/** The name of the embedded PostgreSQL among the stack's processes. */
	static final String POSTGRES = "postgres";

	/** How long a service may take to become ready on a busy two-core machine. */
	private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private final StackSettings settings;

	private final PidFile pids;

	private final Launcher launcher;

	private final KafkaBroker.@Nullable LinkListener sourceLink;

	private final KafkaBroker.@Nullable LinkListener destinationLink;

	private boolean embeddedDatabase;

	private LocalStack(StackSettings settings, boolean detach) {
		this(settings, detach, null, null);
	}

	private LocalStack(StackSettings settings, boolean detach, KafkaBroker.@Nullable LinkListener sourceLink,
			KafkaBroker.@Nullable LinkListener destinationLink) {
		this.sourceLink = sourceLink;
		this.destinationLink = destinationLink;
		this.settings = settings;
		this.pids = new PidFile(settings.workDir().resolve("pids"));
		this.launcher = new Launcher(this.pids, settings.workDir().resolve("logs"), detach);
	}

	/**
	 * A stack with the given settings.
	 * @param detach whether its processes outlive the JVM that starts them in a session
	 * of their own ({@code up} from a shell)
	 */
	public static LocalStack of(StackSettings settings, boolean detach) {
		return new LocalStack(settings, detach);
	}

	/**
	 * A stack whose brokers also open a {@code LINK} listener each (SASL_SSL, mutual TLS,
	 * ...) for the links' connections; the stack's own clients and the control cluster
	 * stay on the PLAINTEXT listeners.
	 * @param sourceLink the source broker's link listener, or null
	 * @param destinationLink the destination broker's link listener, or null
	 */
	public static LocalStack of(StackSettings settings, boolean detach, KafkaBroker.@Nullable LinkListener sourceLink,
			KafkaBroker.@Nullable LinkListener destinationLink) {
		return new LocalStack(settings, detach, sourceLink, destinationLink);
	}

	/**
	 * This stack's {@code up} starts an embedded PostgreSQL for the state store,
	 * listening at the port of the settings' database URL, and its {@code down} stops it.
	 */
	public LocalStack withEmbeddedDatabase() {
		this.embeddedDatabase = true;
		return this;
	}

	/** Whether {@code up} starts an embedded PostgreSQL for this stack. */
	public boolean embeddedDatabase() {
		return this.embeddedDatabase;
	}

	/** The stack whose settings {@code up} saved in {@code workDir}. */
	public static LocalStack saved(Path workDir) {
		Path file = workDir.resolve("stack.properties");
		if (!Files.exists(file)) {
			throw new StackException("no local stack in " + workDir + ": start one with ./local-stack/stack up");
		}
		Properties properties = new Properties();
		try (var in = Files.newBufferedReader(file)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		LocalStack stack = new LocalStack(StackSettings.fromProperties(workDir, properties, dbPassword()), true);
		stack.embeddedDatabase = Boolean.parseBoolean(properties.getProperty("db.embedded"));
		return stack;
	}

	/** The JVM options the stack gives a mirror worker (heap and collector). */
	public static List<String> workerJvmOptions() {
		return Service.WORKER;
	}

	public StackSettings settings() {
		return this.settings;
	}

	/**
	 * Starts the brokers, then the link manager (it migrates the schema and creates the
	 * command topic), then the workers and the two sync services, each waited for until
	 * ready. If anything fails to start, everything started so far is stopped.
	 */
	public void up() {
		List<StackProcess> running = this.pids.read().stream().filter(StackProcess::isAlive).toList();
		if (!running.isEmpty()) {
			throw new StackException("the stack is already running (" + running.size() + " processes): "
					+ "./local-stack/stack status, or ./local-stack/stack down first");
		}
		this.pids.delete();
		requireFreePorts();
		try {
			if (this.embeddedDatabase) {
				startEmbeddedDatabase();
			}
			boolean created = StateStoreDatabase.ensureExists(this.settings.database());
			save(created);
		}
		catch (RuntimeException ex) {
			down();
			throw ex;
		}
		String secretKey = SecretKeyFile.load(this.settings.workDir());
		String adminKey = adminKey();
		JavaCommand java = JavaCommand.of(this.settings.root());
		try {
			startBrokers(java);
			Service linkManager = service("link-manager", "link-manager-service", this.settings.linkManagerPort(),
					Service.SMALL, Map.of(ApiKeyFormat.BOOTSTRAP_VARIABLE, adminKey,
							// the Actuator stays on the API port (127.0.0.1 only), where
							// the stack and
							// its tools read health and metrics
							"MANAGEMENT_SERVER_PORT", Integer.toString(this.settings.linkManagerPort()),
							// the stack's tools (demo, tests, bench) poll the API back to
							// back
							"CLUSTERLINK_SECURITY_RATELIMIT_REQUESTSPERSECOND", "1000",
							"CLUSTERLINK_SECURITY_RATELIMIT_BURST", "1000"),
					secretKey);
			startAll(java, List.of(linkManager));
			requireAdminKeyAccepted();
			List<Service> rest = new ArrayList<>();
			for (int i = 0; i < this.settings.workerPorts().size(); i++) {
				String name = StackSettings.workerName(i);
				rest.add(service(name, "mirror-worker-service", this.settings.workerPorts().get(i), Service.WORKER,
						Map.of("CLUSTERLINK_WORKER_INSTANCEID", name), secretKey));
			}
			rest.add(service("offset-sync", "offset-sync-service", this.settings.offsetSyncPort(), Service.SMALL,
					Map.of(), secretKey));
			rest.add(service("acl-sync", "acl-sync-service", this.settings.aclSyncPort(), Service.SMALL, Map.of(),
					secretKey));
			startAll(java, rest);
		}
		catch (RuntimeException ex) {
			down();
			throw ex;
		}
	}

	/**
	 * Starts the embedded PostgreSQL (initialising its data directory the first time) and
	 * adds its postmaster to the stack's processes.
	 */
	private void startEmbeddedDatabase() {
		int port = java.net.URI.create(this.settings.database().url().substring("jdbc:".length())).getPort();
		EmbeddedPostgresServer server;
		try {
			server = EmbeddedPostgresServer.startDetached(embeddedDataDirectory(), port, this.launcher.logOf(POSTGRES));
		}
		catch (RuntimeException ex) {
			throw new StackException(
					"the embedded PostgreSQL did not start: " + ex.getMessage() + " (its log: "
							+ this.launcher.logOf(POSTGRES) + "; ./local-stack/stack down --purge deletes its data)",
					ex);
		}
		ProcessHandle postmaster = ProcessHandle.of(server.pid())
			.orElseThrow(() -> new StackException(
					"the embedded PostgreSQL exited right after it started: see " + this.launcher.logOf(POSTGRES)));
		this.pids.add(StackProcess.of(POSTGRES, postmaster));
	}

	/** Where the embedded PostgreSQL keeps its data. */
	public Path embeddedDataDirectory() {
		return this.settings.workDir().resolve("postgres");
	}

	/**
	 * Stops every process {@code up} started: the services first ({@code SIGTERM}, so
	 * workers release their leases), then the brokers, then the embedded PostgreSQL if
	 * the stack has one; whatever does not stop within its grace period is killed.
	 * @return the names of the processes that had to be killed
	 */
	public List<String> down() {
		List<StackProcess> all = this.pids.read();
		List<StackProcess> services = all.stream()
			.filter((p) -> !p.name().startsWith("kafka-") && !POSTGRES.equals(p.name()))
			.toList();
		List<StackProcess> brokers = all.stream().filter((p) -> p.name().startsWith("kafka-")).toList();
		List<StackProcess> database = all.stream().filter((p) -> POSTGRES.equals(p.name())).toList();
		List<String> killed = new ArrayList<>();
		killed.addAll(stopAll(services, Duration.ofSeconds(75)));
		killed.addAll(stopAll(brokers, Duration.ofSeconds(30)));
		// SIGTERM: PostgreSQL's smart shutdown, immediate now that no client is left
		killed.addAll(stopAll(database, Duration.ofSeconds(30)));
		this.pids.delete();
		awaitPortsClosed(Duration.ofSeconds(15));
		return killed;
	}

	/** The processes {@code up} started, by name, alive or not. */
	public Map<String, StackProcess> processes() {
		Map<String, StackProcess> byName = new LinkedHashMap<>();
		this.pids.read().forEach((process) -> byName.put(process.name(), process));
		return byName;
	}

	/**
	 * A process of the stack by name ({@code mirror-worker-2}, {@code kafka-source},
	 * ...).
	 */
	public StackProcess process(String name) {
		StackProcess process = processes().get(name);
		if (process == null) {
			throw new StackException("the stack has no process " + name);
		}
		return process;
	}

	/** The log file of a process. */
	public Path logOf(String name) {
		return this.launcher.logOf(name);
	}

	/** Ports of the stack on which something still listens. */
	public Map<String, Integer> listening() {
		Map<String, Integer> open = new LinkedHashMap<>();
		Map<String, Integer> ports = new LinkedHashMap<>(this.settings.listeningPorts());
		if (this.embeddedDatabase) {
			ports.put(POSTGRES,
					java.net.URI.create(this.settings.database().url().substring("jdbc:".length())).getPort());
		}
		ports.forEach((name, port) -> {
			if (isListening(port)) {
				open.put(name, port);
			}
		});
		return open;
	}

	/**
	 * The stack's admin API key ({@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY}, else kept in
	 * {@code admin.key} in the stack's directory).
	 */
	public String adminKey() {
		return AdminKeyFile.load(this.settings.workDir());
	}

	/** A client of the stack's link manager that sends the admin key. */
	public Rest rest() {
		return new Rest(this.settings.apiUrl(), adminKey());
	}

	private void requireAdminKeyAccepted() {
		int status = rest().get("/api/v1/clusters").status();
		if (status == 401) {
			throw new StackException("admin key lost: the state store " + this.settings.database().url()
					+ " holds API keys, but not the one in " + this.settings.workDir().resolve(AdminKeyFile.FILE)
					+ " (or CLUSTERLINK_BOOTSTRAP_ADMIN_KEY); set that variable to a key the store knows, "
					+ "or start afresh with ./local-stack/stack down --purge (and drop the database if the stack "
					+ "did not create it)");
		}
	}

	/** What {@code up} prints: where everything is. */
	public String describe() {
		StackSettings s = this.settings;
		StringBuilder text = new StringBuilder();
		text.append("  API                ").append(s.apiUrl()).append("/api/v1\n");
		text.append("  API key            ")
			.append(AdminKeyFile.existing(s.workDir()).orElse("(none yet: up creates it)"))
			.append("  (admin; send it as X-API-Key; kept in ")
			.append(s.workDir().resolve(AdminKeyFile.FILE))
			.append(")\n");
		text.append("  console            ").append(s.apiUrl()).append("/console/  (sign in with the API key)\n");
		text.append("  Swagger UI         ").append(s.apiUrl()).append("/swagger-ui.html\n");
		text.append("  health             ").append(s.apiUrl()).append("/actuator/health\n");
		text.append("  metrics            ").append(s.apiUrl()).append("/actuator/prometheus\n");
		for (int i = 0; i < s.workerPorts().size(); i++) {
			text.append(String.format("  %-18s http://127.0.0.1:%d/actuator/health  (metrics: /actuator/prometheus)%n",
					StackSettings.workerName(i), s.workerPorts().get(i)));
		}
		text.append(String.format("  %-18s http://127.0.0.1:%d/actuator/health  (metrics: /actuator/prometheus)%n",
				"offset-sync", s.offsetSyncPort()));
		text.append(String.format("  %-18s http://127.0.0.1:%d/actuator/health  (metrics: /actuator/prometheus)%n",
				"acl-sync", s.aclSyncPort()));
		text.append("  source Kafka       ").append(s.sourceBootstrap()).append('\n');
		text.append("  destination Kafka  ").append(s.destinationBootstrap()).append("  (also the control cluster)\n");
		text.append("  state store        ").append(s.database().url());
		if (this.embeddedDatabase) {
			text.append("  (embedded PostgreSQL, data in ").append(embeddedDataDirectory()).append(')');
		}
		text.append('\n');
		text.append("  logs               ").append(s.workDir().resolve("logs")).append('\n');
		return text.toString();
	}

	private void startBrokers(JavaCommand java) {
		KafkaBroker source = new KafkaBroker("kafka-source", this.settings.sourcePort(),
				this.settings.workDir().resolve("kafka-source"), this.sourceLink);
		KafkaBroker destination = new KafkaBroker("kafka-destination", this.settings.destinationPort(),
				this.settings.workDir().resolve("kafka-destination"), this.destinationLink);
		StackProcess sourceProcess = source.start(this.launcher, java);
		StackProcess destinationProcess = destination.start(this.launcher, java);
		source.awaitReady(sourceProcess, this.launcher, READY_TIMEOUT);
		destination.awaitReady(destinationProcess, this.launcher, READY_TIMEOUT);
	}

	private void startAll(JavaCommand java, List<Service> services) {
		Map<Service, StackProcess> started = new LinkedHashMap<>();
		for (Service service : services) {
			started.put(service, service.start(this.launcher, java, this.settings.root(), this.settings.workDir()));
		}
		started.forEach((service, process) -> service.awaitReady(process, this.launcher, READY_TIMEOUT));
	}

	private Service service(String name, String module, int port, List<String> jvm, Map<String, String> own,
			String secretKey) {
		Map<String, String> environment = new HashMap<>();
		environment.put("CLUSTERLINK_DB_URL", this.settings.database().url());
		environment.put("CLUSTERLINK_DB_USER", this.settings.database().user());
		environment.put("CLUSTERLINK_DB_PASSWORD", this.settings.database().password());
		environment.put("CLUSTERLINK_SECRET_KEY", secretKey);
		environment.put("CLUSTERLINK_CONTROL_BOOTSTRAP", this.settings.destinationBootstrap());
		environment.put("PORT", Integer.toString(port));
		environment.putAll(own);
		environment.putAll(this.settings.serviceEnvironment());
		return new Service(name, module, port, jvm, environment);
	}

	private List<String> stopAll(List<StackProcess> processes, Duration grace) {
		List<CompletableFuture<Boolean>> stops = processes.stream()
			.map((process) -> CompletableFuture.supplyAsync(() -> process.stop(grace)))
			.toList();
		List<String> killed = new ArrayList<>();
		for (int i = 0; i < processes.size(); i++) {
			if (stops.get(i).join()) {
				killed.add(processes.get(i).name());
			}
		}
		return killed;
	}

	private void requireFreePorts() {
		Map<String, Integer> taken = listening();
		if (!taken.isEmpty()) {
			throw new StackException("ports in use, by another program or a stack started elsewhere: " + taken);
		}
	}

	private void awaitPortsClosed(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!listening().isEmpty() && System.nanoTime() < deadline) {
			Pause.of(Duration.ofMillis(200));
		}
	}

	private void save(boolean createdDatabase) {
		Path file = this.settings.workDir().resolve("stack.properties");
		Properties properties = this.settings.toProperties();
		try {
			Files.createDirectories(this.settings.workDir());
			boolean createdBefore = false;
			if (Files.exists(file)) {
				Properties previous = new Properties();
				try (var in = Files.newBufferedReader(file)) {
					previous.load(in);
				}
				createdBefore = Boolean.parseBoolean(previous.getProperty("db.created"))
						&& previous.getProperty("db.url", "").equals(this.settings.database().url());
			}
			properties.setProperty("db.created", Boolean.toString(createdDatabase || createdBefore));
			properties.setProperty("db.embedded", Boolean.toString(this.embeddedDatabase));
			try (var out = Files.newBufferedWriter(file)) {
				properties.store(out, "the local stack (written by up; the database password is not kept)");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether {@code up} created the database (then {@code down --purge} may drop it).
	 */
	boolean createdDatabase() {
		Path file = this.settings.workDir().resolve("stack.properties");
		Properties properties = new Properties();
		try (var in = Files.newBufferedReader(file)) {
			properties.load(in);
			return Boolean.parseBoolean(properties.getProperty("db.created"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	static String dbPassword() {
		return DatabaseDefaults.get(System.getenv(), DatabaseDefaults.PASSWORD_VARIABLE, DatabaseDefaults.PASSWORD);
	}

	private static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
