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
	 * port, and clients that bootstrap through the proxy stay behind it. Its protocol
	 * follows from what is set: PLAINTEXT, SASL_PLAINTEXT (PLAIN users), SASL_SSL (SCRAM
	 * users and TLS) or SSL (TLS, mutual when the TLS material says so).
	 *
	 * @param port where the broker listens
	 * @param advertisedPort what it advertises (the proxy's port)
	 * @param plainUsers SASL/PLAIN users and passwords (over plaintext only)
	 * @param scramUsers SCRAM-SHA-512 users and passwords (over TLS only), created when
	 * the broker is formatted
	 * @param tls the listener's TLS material, or null for a plaintext listener
	 * @param superUsers principals made super users besides the stack's own
	 * {@code User:ANONYMOUS}, e.g. the links' SCRAM user or certificate subject
	 */
	public record LinkListener(int port, int advertisedPort, Map<String, String> plainUsers,
			Map<String, String> scramUsers, @Nullable Tls tls, List<String> superUsers) {

		public LinkListener {
			if (!plainUsers.isEmpty() && (tls != null || !scramUsers.isEmpty())) {
				throw new IllegalArgumentException("PLAIN users are for a SASL_PLAINTEXT listener only");
			}
			if (!scramUsers.isEmpty() && tls == null) {
				throw new IllegalArgumentException("SCRAM users need TLS (SASL_SSL)");
			}
		}

		public LinkListener(int port, int advertisedPort, Map<String, String> plainUsers) {
			this(port, advertisedPort, plainUsers, Map.of(), null, List.of());
		}

		/**
		 * SASL_SSL with SCRAM-SHA-512 for the given users; {@code superUsers} are user
		 * names.
		 */
		public static LinkListener saslSsl(int port, Map<String, String> scramUsers, Tls tls, List<String> superUsers) {
			if (scramUsers.isEmpty()) {
				throw new IllegalArgumentException("a SASL_SSL listener needs at least one SCRAM user");
			}
			return new LinkListener(port, port, Map.of(), scramUsers, tls,
					superUsers.stream().map((user) -> "User:" + user).toList());
		}

		/**
		 * SSL; mutual TLS when {@code tls} requires client certificates.
		 * {@code superSubjects} are certificate subjects such as {@code CN=clusterlink}.
		 */
		public static LinkListener ssl(int port, Tls tls, List<String> superSubjects) {
			return new LinkListener(port, port, Map.of(), Map.of(), tls,
					superSubjects.stream().map((subject) -> "User:" + subject).toList());
		}

		String protocol() {
			if (this.tls != null) {
				return this.scramUsers.isEmpty() ? "SSL" : "SASL_SSL";
			}
			return this.plainUsers.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
		}

	}

	/**
	 * A listener's TLS material as PEM text (Kafka's {@code ssl.keystore.type=PEM}), so
	 * no key store file is written.
	 *
	 * @param privateKey the server's unencrypted PKCS#8 private key
	 * @param certificateChain the server's certificate, then its issuers
	 * @param trustedCertificates the CA certificates client certificates are checked
	 * against
	 * @param clientCertificateRequired whether clients must present a certificate
	 * ({@code ssl.client.auth=required}); their principal is then {@code User:} and the
	 * certificate's subject, e.g. {@code User:CN=clusterlink}
	 */
	public record Tls(String privateKey, String certificateChain, String trustedCertificates,
			boolean clientCertificateRequired) {

		@Override
		public String toString() {
			return "Tls[clientCertificateRequired=" + this.clientCertificateRequired + "]";
		}

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
			listeners += ",LINK://127.0.0.1:" + this.link.port();
			advertised += ",LINK://127.0.0.1:" + this.link.advertisedPort();
			protocols += ",LINK:" + this.link.protocol();
			linkListenerConfig(this.link, config);
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
		config.setProperty("super.users", superUsers());
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

	private static void linkListenerConfig(LinkListener link, Properties config) {
		if (!link.plainUsers().isEmpty()) {
			StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
			link.plainUsers()
				.forEach((user,
						password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
			config.setProperty("listener.name.link.sasl.enabled.mechanisms", "PLAIN");
			config.setProperty("listener.name.link.plain.sasl.jaas.config", jaas.append(';').toString());
		}
		if (!link.scramUsers().isEmpty()) {
			config.setProperty("listener.name.link.sasl.enabled.mechanisms", "SCRAM-SHA-512");
			config.setProperty("listener.name.link.scram-sha-512.sasl.jaas.config",
					"org.apache.kafka.common.security.scram.ScramLoginModule required;");
		}
		Tls tls = link.tls();
		if (tls != null) {
			config.setProperty("listener.name.link.ssl.keystore.type", "PEM");
			config.setProperty("listener.name.link.ssl.keystore.key", tls.privateKey());
			config.setProperty("listener.name.link.ssl.keystore.certificate.chain", tls.certificateChain());
			config.setProperty("listener.name.link.ssl.truststore.type", "PEM");
			config.setProperty("listener.name.link.ssl.truststore.certificates", tls.trustedCertificates());
			config.setProperty("listener.name.link.ssl.client.auth",
					tls.clientCertificateRequired() ? "required" : "none");
		}
	}

	/**
	 * The stack's own clients ({@code User:ANONYMOUS} on the PLAINTEXT listener) and the
	 * principals the link listener names: ACL sync may put ACLs on a mirror topic, and
	 * the links must still write it.
	 */
	private String superUsers() {
		List<String> users = new ArrayList<>(List.of("User:ANONYMOUS"));
		if (this.link != null) {
			users.addAll(this.link.superUsers());
		}
		return String.join(";", users);
	}

	/** Formats the log directory once; a formatted one keeps its data and cluster id. */
	private void format(Launcher launcher, JavaCommand java, Path config) {
		if (Files.exists(this.directory.resolve("data").resolve("meta.properties"))) {
			return;
		}
		List<String> arguments = new ArrayList<>(
				List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
		if (this.link != null) {
			this.link.scramUsers()
				.forEach((user, password) -> arguments
					.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]")));
		}
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
