package dev.clusterlink.aclsync;

import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.ServiceInstance;

/**
 * Running ACL sync services for integration tests ({@link ServiceInstance}), with the
 * authorizer destination as the control cluster. Most tests share one instance; the
 * restart test stops it and runs its own.
 */
public final class AclSyncInstance {

	/** The test key, so that tests can store cluster secrets the service reads. */
	public static final String SECRET_KEY = ServiceInstance.SECRET_KEY;

	private static final ServiceInstance.Shared SHARED = new ServiceInstance.Shared(() -> start("shared"));

	private AclSyncInstance() {
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
		return ServiceInstance.start(AclSyncApplication.class, "clusterlink.acl-sync",
				AuthorizerKafka.destinationBootstrap(), instanceId);
	}

	/** Creates the command topic on the control cluster unless it exists. */
	public static void ensureCommandTopic() {
		ServiceInstance.ensureCommandTopic(AuthorizerKafka.destinationBootstrap());
	}

}
