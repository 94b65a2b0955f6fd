package dev.clusterlink.linkmanager.mirror;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import org.springframework.stereotype.Component;

/**
 * Closes the old source topic to every writer while a reverse after a disaster archives
 * what it holds and deletes it (DESIGN.md §5): without it, a record written between the
 * last look at the topic's ends and its deletion would be deleted unarchived. A DENY
 * WRITE for {@code User:*} on the topic's literal name, created before the final look and
 * removed once the topic is gone, before the reverse mirror recreates it. A cluster
 * without an authorizer cannot be closed; the archive's growth check is then all there
 * is, and the reverse says so.
 */
@Component
class LeftBehindFence {

	private final ClusterGateway gateway;

	LeftBehindFence(ClusterGateway gateway) {
		this.gateway = gateway;
	}

	/**
	 * How long a fence is given to reach every broker, and acknowledged writes their
	 * replicas.
	 */
	static final Duration SETTLE = Duration.ofSeconds(3);

	/** What {@link #close} found and did. */
	enum Closed {

		/** The fence was created here: lift it when done. */
		CREATED,

		/**
		 * The same ACL was there already (an operator's): closed, but not ours to lift.
		 */
		PRESENT,

		/** The cluster has no authorizer, or does not let the link change ACLs. */
		UNAVAILABLE;

		boolean fenced() {
			return this != UNAVAILABLE;
		}

	}

	/**
	 * Denies every writer the topic. A failure to create it leaves no fence: what may
	 * have been created is removed again before the failure is thrown (a failure to
	 * remove it is attached to it).
	 * @param clusterId the old source cluster
	 * @param topic the old source topic
	 * @return whether it is closed, and by whom
	 */
	Closed close(UUID clusterId, String topic) {
		AclBinding fence = binding(topic);
		Optional<Collection<AclBinding>> present = this.gateway.call(clusterId,
				(admin) -> orUnavailable(admin.describeAcls(fence.toFilter()).values()));
		if (present.isEmpty()) {
			return Closed.UNAVAILABLE;
		}
		if (present.get().contains(fence)) {
			return Closed.PRESENT;
		}
		try {
			Optional<Boolean> created = this.gateway.call(clusterId,
					(admin) -> orUnavailable(admin.createAcls(List.of(fence)).all().thenApply((done) -> true)));
			return created.isPresent() ? Closed.CREATED : Closed.UNAVAILABLE;
		}
		catch (RuntimeException ex) {
			try {
				// createAcls may have been applied although its answer was lost
				lift(clusterId, topic);
			}
			catch (RuntimeException liftFailure) {
				ex.addSuppressed(liftFailure);
			}
			throw ex;
		}
	}

	/**
	 * Waits {@link #SETTLE}: until then a broker may still take a write the fence would
	 * refuse, and a write it acknowledged may still be above the high watermark that the
	 * archive reads.
	 */
	void settle() {
		try {
			Thread.sleep(SETTLE);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the write fence settled", ex);
		}
	}

	/** The answer, or empty when the cluster cannot do ACLs for the link. */
	private static <T> KafkaFuture<Optional<T>> orUnavailable(KafkaFuture<T> call) {
		KafkaFutureImpl<Optional<T>> result = new KafkaFutureImpl<>();
		call.whenComplete((value, failure) -> {
			if (failure == null) {
				result.complete(Optional.ofNullable(value));
			}
			else if (KafkaErrors.unwrap(failure) instanceof SecurityDisabledException
					|| KafkaErrors.unwrap(failure) instanceof ClusterAuthorizationException) {
				result.complete(Optional.empty());
			}
			else {
				result.completeExceptionally(failure);
			}
		});
		return result;
	}

	/**
	 * Removes what {@link #close} created.
	 * @param clusterId the old source cluster
	 * @param topic the old source topic
	 */
	void lift(UUID clusterId, String topic) {
		this.gateway.call(clusterId, (admin) -> admin.deleteAcls(List.of(binding(topic).toFilter())).all());
	}

	static AclBinding binding(String topic) {
		return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
				new AccessControlEntry("User:*", "*", AclOperation.WRITE, AclPermissionType.DENY));
	}

}
