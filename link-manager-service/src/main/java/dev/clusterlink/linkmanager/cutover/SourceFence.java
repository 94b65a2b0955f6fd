package dev.clusterlink.linkmanager.cutover;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import org.springframework.stereotype.Component;

/** DENY WRITE ACLs on a source cluster's topics: read, create, delete. */
@Component
class SourceFence {

	private final ClusterGateway gateway;

	SourceFence(ClusterGateway gateway) {
		this.gateway = gateway;
	}

	static AclBinding binding(CutoverResponse.FenceAcl acl) {
		return new AclBinding(new ResourcePattern(ResourceType.TOPIC, acl.topic(), PatternType.LITERAL),
				new AccessControlEntry(acl.principal(), "*", AclOperation.WRITE, AclPermissionType.DENY));
	}

	/**
	 * The DENY WRITE ACLs among {@code wanted} that the source has already, or empty when
	 * it has no authorizer (it then cannot be fenced).
	 * @throws dev.clusterlink.linkmanager.cluster.ClusterUnavailableException when it
	 * does not answer or refuses
	 */
	Optional<Set<CutoverResponse.FenceAcl>> existing(UUID sourceClusterId,
			Collection<CutoverResponse.FenceAcl> wanted) {
		AclBindingFilter denyWrites = new AclBindingFilter(
				new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.LITERAL),
				new AccessControlEntryFilter(null, null, AclOperation.WRITE, AclPermissionType.DENY));
		Optional<Collection<AclBinding>> found = this.gateway.call(sourceClusterId, (admin) -> {
			// no authorizer is an answer here, not a failure
			KafkaFutureImpl<Optional<Collection<AclBinding>>> result = new KafkaFutureImpl<>();
			admin.describeAcls(denyWrites).values().whenComplete((acls, failure) -> {
				if (failure == null) {
					result.complete(Optional.of(acls));
				}
				else if (KafkaErrors.unwrap(failure) instanceof SecurityDisabledException) {
					result.complete(Optional.empty());
				}
				else {
					result.completeExceptionally(failure);
				}
			});
			return result;
		});
		return found.map((acls) -> {
			Set<AclBinding> present = Set.copyOf(acls);
			return wanted.stream().filter((acl) -> present.contains(binding(acl))).collect(Collectors.toSet());
		});
	}

	void create(UUID sourceClusterId, List<CutoverResponse.FenceAcl> acls) {
		if (acls.isEmpty()) {
			return;
		}
		List<AclBinding> bindings = acls.stream().map(SourceFence::binding).toList();
		this.gateway.call(sourceClusterId, (admin) -> admin.createAcls(bindings).all());
	}

	void delete(UUID sourceClusterId, List<CutoverResponse.FenceAcl> acls) {
		if (acls.isEmpty()) {
			return;
		}
		List<AclBindingFilter> filters = acls.stream().map((acl) -> binding(acl).toFilter()).toList();
		this.gateway.call(sourceClusterId, (admin) -> admin.deleteAcls(filters).all());
	}

}
