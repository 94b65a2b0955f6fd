package dev.clusterlink.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.clusterlink.stack.LocalStack;
import dev.clusterlink.stack.Ports;
import dev.clusterlink.stack.Rest;
import dev.clusterlink.stack.StackSettings;
import dev.clusterlink.stack.StackSettings.Database;
import dev.clusterlink.stack.WorkDirs;

/**
 * The local stack the benchmark runs on: the same brokers and services as
 * {@code ./local-stack/stack up} with one mirror worker, on free ports, in
 * {@code bench/target/stack}, with a database of its own. The link {@code bench} copies
 * from {@code source} to {@code destination}.
 */
final class BenchStack implements AutoCloseable {

	static final String LINK = "bench";

	static final String WORKER = "mirror-worker-1";

	private final LocalStack stack;

	private final Rest rest;

	private final Cluster source;

	private final Cluster destination;

	private BenchStack(LocalStack stack) {
		this.stack = stack;
		this.rest = stack.rest();
		this.source = new Cluster(stack.settings().sourceBootstrap());
		this.destination = new Cluster(stack.settings().destinationBootstrap());
	}

	static BenchStack start(Path root, Database database) {
		Path workDir = root.resolve("bench").resolve("target").resolve("stack");
		WorkDirs.delete(workDir);
		StackSettings settings = new StackSettings(root, workDir, database, Ports.freePair(), Ports.freePair(),
				Ports.free(), Ports.free(), Ports.free(), List.of(Ports.free()),
				// the runbooks measure what the verifier can do, not its default cap
				Map.of("CLUSTERLINK_VERIFY_MAXRECORDSPERSECOND", "100000000"));
		LocalStack stack = LocalStack.of(settings, false);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::down));
		stack.up();
		BenchStack bench = new BenchStack(stack);
		bench.rest.post("/api/v1/clusters", Map.of("name", "source", "bootstrapServers", settings.sourceBootstrap()))
			.expect(201);
		bench.rest
			.post("/api/v1/clusters",
					Map.of("name", "destination", "bootstrapServers", settings.destinationBootstrap()))
			.expect(201);
		bench.rest
			.post("/api/v1/links", Map.of("name", LINK, "sourceCluster", "source", "destinationCluster", "destination"))
			.expect(201);
		return bench;
	}

	Rest rest() {
		return this.rest;
	}

	Cluster source() {
		return this.source;
	}

	Cluster destination() {
		return this.destination;
	}

	/** The mirror worker's process id. */
	long workerPid() {
		return this.stack.process(WORKER).pid();
	}

	String workerUrl() {
		return "http://127.0.0.1:" + this.stack.settings().workerPorts().get(0);
	}

	/** Mirrors a source topic under the same name. */
	void mirror(String topic) {
		mirror(topic, topic);
	}

	/** Mirrors a source topic under another name. */
	void mirror(String topic, String mirror) {
		this.rest.post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", topic, "mirrorTopic", mirror))
			.expect(201);
	}

	/** Deletes a mirror and its destination topic. */
	void deleteMirror(String topic) {
		this.rest.delete("/api/v1/links/" + LINK + "/mirrors/" + topic + "?deleteTopic=true").expect(204);
	}

	/** How many of the link's mirrors are in a state. */
	long mirrorsIn(String state) {
		return this.rest.get("/api/v1/links/" + LINK + "/mirrors?size=1&state=" + state)
			.expect(200)
			.json()
			.path("totalItems")
			.asLong();
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.source.close();
		this.destination.close();
		this.stack.down();
	}

}
