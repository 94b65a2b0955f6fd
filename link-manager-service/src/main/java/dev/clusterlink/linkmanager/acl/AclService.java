package dev.clusterlink.linkmanager.acl;

import java.util.List;
import java.util.Map;

import dev.clusterlink.acl.AclDiff;
import dev.clusterlink.acl.AclPlan;
import dev.clusterlink.acl.AclSyncMode;
import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.config.LinkConfigs;
import dev.clusterlink.linkmanager.cluster.ClusterUnavailableException;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.runtime.acl.AclLedger;
import org.apache.kafka.common.acl.AclBinding;

import org.springframework.stereotype.Service;

/**
 * A link's ACL sync as the API shows it: the ACLs the link created, and a dry run of its
 * next round, with the link's configs or proposed ones. The dry run reads both clusters
 * and the link's mirrors the way the ACL sync service does and plans with the same code
 * ({@link AclPlan}); it changes nothing.
 */
@Service
class AclService {

	private final LinkService links;

	private final AclReview review;

	private final AclLedger ledger;

	AclService(LinkService links, AclReview review, AclLedger ledger) {
		this.links = links;
		this.review = review;
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
		return response(link, link.config(), this.review.plan(link, link.config()));
	}

	/**
	 * What the next round would add and delete if the link's configs were changed: the
	 * dry run of a config change, and the review token that lets an admin make it when it
	 * turns full ACL sync on.
	 * @param linkName the link
	 * @param changes config changes as a JSON merge patch ({@code null} resets a key)
	 * @return the diff and its review token
	 * @throws ClusterUnavailableException when a cluster cannot serve ACL sync
	 */
	AclDiffResponse preview(String linkName, Map<String, Object> changes) {
		LinkView link = this.links.view(linkName);
		Map<String, String> configs = LinkService.merged(link.configs(), changes);
		LinkConfigs.checkUpdate(link.configs(), configs);
		LinkConfig config = LinkConfig.of(configs);
		return response(link, config, this.review.plan(link, config));
	}

	private static AclDiffResponse response(LinkView link, LinkConfig config, AclPlan plan) {
		AclDiff diff = plan.diff();
		return new AclDiffResponse(link.name(), config.aclSync(), plan.mode().configValue(), config.aclSyncDelete(),
				diff.toCreate().stream().map(AclEntryResponse::of).toList(), entries(diff.toDelete()),
				entries(diff.staleKept()), entries(diff.toConfirm()), entries(diff.toForget()),
				plan.translation().skipped().stream().map(SkippedAclResponse::of).toList(), diff.unchanged(),
				plan.changeDigest(link.id()));
	}

	private static List<AclEntryResponse> entries(List<AclBinding> bindings) {
		return bindings.stream().map(AclEntryResponse::of).toList();
	}

}
