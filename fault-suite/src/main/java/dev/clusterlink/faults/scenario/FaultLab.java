package dev.clusterlink.faults.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.stack.Rest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The fault suite's bench: a {@link FaultStack} with the source and destination
 * registered and links created through the link manager's REST API, and mirrors to put
 * under load and faults.
 */
public final class FaultLab implements AutoCloseable {

	/**
	 * Timeouts of the suite's services: short enough that a fault is noticed and a
	 * takeover happens within seconds, as in the end-to-end tests.
	 */
	public static final Map<String, String> SERVICE_ENVIRONMENT = Map.ofEntries(
			Map.entry("CLUSTERLINK_WORKER_LEASETTL", "10s"), Map.entry("CLUSTERLINK_WORKER_LEASERENEWINTERVAL", "1s"),
			Map.entry("CLUSTERLINK_WORKER_FENCEMARGIN", "4s"), Map.entry("CLUSTERLINK_WORKER_SESSIONTIMEOUT", "6s"),
			Map.entry("CLUSTERLINK_WORKER_RECONCILEINTERVAL", "1s"),
			Map.entry("CLUSTERLINK_WORKER_STATUSINTERVAL", "500ms"),
			Map.entry("CLUSTERLINK_WORKER_DRAINTIMEOUT", "10s"), Map.entry("CLUSTERLINK_WORKER_SETTLEWINDOW", "3s"),
			Map.entry("CLUSTERLINK_WORKER_STALLTIMEOUT", "20s"), Map.entry("CLUSTERLINK_WORKER_ADMINTIMEOUT", "5s"),
			Map.entry("CLUSTERLINK_WORKER_PRODUCER_REQUESTTIMEOUT", "10s"));

	private final FaultStack stack;

	private final Rest rest;

	private FaultLab(FaultStack stack) {
		this.stack = stack;
		this.rest = stack.rest();
	}

	/**
	 * Starts the stack and registers both clusters (links reach them through proxies).
	 */
	public static FaultLab start(Path root, Path workDir, int workers) {
		FaultStack stack = FaultStack.start(root, workDir, workers, SERVICE_ENVIRONMENT);
		FaultLab lab = new FaultLab(stack);
		try {
			lab.register("source", stack.source());
			lab.register("destination", stack.destination());
			return lab;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	public FaultStack stack() {
		return this.stack;
	}

	public Rest rest() {
		return this.rest;
	}

	/** Creates a link from the source to the destination. */
	public void link(String name, Map<String, Object> configs) {
		Map<String, Object> all = new HashMap<>(Map.of("topic.config.sync.ms", 1000));
		all.putAll(configs);
		this.rest
			.post("/api/v1/links",
					Map.of("name", name, "sourceCluster", "source", "destinationCluster", "destination", "configs",
							all))
			.expect(201);
	}

	/**
	 * Creates a source topic (waiting until every partition takes writes) and mirrors it
	 * over a link.
	 */
	public MirrorUnderTest mirror(String link, String topic, int partitions, Map<String, String> topicConfigs) {
		createTopic(this.stack.source().bootstrap(), topic, partitions, topicConfigs);
		this.rest.post("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).expect(201);
		return new MirrorUnderTest(this, link, topic, partitions);
	}

	private void register(String name, FaultStack.Broker broker) {
		Map<String, String> properties = this.stack.linkProperties(broker);
		// the LINK listener is SASL_PLAINTEXT/PLAIN on loopback: accepted explicitly
		boolean insecureSasl = "SASL_PLAINTEXT".equals(properties.get("security.protocol"));
		this.rest
			.post("/api/v1/clusters", Map.of("name", name, "bootstrapServers", broker.linkBootstrap(), "properties",
					properties, "acceptInsecureSasl", insecureSasl))
			.expect(201);
	}

	/** Creates a topic and waits until every partition answers on its leader. */
	public static void createTopic(String bootstrap, String topic, int partitions, Map<String, String> configs) {
		try (Admin admin = admin(bootstrap)) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
				.all()
				.get(30, TimeUnit.SECONDS);
			awaitWritable(admin, topic, partitions);
		}
		catch (Exception ex) {
			throw new IllegalStateException("creating " + topic + " failed: " + ex, ex);
		}
	}

	/**
	 * Waits until every partition answers on its leader: a producer writing to a
	 * partition not opened yet gets NOT_LEADER for its first batch while a later one may
	 * be appended (a race of Kafka at topic creation).
	 */
	static void awaitWritable(Admin admin, String topic, int partitions) throws Exception {
		Map<TopicPartition, OffsetSpec> all = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			all.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try {
				admin.listOffsets(all).all().get(10, TimeUnit.SECONDS);
				return;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				// a topic just created may not be in the metadata yet: ask again
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
	}

	/** End offsets of a topic on a cluster, by partition. */
	public static Map<Integer, Long> endOffsets(String bootstrap, String topic, int partitions) {
		try (Admin admin = admin(bootstrap)) {
			Map<TopicPartition, OffsetSpec> all = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				all.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			Map<Integer, Long> ends = new java.util.TreeMap<>();
			admin.listOffsets(all)
				.all()
				.get(20, TimeUnit.SECONDS)
				.forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
			return ends;
		}
		catch (Exception ex) {
			throw new IllegalStateException("reading the end offsets of " + topic + " failed: " + ex, ex);
		}
	}

	public static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(20).toMillis(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000));
	}

	@Override
	public void close() {
		this.stack.close();
		this.stack.dropDatabase();
	}

}
