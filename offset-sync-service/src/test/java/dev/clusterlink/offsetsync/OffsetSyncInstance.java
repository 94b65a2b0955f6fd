package dev.clusterlink.offsetsync;

import dev.clusterlink.testsupport.ServiceInstance;
import dev.clusterlink.testsupport.TestKafka;

/**
 * Running offset sync services for integration tests ({@link ServiceInstance}), with the
 * destination broker as the control cluster. Most tests share one instance; the restart
 * and ownership tests stop it and run their own.
 */
public final class OffsetSyncInstance {

	/** The test key, so that tests can store cluster secrets the service reads. */
	public static final String SECRET_KEY = ServiceInstance.SECRET_KEY;

	/** Partitions of the test command topic. */
	public static final int COMMAND_PARTITIONS = ServiceInstance.COMMAND_PARTITIONS;

	private static final ServiceInstance.Shared SHARED = new ServiceInstance.Shared(() -> start("shared"));

	private OffsetSyncInstance() {
	}

	/** The instance most tests share, started on first use. */
	public static ServiceInstance shared() {
		return SHARED.get();
	}

	/** Stops the shared instance (it starts again on next use). */
	public static void stopShared() {
		SHARED.stop();
	}

	/**
	 * Starts an instance.
	 * @param instanceId its id in logs and client ids
	 * @return the running instance
	 */
	public static ServiceInstance start(String instanceId) {
		return ServiceInstance.start(OffsetSyncApplication.class, "clusterlink.offset-sync",
				TestKafka.destinationBootstrap(), instanceId);
	}

	/** Creates the command topic on the control cluster unless it exists. */
	public static void ensureCommandTopic() {
		ServiceInstance.ensureCommandTopic(TestKafka.destinationBootstrap());
	}

}
