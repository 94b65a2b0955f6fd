package dev.clusterlink.linkmanager.acl;

import java.util.Collection;
import java.util.List;

import dev.clusterlink.acl.AclDiff;
import dev.clusterlink.acl.AclPlan;
import dev.clusterlink.acl.AclSyncMode;
import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.cluster.ClusterUnavailableException;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AclReads;
import org.apache.kafka.common.acl.AclBinding;

import org.springframework.stereotype.Service;

/**
 * A link's ACL sync as the API shows it: the ACLs the link created, and a dry run of its
 * next round. The dry run reads both clusters the way the ACL sync service does and plans
 * with the same code ({@link AclPlan}); it changes nothing.
 */
@Service
class AclService {

	private final LinkService links;

	private final ClusterGateway gateway;

	private final AclLedger ledger;

	AclService(LinkService links, ClusterGateway gateway, AclLedger ledger) {
		this.links = links;
		this.gateway = gateway;
		this.ledger = ledger;
	}

	/**
	 * A page of the destination ACLs a link created. Paged in memory: the ledger's order
	 * ({@code AclBindings.ORDER}) is computed in Java, not in the query.
	 * @param linkName the link
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return one page of its ledger
	 */
	LinkAclsResponse owned(String linkName, int page, int size) {
		LinkView link = this.links.view(linkName);
		LinkConfig config = link.config();
		return new LinkAclsResponse(link.name(), config.aclSync(), AclSyncMode.of(config).configValue(),
				config.aclSyncDelete(),
				Paging.inMemory(this.ledger.owned(link.id()).stream().map(OwnedAclResponse::of).toList(), page, size));
	}

	/**
	 * What the next round would add and delete.
	 * @param linkName the link
	 * @return the diff
	 * @throws ClusterUnavailableException when a cluster cannot serve ACL sync (not
	 * reachable, no authorizer, the link's principal may not describe ACLs)
	 */
	AclDiffResponse diff(String linkName) {
		LinkView link = this.links.view(linkName);
		LinkConfig config = link.config();
		Collection<AclBinding> sourceAcls = read("source", () -> this.gateway.call(link.sourceClusterId(),
				(admin) -> AclReads.source(admin, config.aclFilters())));
		Collection<AclBinding> destinationAcls = read("destination",
				() -> this.gateway.call(link.destinationClusterId(), AclReads::destination));
		AclPlan plan = AclPlan.of(config, sourceAcls, destinationAcls, this.ledger.owned(link.id()));
		AclDiff diff = plan.diff();
		return new AclDiffResponse(link.name(), config.aclSync(), plan.mode().configValue(), config.aclSyncDelete(),
				diff.toCreate().stream().map(AclEntryResponse::of).toList(), entries(diff.toDelete()),
				entries(diff.staleKept()), entries(diff.toConfirm()), entries(diff.toForget()),
				plan.translation().skipped().stream().map(SkippedAclResponse::of).toList(), diff.unchanged());
	}

	private static Collection<AclBinding> read(String side, java.util.function.Supplier<Collection<AclBinding>> read) {
		try {
			return read.get();
		}
		catch (ClusterUnavailableException ex) {
			// e.g. SecurityDisabledException (no authorizer),
			// ClusterAuthorizationException
			throw ex.with("side", side);
		}
	}

	private static List<AclEntryResponse> entries(List<AclBinding> bindings) {
		return bindings.stream().map(AclEntryResponse::of).toList();
	}

}
