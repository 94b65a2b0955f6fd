package dev.clusterlink.runtime.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.clusterlink.filter.AclFilter;
import dev.clusterlink.filter.AclFilters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

/**
 * The two Admin API reads of an ACL sync round, shared by the service and the link
 * manager's dry run. Both need DESCRIBE on the cluster resource; a cluster without an
 * authorizer fails them with {@code SecurityDisabledException}.
 */
public final class AclReads {

	private AclReads() {
	}

	/** Every DENY ACL: read-replica must not copy an ALLOW that one of them shadows. */
	static final AclBindingFilter EVERY_DENY = new AclBindingFilter(ResourcePatternFilter.ANY,
			new AccessControlEntryFilter(null, null, AclOperation.ANY, AclPermissionType.DENY));

	/**
	 * The source ACLs the filters select, and every source DENY ACL whatever the filters
	 * select (the translator uses them to find ALLOWs a DENY shadows, and translates only
	 * what the filters select): one {@code describeAcls} per filter plus one, merged.
	 * @param source an Admin client of the source
	 * @param filters {@code acl.filters}
	 * @return the ACLs (no duplicates)
	 */
	public static KafkaFuture<Collection<AclBinding>> source(Admin source, AclFilters filters) {
		if (filters.isEmpty()) {
			return KafkaFuture.completedFuture(List.of());
		}
		List<AclBindingFilter> kafkaFilters = new ArrayList<>(
				filters.filters().stream().map(AclFilter::toKafka).toList());
		kafkaFilters.add(EVERY_DENY);
		List<KafkaFuture<Collection<AclBinding>>> reads = kafkaFilters.stream()
			.map((filter) -> source.describeAcls(filter).values())
			.toList();
		return KafkaFuture.allOf(reads.toArray(KafkaFuture[]::new)).thenApply((done) -> {
			Set<AclBinding> merged = new LinkedHashSet<>();
			// every read is complete here, join() does not block
			reads.forEach((read) -> merged.addAll(read.toCompletionStage().toCompletableFuture().join()));
			return List.copyOf(merged);
		});
	}

	/**
	 * Every ACL of the destination: the diff needs the ones the link created and those
	 * that exist already.
	 * @param destination an Admin client of the destination
	 * @return all its ACLs
	 */
	public static KafkaFuture<Collection<AclBinding>> destination(Admin destination) {
		return destination.describeAcls(AclBindingFilter.ANY).values();
	}

}
