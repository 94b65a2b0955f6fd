package dev.clusterlink.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * The demo: registers the stack's two clusters, links them, mirrors a topic, produces
 * records, and prints both sides with their offsets. Safe to run again: it reuses what
 * exists and adds records.
 */
final class Demo {

	static final String TOPIC = "demo-orders";

	static final String LINK = "demo";

	static final String GROUP = "demo-app";

	private static final int ROWS_PER_PARTITION = 8;

	private Demo() {
	}

	static int run(LocalStack stack, PrintStream out) {
		StackSettings settings = stack.settings();
		Rest api = stack.rest();
		String curl = "curl -H \"X-API-Key: " + AdminKeyFile.shellReference(settings.workDir()) + "\" ";
		out.println("1. register the clusters: POST /api/v1/clusters");
		api.post("/api/v1/clusters", Map.of("name", "source", "bootstrapServers", settings.sourceBootstrap()))
			.expect(201, 409);
		api.post("/api/v1/clusters", Map.of("name", "destination", "bootstrapServers", settings.destinationBootstrap()))
			.expect(201, 409);
		out.println("2. link them: POST /api/v1/links (with consumer offset sync)");
		api.post("/api/v1/links", Map.of("name", LINK, "sourceCluster", "source", "destinationCluster", "destination",
				"configs",
				Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "5000",
						"consumer.offset.group.filters",
						Map.of("groupFilters",
								List.of(Map.of("name", "*", "patternType", "LITERAL", "filterType", "INCLUDE"))))))
			.expect(201, 409);
		out.println("3. create " + TOPIC + " (3 partitions) on the source and produce 12 records");
		createTopic(settings.sourceBootstrap());
		produce(settings.sourceBootstrap());
		out.println("4. mirror it: POST /api/v1/links/" + LINK + "/mirrors");
		api.post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", TOPIC)).expect(201, 409);
		String state = api.get("/api/v1/links/" + LINK + "/mirrors/" + TOPIC)
			.expect(200)
			.json()
			.path("state")
			.asString();
		if ("STOPPED".equals(state) || "PENDING_STOPPED".equals(state)) {
			out.println("the mirror " + TOPIC + " was promoted or failed over: it copies nothing any more. Delete it "
					+ "to run the demo again:\n  " + curl + "-X DELETE '" + settings.apiUrl() + "/api/v1/links/" + LINK
					+ "/mirrors/" + TOPIC + "?deleteTopic=true'");
			return 1;
		}
		out.print("   waiting for the mirror to catch up ");
		awaitCaughtUp(api, settings, out);
		TopicContents source = TopicContents.read(settings.sourceBootstrap(), TOPIC);
		TopicContents destination = TopicContents.read(settings.destinationBootstrap(), TOPIC);
		out.println();
		print(source, destination, out);
		List<String> differences = source.differencesTo(destination);
		commitGroup(settings.sourceBootstrap(), curl + settings.apiUrl(), source, out);
		if (differences.isEmpty()) {
			out.printf("%n%d records, identical at the same partition and offset on both clusters "
					+ "(keys, values, headers, timestamps).%n", source.size());
			out.println("see it through the API: " + curl + settings.apiUrl() + "/api/v1/links/" + LINK + "/mirrors/"
					+ TOPIC);
			return 0;
		}
		out.println("\nDIFFERENCES:");
		differences.stream().limit(20).forEach((line) -> out.println("  " + line));
		return 1;
	}

	private static void createTopic(String bootstrap) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(Set.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new StackException("could not create " + TOPIC + ": " + ex.getCause().getMessage(), ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
	}

	private static void produce(String bootstrap) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		long base = System.currentTimeMillis() % 100_000;
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 1; i <= 12; i++) {
				long order = base + i;
				ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "order-" + order,
						"{\"order\":" + order + ",\"amount\":" + (i * 7 % 50 + 1) + "}");
				record.headers().add("origin", "local-stack demo".getBytes(StandardCharsets.UTF_8));
				producer.send(record);
			}
			producer.flush();
		}
	}

	/**
	 * Commits offsets of a consumer group on the source (two records before each
	 * partition's end), as an application that has read most of the topic would.
	 */
	private static void commitGroup(String bootstrap, String apiUrl, TopicContents source, PrintStream out) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(
				Comparator.comparingInt(TopicPartition::partition));
		source.partitions()
			.forEach((partition, records) -> offsets.put(new TopicPartition(TOPIC, partition),
					new OffsetAndMetadata(Math.max(0, records.size() - 2))));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.alterConsumerGroupOffsets(GROUP, offsets).all().get();
		}
		catch (ExecutionException ex) {
			out.println("could not commit offsets of " + GROUP + ": " + ex.getCause().getMessage());
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
		out.println("\nconsumer group " + GROUP + " committed on the source: "
				+ offsets.entrySet()
					.stream()
					.map((e) -> "partition " + e.getKey().partition() + " at " + e.getValue().offset())
					.collect(Collectors.joining(", ")));
		out.println("offset sync copies it to the destination within 5 s: " + apiUrl + "/api/v1/links/" + LINK
				+ "/consumer-groups/" + GROUP);
	}

	private static void awaitCaughtUp(Rest api, StackSettings settings, PrintStream out) {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (true) {
			JsonNode mirror = api.get("/api/v1/links/" + LINK + "/mirrors/" + TOPIC).expect(200).json();
			String state = mirror.path("state").asString();
			if ("ACTIVE".equals(state) && mirror.path("maxLag").asLong(-1) == 0 && sameEnds(settings)) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new StackException("the mirror did not catch up within 2 minutes: state " + state + ", reason "
						+ mirror.path("stateReason").asString() + " (see .local-stack/logs/mirror-worker-1.log)");
			}
			out.print(".");
			Pause.of(Duration.ofMillis(500));
		}
	}

	private static boolean sameEnds(StackSettings settings) {
		return TopicEnds.of(settings.sourceBootstrap(), TOPIC)
			.equals(TopicEnds.of(settings.destinationBootstrap(), TOPIC));
	}

	private static void print(TopicContents source, TopicContents destination, PrintStream out) {
		String format = "%-4s %-7s %-13s %-30s | %-7s %-13s %-30s %s%n";
		out.printf(format, "part", "offset", "key", "value (source: " + source.topic() + ")", "offset", "key",
				"value (destination)", "");
		for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> partition : source.partitions().entrySet()) {
			List<ConsumerRecord<byte[], byte[]>> records = partition.getValue();
			List<ConsumerRecord<byte[], byte[]>> copies = destination.partitions()
				.getOrDefault(partition.getKey(), List.of());
			int from = Math.max(0, records.size() - ROWS_PER_PARTITION);
			if (from > 0) {
				out.printf("%-4d ... %d earlier records%n", partition.getKey(), from);
			}
			for (int i = from; i < records.size(); i++) {
				ConsumerRecord<byte[], byte[]> record = records.get(i);
				ConsumerRecord<byte[], byte[]> copy = copies.stream()
					.filter((c) -> c.offset() == record.offset())
					.findFirst()
					.orElse(null);
				out.printf(format, partition.getKey(), record.offset(), text(record.key()), text(record.value()),
						(copy != null) ? copy.offset() : "-", (copy != null) ? text(copy.key()) : "",
						(copy != null) ? text(copy.value()) : "(missing)", (copy != null) ? "same" : "");
			}
		}
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : "null";
	}

}
