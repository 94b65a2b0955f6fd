package dev.clusterlink.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where the stack runs: the checkout, its working directory, the database, the ports, and
 * how many mirror workers. Saved in the working directory by {@code up} so that
 * {@code status}, {@code demo} and {@code down} find the same stack.
 *
 * @param root the checkout (the services' jars are under it)
 * @param workDir the stack's directory (logs, broker data, PIDs, the secret key)
 * @param database the state store
 * @param sourcePort the source broker's client port (its controller listens one above)
 * @param destinationPort the destination broker's client port (controller one above)
 * @param linkManagerPort the link manager's port (API, Swagger UI, Actuator)
 * @param offsetSyncPort the offset sync service's port
 * @param aclSyncPort the ACL sync service's port
 * @param workerPorts the ports of the mirror workers, one worker per port
 * @param serviceEnvironment extra environment for every service (tests shorten timeouts)
 */
public record StackSettings(Path root, Path workDir, Database database, int sourcePort, int destinationPort,
		int linkManagerPort, int offsetSyncPort, int aclSyncPort, List<Integer> workerPorts,
		Map<String, String> serviceEnvironment) {

	/** The ports a developer's stack uses. */
	public static StackSettings defaults(Path root, Database database, int workers) {
		List<Integer> workerPorts = IntStream.range(0, workers).mapToObj((i) -> (i == 0) ? 8081 : 8083 + i).toList();
		return new StackSettings(root, root.resolve(".local-stack"), database, 19092, 29092, 8080, 8082, 8083,
				workerPorts, Map.of());
	}

	public String sourceBootstrap() {
		return "127.0.0.1:" + this.sourcePort;
	}

	public String destinationBootstrap() {
		return "127.0.0.1:" + this.destinationPort;
	}

	public String apiUrl() {
		return "http://127.0.0.1:" + this.linkManagerPort;
	}

	Properties toProperties() {
		Properties properties = new Properties();
		properties.setProperty("root", this.root.toString());
		properties.setProperty("db.url", this.database.url());
		properties.setProperty("db.user", this.database.user());
		properties.setProperty("source.port", Integer.toString(this.sourcePort));
		properties.setProperty("destination.port", Integer.toString(this.destinationPort));
		properties.setProperty("link-manager.port", Integer.toString(this.linkManagerPort));
		properties.setProperty("offset-sync.port", Integer.toString(this.offsetSyncPort));
		properties.setProperty("acl-sync.port", Integer.toString(this.aclSyncPort));
		properties.setProperty("worker.ports",
				this.workerPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
		return properties;
	}

	/**
	 * The settings {@code up} saved; the database password comes from the environment.
	 */
	static StackSettings fromProperties(Path workDir, Properties properties, String dbPassword) {
		List<Integer> workerPorts = Arrays.stream(properties.getProperty("worker.ports").split(","))
			.map(Integer::valueOf)
			.toList();
		return new StackSettings(Path.of(properties.getProperty("root")), workDir,
				new Database(properties.getProperty("db.url"), properties.getProperty("db.user"), dbPassword),
				port(properties, "source.port"), port(properties, "destination.port"),
				port(properties, "link-manager.port"), port(properties, "offset-sync.port"),
				port(properties, "acl-sync.port"), workerPorts, Map.of());
	}

	/** Every port the stack listens on, by the name of what listens there. */
	public Map<String, Integer> listeningPorts() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("kafka-source", this.sourcePort);
		ports.put("kafka-source controller", this.sourcePort + 1);
		ports.put("kafka-destination", this.destinationPort);
		ports.put("kafka-destination controller", this.destinationPort + 1);
		ports.put("link-manager", this.linkManagerPort);
		for (int i = 0; i < this.workerPorts.size(); i++) {
			ports.put(workerName(i), this.workerPorts.get(i));
		}
		ports.put("offset-sync", this.offsetSyncPort);
		ports.put("acl-sync", this.aclSyncPort);
		return ports;
	}

	static String workerName(int index) {
		return "mirror-worker-" + (index + 1);
	}

	private static int port(Properties properties, String key) {
		return Integer.parseInt(properties.getProperty(key));
	}

	/**
	 * The PostgreSQL database of the state store.
	 *
	 * @param url its JDBC URL
	 * @param user the user
	 * @param password the password (never saved, never printed)
	 */
	public record Database(String url, String user, String password) {

		@Override
		public String toString() {
			return "Database[url=" + this.url + ", user=" + this.user + "]";
		}

	}

}
