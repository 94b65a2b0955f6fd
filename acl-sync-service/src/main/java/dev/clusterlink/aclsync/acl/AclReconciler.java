package dev.clusterlink.aclsync.acl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * One ACL sync round of one link: desired → actual → diff → apply → remember. Reads the
 * link again from the state store, the source ACLs its filters select and every
 * destination ACL, plans with shared-model's {@link AclPlan} (the code behind the link
 * manager's dry run), then applies the plan with one {@code createAcls} and one
 * {@code deleteAcls} call. The ledger is written before a creation (PENDING) and after it
 * (CREATED, audited), and after a deletion (row removed, audited), so a round cut short
 * at any point is settled by the next one.
 */
@Component
class AclReconciler {

	/** The actor of this service's audit rows. */
	static final String ACTOR = "acl-sync";

	private static final Logger log = LoggerFactory.getLogger(AclReconciler.class);

	private final StateStoreReader reader;

	private final AclLedger ledger;

	private final ClusterAdmins admins;

	private final AclSyncProperties properties;

	AclReconciler(StateStoreReader reader, AclLedger ledger, ClusterAdmins admins, AclSyncProperties properties) {
		this.reader = reader;
		this.ledger = ledger;
		this.admins = admins;
		this.properties = properties;
	}

	ReconcileResult reconcile(UUID linkId) {
		Optional<LinkRow> found = this.reader.link(linkId);
		if (found.isEmpty()) {
			return new ReconcileResult.Gone();
		}
		LinkRow link = found.get();
		if (link.paused()) {
			return new ReconcileResult.Idle(TaskState.PAUSED, "the link is paused");
		}
		LinkConfig config = link.config();
		if (!config.aclSync()) {
			return new ReconcileResult.Idle(TaskState.NOT_CONFIGURED, "acl.sync.enable is false");
		}
		Duration interval = config.aclSyncInterval();
		try {
			MDC.put("phase", "read");
			Target source = this.admins.get(link.sourceClusterId());
			Target destination = this.admins.get(link.destinationClusterId());
			Collection<AclBinding> sourceAcls = read(Side.SOURCE, source,
					AclReads.source(source.admin(), config.aclFilters()));
			Collection<AclBinding> destinationAcls = read(Side.DESTINATION, destination,
					AclReads.destination(destination.admin()));
			AclPlan plan = AclPlan.of(config, sourceAcls, destinationAcls, this.ledger.owned(link.id()));
			log.debug("plan({}): {} desired, {} skipped, {} to create, {} to delete, {} kept stale", link.name(),
					plan.translation().desired().size(), plan.translation().skipped().size(),
					plan.diff().toCreate().size(), plan.diff().toDelete().size(), plan.diff().staleKept().size());
			if (plan.diff().isEmpty()) {
				return new ReconcileResult.Noop(interval);
			}
			MDC.put("phase", "apply");
			return apply(link, plan.diff(), destination, interval);
		}
		catch (RoundFailure failure) {
			return new ReconcileResult.Failed(failure.state, failure.getMessage(), 0, 0, interval);
		}
	}

	private ReconcileResult apply(LinkRow link, AclDiff diff, Target destination, Duration interval) {
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
		added += created.count();
		RoundFailure failure = (created.failure() != null) ? created.failure() : deleted.failure();
		if (failure != null) {
			return new ReconcileResult.Failed(failure.state, failure.getMessage(), added, deleted.count(), interval);
		}
		return new ReconcileResult.Changed(added, deleted.count(), interval);
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
				RoundFailure classified = classify(Side.DESTINATION, "createAcls", destination, ex);
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
		return new Applied(confirmed, failure);
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
				RoundFailure classified = classify(Side.DESTINATION, "deleteAcls", destination, ex);
				failure = (failure != null) ? failure : classified;
				log.warn("link {}: deleteAcls {} failed: {}", audit.linkName(), result.getKey(),
						classified.getMessage());
			}
		}
		return new Applied(this.ledger.recordDeleted(audit, deleted), failure);
	}

	private Collection<AclBinding> read(Side side, Target target, KafkaFuture<Collection<AclBinding>> read) {
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
	 * Names the failure the way an operator fixes it; the wording of the first two is
	 * what the link shows.
	 */
	static RoundFailure classify(Side side, String operation, Target target, Exception failure) {
		if (failure instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return new RoundFailure(TaskState.UNAVAILABLE, operation + " on the " + side.word + " was interrupted");
		}
		Throwable cause = KafkaErrors.unwrap(failure);
		String described = target.describe(failure);
		String permission = operation.equals("describeAcls") ? "DESCRIBE" : "ALTER";
		return switch (cause) {
			case SecurityDisabledException disabled ->
				new RoundFailure(TaskState.UNAVAILABLE, side.word + " has no authorizer (cluster '" + target.name()
						+ "' answered " + operation + " with " + described + ")");
			case ClusterAuthorizationException denied -> new RoundFailure(TaskState.UNAVAILABLE,
					side.word + " denies " + permission + " on cluster ACLs (cluster '" + target.name() + "', "
							+ operation + "): grant the link's principal " + permission + " on the cluster resource");
			case AuthenticationException auth -> new RoundFailure(TaskState.UNAVAILABLE,
					side.word + " cluster '" + target.name() + "' refused the credentials: " + described);
			case RetriableException retriable -> new RoundFailure(TaskState.UNAVAILABLE,
					side.word + " cluster '" + target.name() + "' unavailable (" + operation + "): " + described);
			case java.util.concurrent.TimeoutException timeout -> new RoundFailure(TaskState.UNAVAILABLE,
					side.word + " cluster '" + target.name() + "' did not answer " + operation + " in time");
			default -> new RoundFailure(TaskState.IN_ERROR,
					operation + " on the " + side.word + " cluster '" + target.name() + "' failed: " + described);
		};
	}

	/** A timeout: the cluster may or may not have applied the call. */
	private static boolean isUnknownOutcome(Exception failure) {
		Throwable cause = KafkaErrors.unwrap(failure);
		return cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException
				|| failure instanceof InterruptedException;
	}

	/** What one of the two calls changed, and how it failed if it did. */
	private record Applied(int count, @Nullable RoundFailure failure) {

		static final Applied NOTHING = new Applied(0, null);

	}

	/** Which cluster of the link a call went to. */
	enum Side {

		SOURCE("source"), DESTINATION("destination");

		private final String word;

		Side(String word) {
			this.word = word;
		}

	}

	/** A round stopped: the state the link task goes to and why. */
	static final class RoundFailure extends RuntimeException {

		private final TaskState state;

		RoundFailure(TaskState state, String reason) {
			super(reason, null, false, false);
			this.state = state;
		}

		TaskState state() {
			return this.state;
		}

	}

}
