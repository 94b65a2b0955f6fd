package dev.clusterlink.mirrorworker.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.testsupport.TestPostgres;

/**
 * A mirror worker as a separate process (the jar this module builds), so tests can kill
 * it ({@code SIGKILL}), stop it ({@code SIGTERM}) or freeze it
 * ({@code SIGSTOP}/{@code SIGCONT}). Only processes this class started are signalled, by
 * PID.
 */
public final class WorkerProcess implements AutoCloseable {

	private final String instanceId;

	private final Process process;

	private final Path log;

	private WorkerProcess(String instanceId, Process process, Path log) {
		this.instanceId = instanceId;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a worker against the test database and the given control cluster, with short
	 * lease and session timeouts.
	 */
	public static WorkerProcess start(String instanceId, String controlBootstrap) throws IOException {
		String jar = System.getProperty("clusterlink.worker.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("the worker jar is missing (" + jar + "); run the tests through Maven");
		}
		TestPostgres.Database db = TestPostgres.database();
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
				"-Dorg.apache.kafka.automatic.config.providers=none", "-jar", jar,
				"--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--server.port=0",
				"--clusterlink.secret.allow-dev-key=true", "--clusterlink.worker.instance-id=" + instanceId,
				"--clusterlink.worker.control-bootstrap=" + controlBootstrap, "--clusterlink.worker.lease-ttl=10s",
				"--clusterlink.worker.lease-renew-interval=1s", "--clusterlink.worker.session-timeout=6s",
				"--clusterlink.worker.reconcile-interval=1s", "--clusterlink.worker.status-interval=500ms",
				"--clusterlink.worker.fence-margin=4s", "--clusterlink.worker.producer.request-timeout=3s",
				"--logging.level.dev.clusterlink=DEBUG"));
		Path logs = Path.of("target", "worker-processes");
		Files.createDirectories(logs);
		Path log = logs.resolve(instanceId + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return new WorkerProcess(instanceId, process, log);
	}

	public String instanceId() {
		return this.instanceId;
	}

	public long pid() {
		return this.process.pid();
	}

	/** {@code kill -9}: no handover, no lease release. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** {@code kill -TERM}: a graceful stop that drains and releases. */
	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
			kill();
		}
	}

	/** {@code kill -STOP}: the process is frozen, as in a long GC pause. */
	public void freeze() throws IOException, InterruptedException {
		signal("STOP");
	}

	/** {@code kill -CONT}: the frozen process runs again. */
	public void thaw() throws IOException, InterruptedException {
		signal("CONT");
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The process's output so far. */
	public String log() throws IOException {
		return Files.readString(this.log);
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
		}
	}

	@Override
	public void close() throws Exception {
		if (this.process.isAlive()) {
			signal("CONT");
			kill();
		}
	}

}
