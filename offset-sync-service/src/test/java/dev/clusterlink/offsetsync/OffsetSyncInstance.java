package dev.clusterlink.offsetsync;

import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.ServiceInstance;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running offset sync service for integration tests ({@link ServiceInstance}), with the
 * destination broker as the control cluster. Most tests share one instance; the restart
 * and ownership tests stop it and run their own.
 */
public final class OffsetSyncInstance implements AutoCloseable {

	/** The test key, so that tests can store cluster secrets the service reads. */
	public static final String SECRET_KEY = ServiceInstance.SECRET_KEY;

	/** Partitions of the test command topic. */
	public static final int COMMAND_PARTITIONS = ServiceInstance.COMMAND_PARTITIONS;

	private static OffsetSyncInstance shared;

	private final ServiceInstance instance;

	private OffsetSyncInstance(ServiceInstance instance) {
		this.instance = instance;
	}

	/** The instance most tests share, started on first use. */
	public static synchronized OffsetSyncInstance shared() {
		if (shared == null || !shared.instance.isActive()) {
			shared = start("shared");
		}
		return shared;
	}

	/** Stops the shared instance (it starts again on next use). */
	public static synchronized void stopShared() {
		if (shared != null) {
			shared.close();
			shared = null;
		}
	}

	/**
	 * Starts an instance.
	 * @param instanceId its id in logs and client ids
	 * @return the running instance
	 */
	public static OffsetSyncInstance start(String instanceId) {
		return new OffsetSyncInstance(ServiceInstance.start(OffsetSyncApplication.class, "clusterlink.offset-sync",
				TestKafka.destinationBootstrap(), instanceId));
	}

	public ConfigurableApplicationContext context() {
		return this.instance.context();
	}

	/** The HTTP port of the actuator. */
	public int port() {
		return this.instance.port();
	}

	@Override
	public void close() {
		this.instance.close();
	}

	/** Creates the command topic on the control cluster unless it exists. */
	public static void ensureCommandTopic() {
		ServiceInstance.ensureCommandTopic(TestKafka.destinationBootstrap());
	}

}
