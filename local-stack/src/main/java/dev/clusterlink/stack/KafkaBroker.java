package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * One Apache Kafka broker in KRaft mode (broker and controller in one process), run from
 * the Kafka jars of this module's classpath: formatted once, then started with
 * {@code kafka.Kafka}. ACLs are enforced by {@code StandardAuthorizer}, so ACL sync has
 * something to read; the stack's own clients connect as {@code User:ANONYMOUS}, a super
 * user.
 *
 * @param name {@code kafka-source} or {@code kafka-destination}
 * @param port the client port; the controller listens on {@code port + 1}
 * @param directory the broker's directory (configuration and log)
 */
public record KafkaBroker(String name, int port, Path directory, @Nullable LinkListener link) {

	public KafkaBroker(String name, int port, Path directory) {
		this(name, port, directory, null);
	}

	/**
	 * A second client listener for the links' own connections, named {@code LINK}: the
	 * fault suite puts a TCP proxy in front of it, so the broker advertises the proxy's
	 * port, and clients that bootstrap through the proxy stay behind it.
	 *
	 * @param port where the broker listens
	 * @param advertisedPort what it advertises (the proxy's port)
	 * @param plainUsers SASL/PLAIN users and passwords; empty for a PLAINTEXT listener
	 */
	public record LinkListener(int port, int advertisedPort, Map<String, String> plainUsers) {
	}

	public String bootstrap() {
		return "127.0.0.1:" + this.port;
	}

	public StackProcess start(Launcher launcher, JavaCommand java) {
		Path config = writeConfig();
		format(launcher, java, config);
		return launcher.start(this.name,
				java.classpathCommand(List.of("-Xms256m", "-Xmx768m"), "kafka.Kafka", List.of(config.toString())),
				Map.of(), this.directory);
	}

	/** Waits until the broker answers a describeCluster. */
	public void awaitReady(StackProcess process, Launcher launcher, Duration timeout) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = Admin.create(properties)) {
			while (true) {
				if (!process.isAlive()) {
					throw new StackException(this.name + " stopped while starting:\n" + launcher.tail(this.name, 30));
				}
				try {
					admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (System.nanoTime() > deadline) {
						throw new StackException(this.name + " did not answer within " + timeout.toSeconds() + " s:\n"
								+ launcher.tail(this.name, 30));
					}
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
						throw new StackException("interrupted while waiting for " + this.name);
					}
					Pause.of(Duration.ofMillis(500));
				}
			}
		}
	}

	private Path writeConfig() {
		int controller = this.port + 1;
		Properties config = new Properties();
		config.setProperty("process.roles", "broker,controller");
		config.setProperty("node.id", "1");
		config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
		String listeners = "PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controller;
		String advertised = "PLAINTEXT://127.0.0.1:" + this.port;
		String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
		if (this.link != null) {
			boolean sasl = !this.link.plainUsers().isEmpty();
			listeners += ",LINK://127.0.0.1:" + this.link.port();
			advertised += ",LINK://127.0.0.1:" + this.link.advertisedPort();
			protocols += ",LINK:" + (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT");
			if (sasl) {
				StringBuilder jaas = new StringBuilder(
						"org.apache.kafka.common.security.plain.PlainLoginModule required");
				this.link.plainUsers()
					.forEach((user,
							password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
				config.setProperty("listener.name.link.sasl.enabled.mechanisms", "PLAIN");
				config.setProperty("listener.name.link.plain.sasl.jaas.config", jaas.append(';').toString());
			}
		}
		config.setProperty("listeners", listeners);
		config.setProperty("advertised.listeners", advertised);
		config.setProperty("controller.listener.names", "CONTROLLER");
		config.setProperty("inter.broker.listener.name", "PLAINTEXT");
		config.setProperty("listener.security.protocol.map", protocols);
		config.setProperty("log.dirs", this.directory.resolve("data").toString());
		config.setProperty("num.partitions", "1");
		config.setProperty("offsets.topic.replication.factor", "1");
		config.setProperty("offsets.topic.num.partitions", "10");
		config.setProperty("transaction.state.log.replication.factor", "1");
		config.setProperty("transaction.state.log.min.isr", "1");
		config.setProperty("transaction.state.log.num.partitions", "4");
		config.setProperty("share.coordinator.state.topic.replication.factor", "1");
		config.setProperty("share.coordinator.state.topic.min.isr", "1");
		config.setProperty("group.initial.rebalance.delay.ms", "0");
		// only the link creates topics on the destination; producers get an error on a
		// typo
		config.setProperty("auto.create.topics.enable", "false");
		config.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
		config.setProperty("super.users", "User:ANONYMOUS");
		config.setProperty("allow.everyone.if.no.acl.found", "true");
		Path file = this.directory.resolve("server.properties");
		try {
			Files.createDirectories(this.directory);
			try (var out = Files.newBufferedWriter(file)) {
				config.store(out, this.name + " (written by the local stack at every start)");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/** Formats the log directory once; a formatted one keeps its data and cluster id. */
	private void format(Launcher launcher, JavaCommand java, Path config) {
		if (Files.exists(this.directory.resolve("data").resolve("meta.properties"))) {
			return;
		}
		List<String> arguments = new ArrayList<>(
				List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
		String formatter = this.name + "-format";
		int exit = launcher.run(formatter,
				java.classpathCommand(List.of("-Xmx256m"), "kafka.tools.StorageTool", arguments), this.directory,
				Duration.ofMinutes(2));
		if (exit != 0) {
			throw new StackException("formatting " + this.name + " failed:\n" + launcher.tail(formatter, 30));
		}
		if (!Files.exists(this.directory.resolve("data").resolve("meta.properties"))) {
			throw new StackException("formatting " + this.name + " failed:\n" + launcher.tail(formatter, 30));
		}
	}

}
