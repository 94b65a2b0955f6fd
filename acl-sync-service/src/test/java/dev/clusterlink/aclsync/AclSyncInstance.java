package dev.clusterlink.aclsync;

import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.ServiceInstance;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running ACL sync service for integration tests ({@link ServiceInstance}), with the
 * authorizer destination as the control cluster. Most tests share one instance; the
 * restart test stops it and runs its own.
 */
public final class AclSyncInstance implements AutoCloseable {

	/** The test key, so that tests can store cluster secrets the service reads. */
	public static final String SECRET_KEY = ServiceInstance.SECRET_KEY;

	private static AclSyncInstance shared;

	private final ServiceInstance instance;

	private AclSyncInstance(ServiceInstance instance) {
		this.instance = instance;
	}

	/** The instance most tests share, started on first use. */
	public static synchronized AclSyncInstance shared() {
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
	public static AclSyncInstance start(String instanceId) {
		return new AclSyncInstance(ServiceInstance.start(AclSyncApplication.class, "clusterlink.acl-sync",
				AuthorizerKafka.destinationBootstrap(), instanceId));
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
		ServiceInstance.ensureCommandTopic(AuthorizerKafka.destinationBootstrap());
	}

}
