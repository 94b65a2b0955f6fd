package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One of the four services as a JVM of its own, run from the jar its module builds.
 *
 * @param name the process name ({@code link-manager}, {@code mirror-worker-1}, ...)
 * @param module the Maven module that builds its jar
 * @param port its port (API and Actuator)
 * @param jvmOptions heap and GC flags
 * @param environment its configuration (database, control cluster, secret key, port, ...)
 */
public record Service(String name, String module, int port, List<String> jvmOptions, Map<String, String> environment) {

	/**
	 * A service that only answers a few calls: a small heap and the C1 compiler only.
	 * Like the images, it exits on an OutOfMemoryError rather than limp on with dead
	 * threads.
	 */
	public static final List<String> SMALL = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

	/**
	 * The mirror worker copies data: full JIT, room for fetch and produce buffers; exits
	 * on an OutOfMemoryError.
	 */
	public static final List<String> WORKER = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
			"-XX:+ExitOnOutOfMemoryError");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	public StackProcess start(Launcher launcher, JavaCommand java, Path root, Path workDir) {
		return launcher.start(this.name, java.jarCommand(this.jvmOptions, jar(root)), this.environment,
				workDir.resolve("services").resolve(this.name));
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Waits until {@code /actuator/health/readiness} answers 200. */
	public void awaitReady(StackProcess process, Launcher launcher, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(3))
			.build();
		while (true) {
			if (!process.isAlive()) {
				throw new StackException(this.name + " stopped while starting:\n" + launcher.tail(this.name, 40));
			}
			try {
				if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new StackException("interrupted while waiting for " + this.name);
			}
			if (System.nanoTime() > deadline) {
				throw new StackException(this.name + " was not ready within " + timeout.toSeconds() + " s:\n"
						+ launcher.tail(this.name, 40));
			}
			Pause.of(Duration.ofMillis(500));
		}
	}

	/** The Spring Boot jar the module built ({@code target/<module>-<version>.jar}). */
	Path jar(Path root) {
		Path target = root.resolve(this.module).resolve("target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files
				.filter((file) -> file.getFileName().toString().startsWith(this.module + "-")
						&& file.getFileName().toString().endsWith(".jar")
						&& !file.getFileName().toString().endsWith("-plain.jar")
						&& !file.getFileName().toString().endsWith("-tests.jar"))
				.findFirst()
				.orElseThrow(() -> new StackException("no jar of " + this.module + " under " + target
						+ ": build first (./mvnw -DskipTests package)"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
