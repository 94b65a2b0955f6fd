package dev.clusterlink.linkmanager.mirror;

import java.util.List;
import java.util.UUID;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
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
	 * Denies every writer the topic.
	 * @param clusterId the old source cluster
	 * @param topic the old source topic
	 * @return whether it is closed; {@code false} when the cluster has no authorizer or
	 * does not let the link change ACLs
	 */
	boolean close(UUID clusterId, String topic) {
		return this.gateway.call(clusterId, (admin) -> {
			// no authorizer is an answer here, not a failure
			KafkaFutureImpl<Boolean> closed = new KafkaFutureImpl<>();
			admin.createAcls(List.of(binding(topic))).all().whenComplete((done, failure) -> {
				if (failure == null) {
					closed.complete(true);
				}
				else if (KafkaErrors.unwrap(failure) instanceof SecurityDisabledException
						|| KafkaErrors.unwrap(failure) instanceof ClusterAuthorizationException) {
					closed.complete(false);
				}
				else {
					closed.completeExceptionally(failure);
				}
			});
			return closed;
		});
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
