package dev.clusterlink.faults.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import dev.clusterlink.faults.proxy.FaultProxy;
import dev.clusterlink.security.ApiKeyFormat;
import dev.clusterlink.stack.JavaCommand;
import dev.clusterlink.stack.KafkaBroker;
import dev.clusterlink.stack.Launcher;
import dev.clusterlink.stack.PidFile;
import dev.clusterlink.stack.Ports;
import dev.clusterlink.stack.Rest;
import dev.clusterlink.stack.Service;
import dev.clusterlink.stack.StackProcess;
import dev.clusterlink.stack.StackSettings.Database;
import dev.clusterlink.stack.StateStoreDatabase;
import dev.clusterlink.stack.WorkDirs;

/**
 * The suite as processes, for fault injection: a source and a destination broker (each
 * with a TCP proxy in front of the listener the links use), a database of its own on the
 * machine's PostgreSQL, the link manager and mirror workers. Every process is started,
 * signalled and stopped by the PID this stack recorded; nothing else on the machine is
 * touched (PostgreSQL is stopped only through {@link Postgres}, and always started
 * again).
 *
 * <p>
 * The links reach both clusters through the proxies; the suite's own clients (load,
 * oracle) and the command topic use the brokers' direct listeners. The destination's link
 * listener is SASL/PLAIN as user {@code link}, which is not a super user, so an ACL can
 * refuse the link's writes.
 */
public final class FaultStack implements AutoCloseable {

	/** The destination's SASL/PLAIN credential of the links. */
	public static final String LINK_USER = "link";

	static final String LINK_PASSWORD = "link-secret-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

	private static final Duration READY = Duration.ofMinutes(3);

	private final Path root;

	private final Path workDir;

	private final Database database;

	private final PidFile pids;

	private final Launcher launcher;

	private final JavaCommand java;

	private final String secretKey;

	/** The link manager's admin API key (its bootstrap key), sent with every API call. */
	private final String adminKey = ApiKeyFormat.generate().value();

	private final Map<String, String> serviceEnvironment;

	private final Broker source;

	private final Broker destination;

	private final Node linkManager;

	private final List<Node> workers = new ArrayList<>();

	private int workersStarted;

	private FaultStack(Path root, Path workDir, Database database, Map<String, String> serviceEnvironment) {
		this.root = root;
		this.workDir = workDir;
		this.database = database;
		this.serviceEnvironment = serviceEnvironment;
		this.pids = new PidFile(workDir.resolve("pids"));
		this.launcher = new Launcher(this.pids, workDir.resolve("logs"), false);
		this.java = JavaCommand.of(root);
		this.secretKey = Base64.getEncoder().encodeToString(randomBytes(32));
		this.source = new Broker("kafka-source", workDir.resolve("kafka-source"), Map.of());
		this.destination = new Broker("kafka-destination", workDir.resolve("kafka-destination"),
				Map.of(LINK_USER, LINK_PASSWORD));
		int linkManagerPort = Ports.free();
		// the Actuator stays on the API port, where the stack waits for readiness
		this.linkManager = new Node("link-manager", "link-manager-service", linkManagerPort, Service.SMALL,
				Map.of(ApiKeyFormat.BOOTSTRAP_VARIABLE, this.adminKey, "MANAGEMENT_SERVER_PORT",
						Integer.toString(linkManagerPort), "CLUSTERLINK_SECURITY_RATELIMIT_REQUESTSPERSECOND", "1000",
						"CLUSTERLINK_SECURITY_RATELIMIT_BURST", "1000"));
	}

	/**
	 * Starts brokers, link manager and workers in {@code workDir} (emptied first), with a
	 * fresh database.
	 * @param root the checkout (the services' jars are built under it)
	 * @param workers how many mirror workers
	 * @param serviceEnvironment settings for every service (timeouts of the fault suite)
	 */
	public static FaultStack start(Path root, Path workDir, int workers, Map<String, String> serviceEnvironment) {
		WorkDirs.delete(workDir);
		Database database = Postgres.freshDatabase();
		FaultStack stack = new FaultStack(root, workDir, database, serviceEnvironment);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
		try {
			stack.source.start();
			stack.destination.start();
			stack.linkManager.start();
			List<Node> started = new ArrayList<>();
			for (int i = 0; i < workers; i++) {
				started.add(stack.newWorker());
			}
			started.forEach(Node::awaitReady);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	public Rest rest() {
		return new Rest(this.linkManager.url(), this.adminKey);
	}

	public Broker source() {
		return this.source;
	}

	public Broker destination() {
		return this.destination;
	}

	public Node linkManager() {
		return this.linkManager;
	}

	public Database database() {
		return this.database;
	}

	/** The workers started so far, alive or not, in start order. */
	public List<Node> workers() {
		return List.copyOf(this.workers);
	}

	/** Starts one more mirror worker and waits until it is ready. */
	public Node addWorker() {
		Node worker = newWorker();
		worker.awaitReady();
		return worker;
	}

	private Node newWorker() {
		this.workersStarted++;
		String name = "mirror-worker-" + this.workersStarted;
		Node worker = new Node(name, "mirror-worker-service", Ports.free(), Service.WORKER,
				Map.of("CLUSTERLINK_WORKER_INSTANCEID", name));
		this.workers.add(worker);
		worker.startProcess();
		return worker;
	}

	/**
	 * Stops the whole suite gracefully ({@code SIGTERM}): the workers and the link
	 * manager first, then the brokers.
	 */
	public void stopAll() {
		List<StackProcess> services = new ArrayList<>();
		this.workers.stream().filter(Node::isAlive).forEach((worker) -> services.add(worker.process()));
		if (this.linkManager.isAlive()) {
			services.add(this.linkManager.process());
		}
		stopAll(services, Duration.ofSeconds(60));
		stopAll(List.of(this.source.process(), this.destination.process()), Duration.ofSeconds(30));
	}

	/** Starts the brokers, the link manager and the given number of workers again. */
	public void startAll(int workerCount) {
		this.source.start();
		this.destination.start();
		this.linkManager.start();
		this.workers.subList(0, Math.min(workerCount, this.workers.size())).forEach(Node::startProcess);
		this.workers.subList(0, Math.min(workerCount, this.workers.size())).forEach(Node::awaitReady);
	}

	/** The client properties the links use to reach a cluster through its proxy. */
	public Map<String, String> linkProperties(Broker broker) {
		if (broker.users.isEmpty()) {
			return Map.of();
		}
		return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + LINK_USER
						+ "\" password=\"" + LINK_PASSWORD + "\";");
	}

	public Path logs() {
		return this.workDir.resolve("logs");
	}

	/**
	 * Stops every process this stack started (services first, gracefully, then the
	 * brokers), heals the proxies and makes sure PostgreSQL runs again.
	 */
	@Override
	public synchronized void close() {
		Postgres.ensureRunning();
		List<StackProcess> all = this.pids.read();
		all.forEach(StackProcess::thaw);
		stopAll(all.stream().filter((p) -> !p.name().startsWith("kafka-")).toList(), Duration.ofSeconds(30));
		stopAll(all.stream().filter((p) -> p.name().startsWith("kafka-")).toList(), Duration.ofSeconds(20));
		this.source.closeProxy();
		this.destination.closeProxy();
	}

	/** Drops the database this stack created (after {@link #close()}). */
	public void dropDatabase() {
		try {
			StateStoreDatabase.drop(this.database);
		}
		catch (RuntimeException ex) {
			System.err.println("dropping " + this.database + " failed: " + ex.getMessage());
		}
	}

	private static void stopAll(List<StackProcess> processes, Duration grace) {
		List<CompletableFuture<Boolean>> stops = processes.stream()
			.map((process) -> CompletableFuture.supplyAsync(() -> process.stop(grace)))
			.toList();
		stops.forEach(CompletableFuture::join);
	}

	/** A broker of the stack, with the proxy in front of its link listener. */
	public final class Broker {

		private final String name;

		private final Path directory;

		private final Map<String, String> users;

		private final int port;

		private final int linkPort;

		private final FaultProxy proxy;

		private volatile StackProcess process;

		Broker(String name, Path directory, Map<String, String> users) {
			this.name = name;
			this.directory = directory;
			this.users = users;
			this.port = Ports.freePair();
			this.linkPort = Ports.free();
			this.proxy = FaultProxy.start("127.0.0.1", this.linkPort);
		}

		private KafkaBroker config() {
			return new KafkaBroker(this.name, this.port, this.directory,
					new KafkaBroker.LinkListener(this.linkPort, this.proxy.port(), this.users));
		}

		/**
		 * Starts the broker (again: a broker keeps its data) and waits until it answers.
		 */
		public synchronized void start() {
			KafkaBroker broker = config();
			this.process = broker.start(FaultStack.this.launcher, FaultStack.this.java);
			broker.awaitReady(this.process, FaultStack.this.launcher, READY);
		}

		/** The direct listener, for the suite's own clients. */
		public String bootstrap() {
			return "127.0.0.1:" + this.port;
		}

		/** The proxy in front of the links' listener. */
		public String linkBootstrap() {
			return this.proxy.address();
		}

		public FaultProxy proxy() {
			return this.proxy;
		}

		public StackProcess process() {
			return this.process;
		}

		/** {@code kill -9}. */
		public void kill() {
			this.process.kill();
		}

		public void freeze() {
			this.process.freeze();
		}

		public void thaw() {
			this.process.thaw();
		}

		public boolean isAlive() {
			return this.process != null && this.process.isAlive();
		}

		void closeProxy() {
			this.proxy.close();
		}

	}

	/** A service of the stack (link manager or mirror worker) as a process. */
	public final class Node {

		private final String name;

		private final String module;

		private final int port;

		private final List<String> jvm;

		private final Map<String, String> own;

		private volatile StackProcess process;

		Node(String name, String module, int port, List<String> jvm, Map<String, String> own) {
			this.name = name;
			this.module = module;
			this.port = port;
			this.jvm = jvm;
			this.own = own;
		}

		public String name() {
			return this.name;
		}

		public String url() {
			return "http://127.0.0.1:" + this.port;
		}

		/** Starts the service (again) and waits until it is ready. */
		public void start() {
			start(Map.of());
		}

		/** Starts the service with extra environment and waits until it is ready. */
		public void start(Map<String, String> extra) {
			startProcess(extra);
			awaitReady();
		}

		void startProcess() {
			startProcess(Map.of());
		}

		private synchronized void startProcess(Map<String, String> extra) {
			this.process = service(extra).start(FaultStack.this.launcher, FaultStack.this.java, FaultStack.this.root,
					FaultStack.this.workDir);
		}

		void awaitReady() {
			service(Map.of()).awaitReady(this.process, FaultStack.this.launcher, READY);
		}

		private Service service(Map<String, String> extra) {
			Map<String, String> environment = new HashMap<>();
			Database db = FaultStack.this.database;
			environment.put("CLUSTERLINK_DB_URL", db.url());
			environment.put("CLUSTERLINK_DB_USER", db.user());
			environment.put("CLUSTERLINK_DB_PASSWORD", db.password());
			environment.put("CLUSTERLINK_SECRET_KEY", FaultStack.this.secretKey);
			environment.put("CLUSTERLINK_CONTROL_BOOTSTRAP", FaultStack.this.destination.bootstrap());
			environment.put("PORT", Integer.toString(this.port));
			environment.putAll(FaultStack.this.serviceEnvironment);
			environment.putAll(this.own);
			environment.putAll(extra);
			return new Service(this.name, this.module, this.port, this.jvm, environment);
		}

		public StackProcess process() {
			return this.process;
		}

		public boolean isAlive() {
			return this.process != null && this.process.isAlive();
		}

		/** {@code kill -9}: no handover. */
		public void kill() {
			this.process.kill();
		}

		/** {@code kill -TERM}, killed after 60 s if it has not stopped. */
		public void stop() {
			this.process.stop(Duration.ofSeconds(60));
		}

		public void freeze() {
			this.process.freeze();
		}

		public void thaw() {
			this.process.thaw();
		}

		/** The process's log so far. */
		public String log() {
			try {
				return Files.readString(FaultStack.this.launcher.logOf(this.name));
			}
			catch (IOException ex) {
				return "";
			}
		}

	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new java.security.SecureRandom().nextBytes(bytes);
		return bytes;
	}

}
