package dev.clusterlink.linkmanager.cutover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.cutover.CutoverResponse.FenceAcl;
import dev.clusterlink.linkmanager.cutover.CutoverResponse.FenceReport;
import dev.clusterlink.linkmanager.cutover.CutoverResponse.MirrorReport;
import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.mirror.MirrorBatchResponse;
import dev.clusterlink.linkmanager.mirror.MirrorBatchResult;
import dev.clusterlink.linkmanager.mirror.MirrorBatchService;
import dev.clusterlink.linkmanager.mirror.MirrorResponse;
import dev.clusterlink.linkmanager.mirror.MirrorSelection;
import dev.clusterlink.linkmanager.mirror.MirrorService;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemSummary;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.RequestContext;
import dev.clusterlink.model.LinkState;
import dev.clusterlink.model.MirrorAction;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.StoppedBy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cutover in one call (DESIGN.md §5): fence the source's writers (optional), promote
 * every selected mirror, wait for the promotions, and report every mirror's final state,
 * offsets and final consumer-offset sync. A failure after the first change ends in a
 * report, never in an error that hides what was changed.
 */
@Service
public class CutoverService {

	private static final Logger log = LoggerFactory.getLogger(CutoverService.class);

	static final int DEFAULT_TIMEOUT_SECONDS = 300;

	static final int MAX_TIMEOUT_SECONDS = 3600;

	private static final Duration POLL = Duration.ofMillis(500);

	private final LinkService links;

	private final MirrorService mirrors;

	private final MirrorBatchService batch;

	private final SourceFence source;

	private final CutoverFences fences;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CutoverService(LinkService links, MirrorService mirrors, MirrorBatchService batch, SourceFence source,
			CutoverFences fences, AuditLog audit, PlatformTransactionManager txManager, Clock clock) {
		this.links = links;
		this.mirrors = mirrors;
		this.batch = batch;
		this.source = source;
		this.fences = fences;
		this.audit = audit;
		this.transactions = new TransactionTemplate(txManager);
		this.clock = clock;
	}

	/**
	 * Runs (or with {@code dryRun} plans) a cutover.
	 * @param linkName the link
	 * @param request the mirrors, fence, dry run and timeout
	 * @return the report
	 */
	public CutoverResponse cutover(String linkName, CutoverRequest request) {
		LinkView link = this.links.view(linkName);
		List<String> names = select(linkName, request.selection());
		List<String> principals = principals(request.fence());
		Duration timeout = timeout(request.timeoutSeconds());
		boolean dryRun = Boolean.TRUE.equals(request.dryRun());

		// what promote would do to each mirror, and the fence it needs
		MirrorBatchResponse plan = this.batch.act(linkName, new MirrorSelection(names, null, null),
				MirrorAction.PROMOTE, new MirrorBatchService.Options(true, false, false, false));
		Map<String, MirrorResponse> views = read(linkName, names);
		// a mirror's writers are on its own source: the link's destination cluster for a
		// mirror in the reverse direction of a bidirectional link
		List<SourceAcl> wanted = new ArrayList<>();
		for (String name : names) {
			MirrorResponse view = views.get(name);
			if (view != null) {
				UUID cluster = sourceClusterOf(link, view);
				principals.forEach(
						(principal) -> wanted.add(new SourceAcl(cluster, new FenceAcl(view.sourceTopic(), principal))));
			}
		}
		Optional<Set<SourceAcl>> present = principals.isEmpty() ? Optional.of(Set.of()) : existing(wanted);
		ProblemSummary noAuthorizer = present.isPresent() ? null : noAuthorizer(link);
		List<SourceAcl> toCreate = wanted.stream()
			.filter((acl) -> present.orElse(Set.of()).contains(acl) == false)
			.toList();
		List<FenceAcl> already = wanted.stream()
			.filter((acl) -> present.orElse(Set.of()).contains(acl))
			.map(SourceAcl::acl)
			.toList();
		FenceReport fence = principals.isEmpty() ? null
				: new FenceReport(principals, acls(toCreate), already, noAuthorizer);

		if (dryRun) {
			List<MirrorReport> reports = report(linkName, names, views, plan.results());
			boolean ready = noAuthorizer == null && plan.refused() == 0 && plan.failed() == 0
					&& link.state() != LinkState.PAUSED;
			return new CutoverResponse(link.name(), true, "dry-run", null, null, fence, reports,
					ready ? "nothing changed; the same call without dryRun runs the cutover"
							: "nothing changed; the cutover would be refused: see the problems");
		}
		requireReady(link, plan, views, noAuthorizer);
		return run(link, names, principals, toCreate, already, timeout, request);
	}

	private CutoverResponse run(LinkView link, List<String> names, List<String> principals, List<SourceAcl> toCreate,
			List<FenceAcl> already, Duration timeout, CutoverRequest request) {
		record("cutover.start", link, Map.of("selection", request.selection().describe(), "mirrors", names,
				"principals", principals, "timeoutSeconds", timeout.toSeconds()));
		FenceReport fence = principals.isEmpty() ? null : new FenceReport(principals, acls(toCreate), already, null);
		// 1. fence the source's writers
		if (!principals.isEmpty()) {
			try {
				fence(link, toCreate);
			}
			catch (RuntimeException ex) {
				return failed(link, names, "fence", ex, fence, List.of(),
						"nothing was promoted; ACLs created before the failure are recorded: lift them with :unfence, "
								+ "or run the cutover again");
			}
		}
		// 2. promote every mirror (each audited as alone)
		List<MirrorBatchResult> promoted;
		try {
			promoted = this.batch
				.act(link.name(), new MirrorSelection(names, null, null), MirrorAction.PROMOTE,
						new MirrorBatchService.Options(false, false, false, false))
				.results();
		}
		catch (RuntimeException ex) {
			return failed(link, names, "promote", ex, fence, List.of(), afterFailure(principals));
		}
		// 3. wait until no promotion is pending, or the timeout
		try {
			await(link.name(), names, timeout);
		}
		catch (RuntimeException ex) {
			return failed(link, names, "wait", ex, fence, promoted, afterFailure(principals));
		}
		// 4. report
		List<MirrorReport> reports = report(link.name(), names, read(link.name(), names), promoted);
		boolean complete = reports.stream().allMatch(MirrorReport::promoted);
		String outcome = complete ? "completed" : "incomplete";
		String next = complete
				? "every mirror is promoted and writable: move the consumers and producers to the destination"
						+ (principals.isEmpty() ? ""
								: "; lift the fence with :unfence once the source is retired or "
										+ "should take writes again")
				: "not every mirror is promoted: see each mirror's state and reason; promote the rest again (or fail "
						+ "them over)" + (principals.isEmpty() ? "" : "; the fence stays until :unfence");
		finish(link, outcome, null, reports);
		return new CutoverResponse(link.name(), false, outcome, null, null, fence, reports, next);
	}

	/**
	 * Lifts the fences cutovers put on a link's source: deletes exactly the recorded
	 * ACLs.
	 * @param linkName the link
	 * @param request the principals, or every fence of the link
	 * @return the ACLs removed
	 */
	public UnfenceResponse unfence(String linkName, UnfenceRequest request) {
		LinkView link = this.links.view(linkName);
		// no principals: every fence of the link
		List<String> principals = (request.principals() == null || request.principals().isEmpty()) ? null
				: checked(request.principals(), "principals");
		List<CutoverFences.Row> rows = this.fences.of(link.id())
			.stream()
			.filter((row) -> principals == null || principals.contains(row.principal()))
			.toList();
		Map<UUID, List<CutoverFences.Row>> byCluster = new LinkedHashMap<>();
		rows.forEach((row) -> byCluster.computeIfAbsent(row.sourceClusterId(), (id) -> new ArrayList<>()).add(row));
		List<FenceAcl> removed = new ArrayList<>();
		for (Map.Entry<UUID, List<CutoverFences.Row>> cluster : byCluster.entrySet()) {
			List<FenceAcl> acls = cluster.getValue()
				.stream()
				.map((row) -> new FenceAcl(row.topic(), row.principal()))
				.toList();
			// deleted first, then forgotten: a failure leaves the rows to lift again
			this.source.delete(cluster.getKey(), acls);
			cluster.getValue().forEach((row) -> this.fences.forget(link.id(), row));
			removed.addAll(acls);
		}
		record("cutover.unfence", link, Map.of("principals", (principals == null) ? "all" : principals, "removed",
				removed.stream().map(FenceAcl::toString).toList()));
		log.info("link {}: cutover fence lifted ({} ACLs)", link.name(), removed.size());
		return new UnfenceResponse(link.name(), removed);
	}

	private void fence(LinkView link, List<SourceAcl> toCreate) {
		String actor = RequestContext.current().actor();
		Instant now = this.clock.instant();
		Map<UUID, List<FenceAcl>> byCluster = new LinkedHashMap<>();
		for (SourceAcl acl : toCreate) {
			// recorded first, then created: a failure leaves rows that :unfence lifts
			this.fences.record(link.id(), acl.cluster(), acl.acl().topic(), acl.acl().principal(), actor, now);
			byCluster.computeIfAbsent(acl.cluster(), (id) -> new ArrayList<>()).add(acl.acl());
		}
		byCluster.forEach(this.source::create);
		record("cutover.fence", link, Map.of("created", acls(toCreate).stream().map(FenceAcl::toString).toList()));
		log.info("link {}: cutover fenced {} ACLs on the source", link.name(), toCreate.size());
	}

	/**
	 * The wanted ACLs that exist already, or empty when a source cluster has no
	 * authorizer (its writers cannot be fenced).
	 */
	private Optional<Set<SourceAcl>> existing(List<SourceAcl> wanted) {
		Map<UUID, List<FenceAcl>> byCluster = new LinkedHashMap<>();
		wanted.forEach((acl) -> byCluster.computeIfAbsent(acl.cluster(), (id) -> new ArrayList<>()).add(acl.acl()));
		Set<SourceAcl> present = new java.util.HashSet<>();
		for (Map.Entry<UUID, List<FenceAcl>> cluster : byCluster.entrySet()) {
			Optional<Set<FenceAcl>> found = this.source.existing(cluster.getKey(), cluster.getValue());
			if (found.isEmpty()) {
				return Optional.empty();
			}
			found.get().forEach((acl) -> present.add(new SourceAcl(cluster.getKey(), acl)));
		}
		return Optional.of(present);
	}

	private static UUID sourceClusterOf(LinkView link, MirrorResponse mirror) {
		return LinkDirection.REVERSE.wire().equals(mirror.direction()) ? link.destinationClusterId()
				: link.sourceClusterId();
	}

	private static List<FenceAcl> acls(List<SourceAcl> acls) {
		return acls.stream().map(SourceAcl::acl).toList();
	}

	/** A fence ACL and the cluster it goes on (the mirror's source). */
	private record SourceAcl(UUID cluster, FenceAcl acl) {
	}

	private void await(String linkName, List<String> names, Duration timeout) {
		Instant deadline = this.clock.instant().plus(timeout);
		while (this.clock.instant().isBefore(deadline)) {
			boolean pending = false;
			for (MirrorResponse view : read(linkName, names).values()) {
				pending |= view.state() == MirrorState.PENDING_STOPPED;
			}
			if (!pending) {
				return;
			}
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the promotions", ex);
			}
		}
	}

	private CutoverResponse failed(LinkView link, List<String> names, String step, RuntimeException ex,
			@Nullable FenceReport fence, List<MirrorBatchResult> promoted, String next) {
		ProblemSummary problem = ProblemSummary.of(ex);
		if (problem == null) {
			log.error("cutover of link {} failed at step {}", link.name(), step, ex);
			problem = ProblemSummary.of(ProblemType.INTERNAL_ERROR, "the " + step + " step failed unexpectedly",
					Map.of());
		}
		List<MirrorReport> reports = report(link.name(), names, read(link.name(), names), promoted);
		try {
			finish(link, "failed", step, reports);
		}
		catch (RuntimeException auditFailure) {
			log.warn("cutover of link {}: the failure could not be audited: {}", link.name(), auditFailure.toString());
		}
		return new CutoverResponse(link.name(), false, "failed", step, problem, fence, reports, next);
	}

	private static String afterFailure(List<String> principals) {
		return "each mirror's state is stated: promotions already requested continue in the workers; request the "
				+ "rest again" + (principals.isEmpty() ? "" : "; the fence stays until :unfence");
	}

	private void finish(LinkView link, String outcome, @Nullable String step, List<MirrorReport> reports) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("outcome", outcome);
		if (step != null) {
			details.put("failedStep", step);
		}
		Map<String, Object> states = new LinkedHashMap<>();
		reports.forEach((r) -> states.put(r.mirror(), String.valueOf(r.state())));
		details.put("states", states);
		record("cutover.finish", link, details);
		log.info("link {}: cutover {}", link.name(), outcome);
	}

	private void record(String action, LinkView link, Map<String, Object> details) {
		this.transactions.executeWithoutResult(
				(status) -> this.audit.record(action, "link", link.name(), link.id(), null, new HashMap<>(details)));
	}

	private List<MirrorReport> report(String linkName, List<String> names, Map<String, MirrorResponse> views,
			List<MirrorBatchResult> results) {
		Map<String, MirrorBatchResult> byName = new HashMap<>();
		results.forEach((result) -> byName.put(result.mirror(), result));
		List<MirrorReport> reports = new ArrayList<>();
		for (String name : names) {
			MirrorResponse view = views.get(name);
			MirrorBatchResult result = byName.get(name);
			ProblemSummary problem = (result != null) ? result.problem() : null;
			if (view == null) {
				reports.add(new MirrorReport(name, null, null, null, null, false, null,
						(result != null) ? result.result() : null, problem, List.of(), null, null));
				continue;
			}
			boolean promoted = view.state() == MirrorState.STOPPED && view.stoppedBy() == StoppedBy.PROMOTE;
			Object offsetSync = (view.stopReport() != null) ? view.stopReport().get("finalOffsetSync") : null;
			reports.add(new MirrorReport(name, view.sourceTopic(), view.state(), view.stoppedBy(), view.stateReason(),
					promoted, view.maxLag(), (result != null) ? result.result() : null, problem, view.partitions(),
					offsetSync, view.stoppedAt()));
		}
		return reports;
	}

	/** The mirrors that can be read now, by name (a missing one is left out). */
	private Map<String, MirrorResponse> read(String linkName, List<String> names) {
		Map<String, MirrorResponse> views = new HashMap<>();
		for (String name : names) {
			try {
				views.put(name, this.mirrors.get(linkName, name));
			}
			catch (RuntimeException ex) {
				log.debug("cutover: mirror {}/{} not read: {}", linkName, name, ex.toString());
			}
		}
		return views;
	}

	private List<String> select(String linkName, MirrorSelection selection) {
		List<String> names = this.batch.select(linkName, selection);
		if (names.isEmpty()) {
			String field = (selection.pattern() != null) ? "pattern" : "all";
			throw ApiException.invalidField(field, "selects no mirror: nothing to cut over");
		}
		return names;
	}

	/**
	 * Refuses before any change when a mirror cannot be promoted (a mirror already
	 * promoted counts as done) or the source cannot be fenced.
	 */
	private static void requireReady(LinkView link, MirrorBatchResponse plan, Map<String, MirrorResponse> views,
			@Nullable ProblemSummary noAuthorizer) {
		List<Map<String, Object>> notReady = new ArrayList<>();
		for (MirrorBatchResult result : plan.results()) {
			MirrorResponse view = views.get(result.mirror());
			boolean alreadyPromoted = view != null && view.state() == MirrorState.STOPPED
					&& view.stoppedBy() == StoppedBy.PROMOTE;
			if (result.problem() != null && !alreadyPromoted) {
				Map<String, Object> item = new LinkedHashMap<>();
				item.put("mirror", result.mirror());
				item.put("state", String.valueOf(result.state()));
				item.put("errorCode", result.problem().errorCode());
				item.put("detail", result.problem().detail());
				notReady.add(item);
			}
		}
		if (link.state() == LinkState.PAUSED) {
			// the worker completes no promotion while the link is paused: the wait would
			// only time out
			throw new ApiException(ProblemType.ILLEGAL_TRANSITION,
					"link '" + link.name() + "' is paused: no promotion can complete; resume the link first")
				.with("currentState", link.state().name())
				.with("requested", "cutover")
				.with("link", link.name());
		}
		if (!notReady.isEmpty()) {
			throw new ApiException(ProblemType.ILLEGAL_TRANSITION,
					notReady.size() + " selected mirror(s) cannot be promoted (promote needs ACTIVE); nothing was "
							+ "changed: see mirrors")
				.with("mirrors", notReady)
				.with("link", link.name());
		}
		if (noAuthorizer != null) {
			throw new ApiException(ProblemType.FENCE_UNAVAILABLE, noAuthorizer.detail()).with("link", link.name());
		}
	}

	private static ProblemSummary noAuthorizer(LinkView link) {
		return ProblemSummary.of(ProblemType.FENCE_UNAVAILABLE,
				"a source cluster of link '" + link.name() + "' has no authorizer (SecurityDisabledException): "
						+ "writers cannot be fenced with ACLs; stop the producers yourself and cut over without fence",
				Map.of());
	}

	private static List<String> principals(CutoverRequest.@Nullable Fence fence) {
		if (fence == null) {
			return List.of();
		}
		List<String> principals = fence.principals();
		if (principals == null || principals.isEmpty()) {
			throw ApiException.invalidField("fence.principals", "name at least one principal, e.g. User:app");
		}
		return checked(principals, "fence.principals");
	}

	private static List<String> checked(List<String> principals, String field) {
		for (int i = 0; i < principals.size(); i++) {
			String principal = principals.get(i);
			int colon = (principal == null) ? -1 : principal.indexOf(':');
			if (colon <= 0 || colon == principal.length() - 1 || principal.isBlank()) {
				throw ApiException.invalidField(field + "[" + i + "]", "must be a principal such as User:app");
			}
		}
		return List.copyOf(new java.util.LinkedHashSet<>(principals));
	}

	private static Duration timeout(@Nullable Integer seconds) {
		int value = (seconds != null) ? seconds : DEFAULT_TIMEOUT_SECONDS;
		if (value < 1 || value > MAX_TIMEOUT_SECONDS) {
			throw ApiException.invalidField("timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS);
		}
		return Duration.ofSeconds(value);
	}

}
