package dev.clusterlink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.clusterlink.stack.Rest;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/**
 * The DR runbooks of the README timed on the bench stack (issue 13): a mirror of a topic
 * of {@code records} records over 8 partitions, verified (the verifier's records/s next
 * to a plain consumer reading both topics), promoted (call to writable), failed back by a
 * planned swap (call to the old topic caught up, nothing re-copied), and a second topic
 * failed over, written on both sides, and failed back after the disaster (archive and
 * re-copy: call to caught up, records archived and re-copied).
 */
final class Runbooks {

	private static final String BACK = "bench-back";

	private static final int PARTITIONS = 8;

	private static final Duration LONG = Duration.ofMinutes(30);

	private final BenchStack stack;

	private final Rest rest;

	private final long records;

	private final Consumer<Figure> figures;

	private Runbooks(BenchStack stack, long records, Consumer<Figure> figures) {
		this.stack = stack;
		this.rest = stack.rest();
		this.records = records;
		this.figures = figures;
	}

	static void run(BenchStack stack, long records, Consumer<Figure> figures) {
		new Runbooks(stack, records, figures).run();
	}

	private void run() {
		this.rest
			.post("/api/v1/links", Map.of("name", BACK, "sourceCluster", "destination", "destinationCluster", "source"))
			.expect(201);
		Payloads payloads = new Payloads(200);
		String migrated = "runbook-migration";
		mirrorCaughtUp(migrated, payloads);
		verify(migrated);
		promote(migrated, "planned migration");
		long written = this.records / 10;
		Ceiling.produce(this.stack.destination().bootstrap(), migrated, PARTITIONS, written, payloads);
		reverse(migrated, Map.of("reverseLink", BACK), "failback, planned swap", this.records + written);

		String disaster = "runbook-disaster";
		mirrorCaughtUp(disaster, payloads);
		long failoverStart = System.nanoTime();
		this.rest.postEmpty(path(BenchStack.LINK, disaster) + ":failover").expect(200);
		awaitState(BenchStack.LINK, disaster, "STOPPED");
		add("disaster failover", "call → writable (STOPPED)", seconds(failoverStart), "s");
		Ceiling.produce(this.stack.source().bootstrap(), disaster, PARTITIONS, 10_000, payloads);
		Ceiling.produce(this.stack.destination().bootstrap(), disaster, PARTITIONS, written, payloads);
		reverse(disaster, Map.of("reverseLink", BACK, "mode", "after-disaster"), "failback after a disaster",
				this.records + written);
	}

	private void mirrorCaughtUp(String topic, Payloads payloads) {
		Benchmark.say("runbooks: preloading %,d records into %s", this.records, topic);
		this.stack.source().createTopics(List.of(topic), PARTITIONS);
		Ceiling.produce(this.stack.source().bootstrap(), topic, PARTITIONS, this.records, payloads);
		CatchUp.measure(this.stack, topic, topic, PARTITIONS, this.records, this.records * payloads.recordBytes(),
				LONG);
		awaitState(BenchStack.LINK, topic, "ACTIVE");
	}

	/** The verifier against a plain consumer reading both topics. */
	private void verify(String topic) {
		List<TopicPartition> partitions = Cluster.partitions(topic, PARTITIONS);
		Throughput source = Ceiling.consume(this.stack.source().bootstrap(), partitions, this.records);
		Throughput destination = Ceiling.consume(this.stack.destination().bootstrap(), partitions, this.records);
		double plain = 2.0 * this.records / (source.seconds() + destination.seconds());
		JsonNode started = this.rest.postEmpty(path(BenchStack.LINK, topic) + ":verify").expect(202).json();
		String id = started.path("id").asString();
		String location = path(BenchStack.LINK, topic) + "/verifications/" + id;
		JsonNode[] done = new JsonNode[1];
		await(() -> {
			done[0] = this.rest.get(location).expect(200).json();
			String state = done[0].path("state").asString();
			return !state.equals("QUEUED") && !state.equals("RUNNING");
		}, "the verification of " + topic);
		if (!"MATCHED".equals(done[0].path("state").asString())) {
			throw new IllegalStateException("the verification of " + topic + " ended " + done[0]);
		}
		add("verification", "verifier, both topics compared (" + done[0].path("recordsCompared").asLong() + " records)",
				done[0].path("recordsPerSecond").asDouble(), "records/s");
		this.figures.accept(Figure.against("verification", "verifier", done[0].path("recordsPerSecond").asDouble(),
				"records/s", "plain consumer of both topics", plain));
	}

	private void promote(String topic, String runbook) {
		long start = System.nanoTime();
		this.rest.postEmpty(path(BenchStack.LINK, topic) + ":promote").expect(200);
		awaitState(BenchStack.LINK, topic, "STOPPED");
		add(runbook, "promote: call → writable (STOPPED)", seconds(start), "s");
	}

	private void reverse(String topic, Map<String, Object> request, String runbook, long expectedEnd) {
		List<TopicPartition> partitions = Cluster.partitions(topic, PARTITIONS);
		long start = System.nanoTime();
		JsonNode reversed = this.rest.post(path(BenchStack.LINK, topic) + ":reverse", request).expect(201).json();
		double answered = seconds(start);
		await(() -> this.stack.source().endOffsetSumOrZero(partitions) >= expectedEnd
				&& "ACTIVE".equals(state(BACK, topic)), "the reverse mirror of " + topic);
		add(runbook, "reverse: call → answer", answered, "s");
		add(runbook, "reverse: call → old topic caught up", seconds(start), "s");
		add(runbook, "records re-copied", reversed.path("recordsRecopied").asDouble(), "records");
		add(runbook, "records archived", reversed.path("recordsArchived").asDouble(), "records");
		long promoteStart = System.nanoTime();
		this.rest.postEmpty(path(BACK, topic) + ":promote").expect(200);
		awaitState(BACK, topic, "STOPPED");
		add(runbook, "promote back: call → writable (STOPPED)", seconds(promoteStart), "s");
	}

	private void awaitState(String link, String topic, String state) {
		await(() -> state.equals(state(link, topic)), link + "/" + topic + " " + state);
	}

	private String state(String link, String topic) {
		return this.rest.get(path(link, topic)).expect(200).json().path("state").asString();
	}

	private void add(String phase, String name, double value, String unit) {
		this.figures.accept(Figure.of("runbook: " + phase, name, value, unit));
	}

	private static String path(String link, String topic) {
		return "/api/v1/links/" + link + "/mirrors/" + topic;
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + LONG.toNanos();
		List<RuntimeException> failures = new ArrayList<>();
		while (true) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("waited " + LONG.toMinutes() + " min for " + what
						+ (failures.isEmpty() ? "" : ": " + failures.get(failures.size() - 1)));
			}
			BenchStack.sleep(Duration.ofMillis(100));
		}
	}

}
