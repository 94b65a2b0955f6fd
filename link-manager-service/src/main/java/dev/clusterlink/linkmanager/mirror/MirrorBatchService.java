package dev.clusterlink.linkmanager.mirror;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.ProblemSummary;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.model.MirrorAction;
import dev.clusterlink.model.MirrorState;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch mirror actions: one lifecycle request (or deletion) applied to each mirror of a
 * selection through the single-mirror code paths of {@link MirrorService}, so that each
 * mirror gets exactly the rules, the audit entry and the command it would get alone, in a
 * transaction of its own. There is no all-or-nothing: a refused mirror does not stop the
 * others, and every mirror gets a result.
 */
@Service
public class MirrorBatchService {

	private static final Logger log = LoggerFactory.getLogger(MirrorBatchService.class);

	private final MirrorService mirrors;

	private final LinkService links;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	MirrorBatchService(MirrorService mirrors, LinkService links, AuditLog audit, PlatformTransactionManager txManager) {
		this.mirrors = mirrors;
		this.links = links;
		this.audit = audit;
		this.transactions = new TransactionTemplate(txManager);
	}

	/** Options of a batch action; each applies to the actions that know it. */
	public record Options(boolean dryRun, boolean acknowledgeDataLoss, boolean deleteTopic, boolean keepAcls) {
	}

	/**
	 * The mirrors a selection picks on a link.
	 * @param linkName the link
	 * @param selection the selection
	 * @return the names, in the order they are handled
	 */
	public List<String> select(String linkName, MirrorSelection selection) {
		return selection.resolve(this.mirrors.names(linkName));
	}

	/**
	 * Applies a lifecycle request to every selected mirror.
	 * @param linkName the link
	 * @param selection the mirrors
	 * @param action the request
	 * @param options dry run, acknowledgeDataLoss
	 * @return the result per mirror
	 */
	public MirrorBatchResponse act(String linkName, MirrorSelection selection, MirrorAction action, Options options) {
		List<String> names = select(linkName, selection);
		List<MirrorBatchResult> results = new ArrayList<>(names.size());
		for (String name : names) {
			results.add(one(linkName, name, () -> {
				MirrorActionResponse response = this.mirrors.act(linkName, name, action, options.dryRun(),
						options.acknowledgeDataLoss(), null);
				return new MirrorBatchResult(name,
						options.dryRun() ? MirrorBatchResult.WOULD_APPLY : MirrorBatchResult.ACCEPTED,
						response.toState(), response, null);
			}));
		}
		return finish(linkName, selection, action.verb(), options, results);
	}

	/**
	 * Deletes every selected mirror, each as {@code DELETE …/mirrors/{mirror}} would.
	 * @param linkName the link
	 * @param selection the mirrors
	 * @param options dry run, deleteTopic, keepAcls
	 * @return the result per mirror
	 */
	public MirrorBatchResponse delete(String linkName, MirrorSelection selection, Options options) {
		List<String> names = select(linkName, selection);
		List<MirrorBatchResult> results = new ArrayList<>(names.size());
		for (String name : names) {
			results.add(one(linkName, name, () -> {
				if (options.dryRun()) {
					MirrorResponse mirror = this.mirrors.get(linkName, name);
					return new MirrorBatchResult(name, MirrorBatchResult.WOULD_APPLY, mirror.state(), null, null);
				}
				this.mirrors.delete(linkName, name, options.deleteTopic(), options.keepAcls(), null);
				return new MirrorBatchResult(name, MirrorBatchResult.ACCEPTED, null, null, null);
			}));
		}
		return finish(linkName, selection, "delete", options, results);
	}

	private MirrorBatchResult one(String linkName, String name, java.util.function.Supplier<MirrorBatchResult> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			ProblemSummary problem = ProblemSummary.of(ex);
			if (problem == null) {
				String reference = UUID.randomUUID().toString();
				log.error("batch action on mirror {}/{} failed (reference {})", linkName, name, reference, ex);
				problem = ProblemSummary.of(ProblemType.INTERNAL_ERROR,
						"internal error; the server log has details under reference " + reference,
						Map.of("reference", reference));
			}
			String outcome = (problem.status() >= 500) ? MirrorBatchResult.FAILED : MirrorBatchResult.REFUSED;
			return new MirrorBatchResult(name, outcome, currentState(linkName, name), null, problem);
		}
	}

	private @Nullable MirrorState currentState(String linkName, String name) {
		try {
			return this.mirrors.get(linkName, name).state();
		}
		catch (RuntimeException ex) {
			return null; // no such mirror (or the store is down): no state to state
		}
	}

	private MirrorBatchResponse finish(String linkName, MirrorSelection selection, String verb, Options options,
			List<MirrorBatchResult> results) {
		MirrorBatchResponse response = MirrorBatchResponse.of(linkName, verb, options.dryRun(), results);
		if (!options.dryRun()) {
			// the changes are audited one by one in their own transactions; this entry
			// records the call that made them
			LinkView link = this.links.view(linkName);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("selection", selection.describe());
			details.put("selected", response.selected());
			details.put("accepted", response.accepted());
			details.put("refused", response.refused());
			details.put("failed", response.failed());
			details.put("options", Map.of("acknowledgeDataLoss", options.acknowledgeDataLoss(), "deleteTopic",
					options.deleteTopic(), "keepAcls", options.keepAcls()));
			List<Map<String, String>> notDone = results.stream()
				.filter((result) -> result.problem() != null)
				.map((result) -> Map.of("mirror", result.mirror(), "errorCode", result.problem().errorCode()))
				.toList();
			details.put("problems", notDone);
			this.transactions.executeWithoutResult((status) -> this.audit.record("mirror.batch." + verb, "link",
					link.name(), link.id(), null, details));
		}
		log.info("batch {} on link {}: {} selected, {} accepted, {} would apply, {} refused, {} failed", verb, linkName,
				response.selected(), response.accepted(), response.wouldApply(), response.refused(), response.failed());
		return response;
	}

}
