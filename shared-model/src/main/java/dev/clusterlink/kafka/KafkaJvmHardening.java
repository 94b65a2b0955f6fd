package dev.clusterlink.kafka;

/**
 * JVM-wide Kafka client hardening that every service applies before any Kafka class
 * loads: {@code org.apache.kafka.automatic.config.providers=none}, so that no client
 * config can load a config provider to read files or environment variables
 * (CVE-2024-31141). The start scripts pass the same flag; this makes a JVM started
 * without it safe too.
 */
public final class KafkaJvmHardening {

	/** The system property Kafka clients read. */
	public static final String CONFIG_PROVIDERS_PROPERTY = "org.apache.kafka.automatic.config.providers";

	private KafkaJvmHardening() {
	}

	/**
	 * Sets the hardening properties when absent.
	 * @throws IllegalStateException when the JVM was started with config providers
	 * allowed
	 */
	public static void apply() {
		String current = System.getProperty(CONFIG_PROVIDERS_PROPERTY);
		if (current == null) {
			System.setProperty(CONFIG_PROVIDERS_PROPERTY, "none");
		}
		else if (!current.equals("none")) {
			throw new IllegalStateException("-D" + CONFIG_PROVIDERS_PROPERTY
					+ " must be 'none': registered cluster properties must not be able to load config providers");
		}
	}

	/** Whether the JVM runs with config providers disabled. */
	public static boolean isApplied() {
		return "none".equals(System.getProperty(CONFIG_PROVIDERS_PROPERTY));
	}

}
