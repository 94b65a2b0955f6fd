package dev.clusterlink.aclsync.acl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.AclDiff;
import dev.clusterlink.acl.AclPlan;
import dev.clusterlink.aclsync.AclSyncProperties;
import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AclReads;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.kafka.ClusterAdmins.Target;
import dev.clusterlink.runtime.kafka.ClusterSide;
import dev.clusterlink.runtime.task.FailureClassifier;
import dev.clusterlink.runtime.task.LinkTaskReconciler;
import dev.clusterlink.runtime.task.RoundResult;
import dev.clusterlink.runtime.task.TaskState;
import dev.clusterlink.store.LinkRow;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * One ACL sync round of one link: desired → actual → diff → apply → remember. Reads the
 * source ACLs the link's filters select (and the source's DENYs), every destination ACL
 * and the link's mirrors (the runtime has read the link again), plans with shared-model's
 * {@link AclPlan} (the code behind the link manager's dry run), then applies the plan
 * with one {@code createAcls} and one {@code deleteAcls} call. The ledger is written
 * before a creation (PENDING) and after it (CREATED, audited), and after a deletion (row
 * removed, audited), so a round cut short at any point is settled by the next one.
 */
@Component
class AclReconciler implements LinkTaskReconciler {

	/** The actor of this service's audit rows. */
	static final String ACTOR = "acl-sync";

	private static final Logger log = LoggerFactory.getLogger(AclReconciler.class);

	private final AclLedger ledger;

	private final ClusterAdmins admins;

	private final AclSyncProperties properties;

	AclReconciler(AclLedger ledger, ClusterAdmins admins, AclSyncProperties properties) {
		this.ledger = ledger;
		this.admins = admins;
		this.properties = properties;
	}

	@Override
	public RoundResult reconcile(LinkRound round) {
		Counter added = round.meters().counter("added", "ACLs created on the destination");
		Counter deleted = round.meters().counter("deleted", "ACLs deleted from the destination");
		LinkRow link = round.link();
		LinkConfig config = link.config();
		if (!config.aclSync()) {
			return new RoundResult.Idle(TaskState.NOT_CONFIGURED, "acl.sync.enable is false");
		}
		Duration interval = config.aclSyncInterval();
		try {
			MDC.put("phase", "read");
			Target source = this.admins.get(link.sourceClusterId());
			Target destination = this.admins.get(link.destinationClusterId());
			Collection<AclBinding> sourceAcls = read(ClusterSide.SOURCE, source,
					AclReads.source(source.admin(), config.aclFilters()));
			Collection<AclBinding> destinationAcls = read(ClusterSide.DESTINATION, destination,
					AclReads.destination(destination.admin()));
			AclPlan plan = AclPlan.of(config, sourceAcls, destinationAcls, this.ledger.owned(link.id()),
					this.ledger.mirroredTopics(link.id()));
			log.debug("plan({}): {} desired, {} skipped, {} to create, {} to delete, {} kept stale", link.name(),
					plan.translation().desired().size(), plan.translation().skipped().size(),
					plan.diff().toCreate().size(), plan.diff().toDelete().size(), plan.diff().staleKept().size());
			if (plan.diff().isEmpty()) {
				return new RoundResult.Noop(interval, plan.translation().desired().size() + " desired ACL(s) in step");
			}
			MDC.put("phase", "apply");
			Applied applied = apply(link, plan.diff(), destination);
			added.increment(applied.added());
			deleted.increment(applied.deleted());
			if (applied.failure() != null) {
				return applied.failure().classified.failed(interval);
			}
			return new RoundResult.Changed(interval, "added " + applied.added() + ", deleted " + applied.deleted());
		}
		catch (RoundFailure failure) {
			return failure.classified.failed(interval);
		}
	}

	/** Applies a plan: what it added, what it deleted, and the first failure if any. */
	private Applied apply(LinkRow link, AclDiff diff, Target destination) {
		AclLedger.AuditContext audit = new AclLedger.AuditContext(link.id(), link.name(), link.version(), ACTOR,
				"acl-sync-" + UUID.randomUUID());
		int added = 0;
		if (!diff.toConfirm().isEmpty()) {
			// created by a round that stopped before it could confirm
			added += this.ledger.confirmCreated(audit, diff.toConfirm());
		}
		if (!diff.toForget().isEmpty()) {
			this.ledger.forget(link.id(), diff.toForget());
			log.info("link {}: forgot {} owned ACL(s) gone from the destination and no longer wanted", link.name(),
					diff.toForget().size());
		}
		Applied created = create(audit, diff, destination);
		Applied deleted = delete(audit, diff.toDelete(), destination);
		added += created.added();
		RoundFailure failure = (created.failure() != null) ? created.failure() : deleted.failure();
		return new Applied(added, deleted.deleted(), failure);
	}

	/** One {@code createAcls} call; the ledger knows about each ACL before it exists. */
	private Applied create(AclLedger.AuditContext audit, AclDiff diff, Target destination) {
		if (diff.toCreate().isEmpty()) {
			return Applied.NOTHING;
		}
		this.ledger.recordPending(audit.linkId(), diff.toCreate());
		Map<AclBinding, KafkaFuture<Void>> results = destination.admin().createAcls(diff.createBindings()).values();
		List<AclBinding> created = new ArrayList<>();
		List<AclBinding> refused = new ArrayList<>();
		RoundFailure failure = null;
		for (Map.Entry<AclBinding, KafkaFuture<Void>> result : results.entrySet()) {
			try {
				await(result.getValue());
				created.add(result.getKey());
				log.info("link {}: created {}", audit.linkName(), AclBindings.describe(result.getKey()));
			}
			catch (Exception ex) {
				RoundFailure classified = classify(ClusterSide.DESTINATION, "createAcls", destination, ex);
				failure = (failure != null) ? failure : classified;
				log.warn("link {}: createAcls {} failed: {}", audit.linkName(), AclBindings.describe(result.getKey()),
						classified.getMessage());
				if (!isUnknownOutcome(ex)) {
					refused.add(result.getKey());
				}
				// an unknown outcome stays PENDING: the next round confirms or forgets it
			}
		}
		int confirmed = this.ledger.confirmCreated(audit, created);
		if (!refused.isEmpty()) {
			this.ledger.dropPending(audit.linkId(), refused);
		}
		if (confirmed < created.size()) {
			undoOrphans(audit, created, destination);
		}
		return new Applied(confirmed, 0, failure);
	}

	/**
	 * Deletes ACLs this round just created whose ledger row vanished meanwhile: the link
	 * manager deleted the link or the mirror (and removed the link's ACLs) between the
	 * round's {@code recordPending} and its {@code createAcls}. Nobody would own them
	 * otherwise. (Fewer confirmations alone are normal: another instance running the same
	 * link during a rebalance may have confirmed first; those rows still exist.)
	 */
	private void undoOrphans(AclLedger.AuditContext audit, List<AclBinding> created, Target destination) {
		Set<AclBinding> owned = new HashSet<>();
		this.ledger.owned(audit.linkId()).forEach((acl) -> owned.add(acl.binding()));
		List<AclBinding> orphans = created.stream().filter((binding) -> !owned.contains(binding)).toList();
		if (orphans.isEmpty()) {
			return;
		}
		try {
			await(destination.admin().deleteAcls(orphans.stream().map(AclBinding::toFilter).toList()).all());
			log.warn("link {}: deleted {} ACL(s) created while the link or its mirror was being deleted: {}",
					audit.linkName(), orphans.size(), orphans.stream().map(AclBindings::describe).toList());
		}
		catch (Exception ex) {
			log.warn("link {}: ACL(s) created while the link or its mirror was being deleted are left: {} ({})",
					audit.linkName(), orphans.stream().map(AclBindings::describe).toList(), ex.getMessage());
		}
	}

	/** One {@code deleteAcls} call with an exact filter per ACL. */
	private Applied delete(AclLedger.AuditContext audit, List<AclBinding> toDelete, Target destination) {
		if (toDelete.isEmpty()) {
			return Applied.NOTHING;
		}
		List<AclBindingFilter> filters = toDelete.stream().map(AclBinding::toFilter).toList();
		Map<AclBindingFilter, KafkaFuture<DeleteAclsResult.FilterResults>> results = destination.admin()
			.deleteAcls(filters)
			.values();
		List<AclBinding> deleted = new ArrayList<>();
		RoundFailure failure = null;
		for (Map.Entry<AclBindingFilter, KafkaFuture<DeleteAclsResult.FilterResults>> result : results.entrySet()) {
			try {
				for (DeleteAclsResult.FilterResult match : await(result.getValue()).values()) {
					if (match.exception() == null && match.binding() != null) {
						deleted.add(match.binding());
						log.info("link {}: deleted {}", audit.linkName(), AclBindings.describe(match.binding()));
					}
				}
			}
			catch (Exception ex) {
				RoundFailure classified = classify(ClusterSide.DESTINATION, "deleteAcls", destination, ex);
				failure = (failure != null) ? failure : classified;
				log.warn("link {}: deleteAcls {} failed: {}", audit.linkName(), result.getKey(),
						classified.getMessage());
			}
		}
		return new Applied(0, this.ledger.recordDeleted(audit, deleted), failure);
	}

	private Collection<AclBinding> read(ClusterSide side, Target target, KafkaFuture<Collection<AclBinding>> read) {
		try {
			return await(read);
		}
		catch (Exception ex) {
			throw classify(side, "describeAcls", target, ex);
		}
	}

	private <T> T await(KafkaFuture<T> future) throws Exception {
		return future.get(this.properties.adminTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
	}

	/**
	 * The shared classifier with this service's wording of a refused permission; the
	 * wording is what the link shows.
	 */
	static RoundFailure classify(ClusterSide side, String operation, Target target, Exception failure) {
		return new RoundFailure(FailureClassifier.classify(side, operation, target, failure, AclReconciler::denied));
	}

	private static String denied(ClusterSide side, @Nullable Target target, String operation, String described) {
		String permission = operation.equals("describeAcls") ? "DESCRIBE" : "ALTER";
		String cluster = (target != null) ? "cluster '" + target.name() + "', " : "";
		return side.word() + " denies " + permission + " on cluster ACLs (" + cluster + operation
				+ "): grant the link's principal " + permission + " on the cluster resource";
	}

	/** A timeout: the cluster may or may not have applied the call. */
	private static boolean isUnknownOutcome(Exception failure) {
		Throwable cause = KafkaErrors.unwrap(failure);
		return cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException
				|| failure instanceof InterruptedException;
	}

	/** What a round or one of its two calls changed, and how it failed if it did. */
	private record Applied(int added, int deleted, @Nullable RoundFailure failure) {

		static final Applied NOTHING = new Applied(0, 0, null);

	}

	/** A round stopped: the state the link task goes to and why. */
	static final class RoundFailure extends RuntimeException {

		private final FailureClassifier.Classified classified;

		RoundFailure(FailureClassifier.Classified classified) {
			super(classified.reason(), null, false, false);
			this.classified = classified;
		}

		TaskState state() {
			return this.classified.state();
		}

	}

}
