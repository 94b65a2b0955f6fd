package dev.clusterlink.linkmanager.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.AclPlan;
import dev.clusterlink.acl.AclSyncMode;
import dev.clusterlink.acl.OwnedAcl;
import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.cluster.ClusterUnavailableException;
import dev.clusterlink.linkmanager.link.LinkAclGuard;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.RequestContext;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AclReads;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The ACL feature's part in link and mirror changes (DESIGN.md §7): plans a link's next
 * ACL sync round the way the ACL sync service does, refuses full ACL sync that nobody
 * reviewed, and removes a link's ACLs from the destination when the link or a mirror is
 * deleted.
 *
 * <p>
 * The review token is a digest of the ACL changes ({@link AclPlan#changeDigest}) the
 * configs would make: {@code POST /links/{link}/acls/diff} shows the changes and the
 * token, and the config change carries it back. A token is accepted only if the same
 * changes are still what the new configs give, so a source or destination that moved on
 * since the review makes the caller review again.
 */
@Component
class AclReview implements LinkAclGuard {

	private static final Logger log = LoggerFactory.getLogger(AclReview.class);

	private final ClusterGateway gateway;

	private final AclLedger ledger;

	private final AuditLog audit;

	AclReview(ClusterGateway gateway, AclLedger ledger, AuditLog audit) {
		this.gateway = gateway;
		this.ledger = ledger;
		this.audit = audit;
	}

	/**
	 * The next ACL sync round of a link with these configs, planned from both clusters,
	 * its ledger and its mirrors, as the ACL sync service plans it. Changes nothing.
	 * @param link the link
	 * @param config the configs to plan with (the link's, or proposed ones)
	 * @return the plan
	 * @throws ClusterUnavailableException naming the side that cannot serve ACL reads
	 */
	AclPlan plan(LinkView link, LinkConfig config) {
		Collection<AclBinding> sourceAcls = read("source", () -> this.gateway.call(link.sourceClusterId(),
				(admin) -> AclReads.source(admin, config.aclFilters())));
		Collection<AclBinding> destinationAcls = read("destination",
				() -> this.gateway.call(link.destinationClusterId(), AclReads::destination));
		return AclPlan.of(config, sourceAcls, destinationAcls, this.ledger.owned(link.id()),
				this.ledger.mirroredTopics(link.id()));
	}

	@Override
	public void checkReviewed(@Nullable LinkView link, String linkName, Map<String, String> before,
			Map<String, String> after, @Nullable String reviewToken) {
		if (!needsReview(before, after)) {
			return;
		}
		if (link == null) {
			throw refused(linkName, new ApiException(ProblemType.ACL_DIFF_NOT_REVIEWED,
					"a link cannot be created with full ACL sync: create it with acl.sync.mode=read-replica or "
							+ "acl.sync.enable=false, review POST /api/v1/links/" + linkName
							+ "/acls/diff with the change, then make it with the reviewToken in the Acl-Diff-Token "
							+ "header"));
		}
		if (reviewToken == null || reviewToken.isBlank()) {
			throw refused(linkName, new ApiException(ProblemType.ACL_DIFF_NOT_REVIEWED,
					"full ACL sync copies WRITE, DENY, cluster and transactional-id ACLs: review its changes with "
							+ "POST /api/v1/links/" + linkName
							+ "/acls/diff (body: the same config changes) and send its reviewToken in the "
							+ "Acl-Diff-Token header"));
		}
		String now = plan(link, LinkConfig.of(after)).changeDigest(link.id());
		if (!now.equals(reviewToken.trim())) {
			throw refused(linkName, new ApiException(ProblemType.ACL_DIFF_CHANGED,
					"the ACL changes of this config change are no longer those reviewed (the source, the "
							+ "destination, the link's mirrors or the configs changed): review POST /api/v1/links/"
							+ linkName + "/acls/diff again"));
		}
		log.info("link {}: full ACL sync change reviewed (token {})", linkName, now.substring(0, 12));
	}

	/**
	 * Whether new configs need a reviewed diff: they sync ACLs in full mode, and either
	 * did not before or change what is copied.
	 */
	static boolean needsReview(Map<String, String> before, Map<String, String> after) {
		if (!syncsInFull(after)) {
			return false;
		}
		return !syncsInFull(before) || !aclScope(before).equals(aclScope(after));
	}

	private static boolean syncsInFull(Map<String, String> configs) {
		LinkConfig config = LinkConfig.of(configs);
		return config.aclSync() && AclSyncMode.of(config) == AclSyncMode.FULL;
	}

	private static Map<String, String> aclScope(Map<String, String> configs) {
		Map<String, String> scope = new TreeMap<>();
		configs.forEach((key, value) -> {
			if (key.startsWith("acl.") || key.equals("cluster.link.prefix")) {
				scope.put(key, value);
			}
		});
		return scope;
	}

	/** Audits a refused change in a transaction of its own, and returns the refusal. */
	private ApiException refused(String linkName, ApiException refusal) {
		refusal.with("link", linkName);
		String method = "PATCH";
		String path = "/api/v1/links/" + linkName + "/configs";
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			method = request.getMethod();
			path = request.getRequestURI().substring(request.getContextPath().length());
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("problem", refusal.type().code());
		details.put("link", linkName);
		this.audit.recordRefusal(RequestContext.current().actor(), method, path, refusal.type().status().value(),
				details);
		log.info("refused {} {}: {}", method, path, refusal.type().code());
		return refusal;
	}

	@Override
	public int removeLinkAcls(LinkView link) {
		List<AclBinding> owned = this.ledger.owned(link.id()).stream().map(OwnedAcl::binding).toList();
		return remove(link, owned, this.ledger.denyWriteAcls(link.id(), null), "link deleted");
	}

	@Override
	public int removeMirrorAcls(LinkView link, UUID mirrorId, String mirrorTopic) {
		List<AclBinding> owned = this.ledger.owned(link.id())
			.stream()
			.map(OwnedAcl::binding)
			.filter((binding) -> binding.pattern().resourceType() == ResourceType.TOPIC
					&& binding.pattern().patternType() == PatternType.LITERAL
					&& binding.pattern().name().equals(mirrorTopic))
			.toList();
		return remove(link, owned, this.ledger.denyWriteAcls(link.id(), mirrorId),
				"mirror '" + mirrorTopic + "' deleted");
	}

	/**
	 * Removes ACLs the link made, that are on the destination, with one exact filter each
	 * (so nothing else can match), then audits each one removed.
	 */
	private int remove(LinkView link, List<AclBinding> owned, List<AclBinding> denyWrite, String reason) {
		if (owned.isEmpty() && denyWrite.isEmpty()) {
			return 0;
		}
		Set<AclBinding> present = new HashSet<>(
				read("destination", () -> this.gateway.call(link.destinationClusterId(), AclReads::destination)));
		List<AclBinding> gone = owned.stream().filter((binding) -> !present.contains(binding)).toList();
		if (!gone.isEmpty()) {
			// removed by hand already: nothing to remove, nothing changes on the
			// destination
			this.ledger.forget(link.id(), gone);
		}
		Set<AclBinding> ownedPresent = new LinkedHashSet<>(owned);
		ownedPresent.retainAll(present);
		Set<AclBinding> denyPresent = new LinkedHashSet<>(denyWrite);
		denyPresent.retainAll(present);
		denyPresent.removeAll(ownedPresent);
		List<AclBinding> toRemove = new ArrayList<>(ownedPresent);
		toRemove.addAll(denyPresent);
		if (toRemove.isEmpty()) {
			return 0;
		}
		AclLedger.AuditContext context = new AclLedger.AuditContext(link.id(), link.name(), link.version(),
				RequestContext.current().actor(), RequestContext.current().requestId());
		Collection<AclBinding> removed;
		try {
			removed = read("destination", () -> this.gateway.call(link.destinationClusterId(),
					(admin) -> admin.deleteAcls(toRemove.stream().map(AclBinding::toFilter).toList()).all()));
		}
		catch (ClusterUnavailableException ex) {
			// some may be gone already: audit those, then refuse the deletion
			auditWhatIsGone(link, context, ownedPresent, denyPresent, reason);
			throw ex;
		}
		return audit(context, ownedPresent, denyPresent, new HashSet<>(removed), reason);
	}

	private void auditWhatIsGone(LinkView link, AclLedger.AuditContext context, Set<AclBinding> owned,
			Set<AclBinding> denyWrite, String reason) {
		try {
			Set<AclBinding> still = new HashSet<>(
					this.gateway.call(link.destinationClusterId(), AclReads::destination));
			Set<AclBinding> removed = new HashSet<>(owned);
			removed.addAll(denyWrite);
			removed.removeAll(still);
			audit(context, owned, denyWrite, removed, reason);
		}
		catch (RuntimeException ex) {
			log.warn("link {}: ACLs removed before a failure may be unaudited: {}", link.name(), ex.getMessage());
		}
	}

	private int audit(AclLedger.AuditContext context, Set<AclBinding> owned, Set<AclBinding> denyWrite,
			Set<AclBinding> removed, String reason) {
		List<AclBinding> ownedRemoved = owned.stream().filter(removed::contains).toList();
		List<AclBinding> denyRemoved = denyWrite.stream().filter(removed::contains).toList();
		int audited = this.ledger.recordRemoved(context, ownedRemoved, reason, "acl-sync")
				+ this.ledger.recordRemoved(context, denyRemoved, reason, "read-only-guard");
		ownedRemoved.forEach((binding) -> log.info("link {}: removed {} ({})", context.linkName(),
				AclBindings.describe(binding), reason));
		denyRemoved.forEach((binding) -> log.info("link {}: removed {} ({})", context.linkName(),
				AclBindings.describe(binding), reason));
		return audited;
	}

	private static <T> T read(String side, Supplier<T> read) {
		try {
			return read.get();
		}
		catch (ClusterUnavailableException ex) {
			// e.g. SecurityDisabledException (no authorizer),
			// ClusterAuthorizationException
			throw ex.with("side", side);
		}
	}

}
