package dev.clusterlink.linkmanager.mirror;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import javax.sql.DataSource;

import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.mirror.MirrorLocator.Located;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.RequestContext;
import dev.clusterlink.model.OffsetMode;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.runtime.store.PartitionOffsetsReader;
import dev.clusterlink.store.PartitionOffsets;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifications of mirrors: the range of each partition is fixed at the call (by default
 * from the mirror's start to the offset mirrored at that moment), the row and its audit
 * entry are written in one transaction, then the verification is queued on the
 * {@link MirrorVerifier}.
 */
@Service
class VerificationService {

	private final MirrorRepository mirrors;

	private final LinkService links;

	private final VerificationStore store;

	private final MirrorVerifier verifier;

	private final PartitionOffsetsReader offsets;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final TransactionTemplate reads;

	private final Clock clock;

	private final MirrorLocator locator;

	VerificationService(MirrorRepository mirrors, LinkService links, MirrorLocator locator, VerificationStore store,
			MirrorVerifier verifier, DataSource dataSource, AuditLog audit, PlatformTransactionManager txManager,
			Clock clock) {
		this.mirrors = mirrors;
		this.links = links;
		this.locator = locator;
		this.store = store;
		this.verifier = verifier;
		this.offsets = new PartitionOffsetsReader(dataSource);
		this.audit = audit;
		this.transactions = new TransactionTemplate(txManager);
		this.reads = new TransactionTemplate(txManager);
		this.reads.setReadOnly(true);
		this.clock = clock;
	}

	VerificationResponse start(String linkName, String mirrorName, @Nullable LinkDirection direction,
			@Nullable Long fromOffset, @Nullable Long toOffset) {
		checkRange(fromOffset, toOffset);
		Located target = Objects
			.requireNonNull(this.reads.execute((status) -> this.locator.locate(linkName, mirrorName, direction)));
		return startAll(List.of(target), fromOffset, toOffset).get(0);
	}

	/**
	 * Verifies every mirror of a link: in both directions of a bidirectional link unless
	 * one is given.
	 */
	VerificationsResponse startForLink(String linkName, @Nullable LinkDirection direction, @Nullable Long fromOffset,
			@Nullable Long toOffset) {
		checkRange(fromOffset, toOffset);
		List<Located> found = Objects
			.requireNonNull(this.reads.execute((status) -> this.locator.directions(linkName, direction)
				.stream()
				.flatMap((link) -> this.mirrors.findByLinkId(link.id(), Pageable.unpaged(Sort.by("name", "id")))
					.getContent()
					.stream()
					.map((mirror) -> new Located(link, mirror)))
				.toList()));
		String name = found.isEmpty() ? this.reads.execute((status) -> this.links.view(linkName).name())
				: found.get(0).link().name();
		return new VerificationsResponse(name, startAll(found, fromOffset, toOffset));
	}

	VerificationResponse get(String linkName, String mirrorName, @Nullable LinkDirection direction, UUID id) {
		return Objects.requireNonNull(this.reads.execute((status) -> owner(linkName, mirrorName, direction, id)
			.flatMap((found) -> this.store.find(found.mirror().id(), id, found.link().name(), found.mirror().name()))
			.orElseThrow(() -> notFound(linkName, mirrorName, id))));
	}

	PageResponse<VerificationResponse> list(String linkName, String mirrorName, @Nullable LinkDirection direction,
			int page, int size) {
		return Objects.requireNonNull(this.reads.execute((status) -> {
			Located found = this.locator.locate(linkName, mirrorName, direction);
			return this.store.page(found.mirror().id(), found.link().name(), found.mirror().name(), page, size);
		}));
	}

	VerificationResponse cancel(String linkName, String mirrorName, @Nullable LinkDirection direction, UUID id) {
		VerificationResponse current = Objects.requireNonNull(this.transactions.execute((status) -> {
			Located owner = owner(linkName, mirrorName, direction, id)
				.orElseThrow(() -> notFound(linkName, mirrorName, id));
			LinkView link = owner.link();
			MirrorEntity mirror = owner.mirror();
			VerificationResponse found = this.store.find(mirror.id(), id, link.name(), mirror.name())
				.orElseThrow(() -> notFound(link.name(), mirror.name(), id));
			if (this.store.cancel(id, "cancelled by " + RequestContext.current().actor(), this.clock.instant())) {
				this.audit.record("mirror.verify-cancel", "mirror", link.name() + "/" + mirror.name(), mirror.id(),
						mirror.version(), Map.of("verificationId", id.toString(), "was", found.state().name()));
			}
			return found;
		}));
		this.verifier.cancel(id);
		return get(linkName, mirrorName, direction, current.id());
	}

	/**
	 * The mirror a verification belongs to: a verification id names one run, so both
	 * directions are searched unless one is given (a bidirectional link may have a mirror
	 * of the same name each way).
	 */
	private java.util.Optional<Located> owner(String linkName, String mirrorName, @Nullable LinkDirection direction,
			UUID id) {
		List<Located> candidates = this.locator.candidates(linkName, mirrorName, direction);
		if (candidates.isEmpty()) {
			throw new MirrorNotFoundException(linkName, mirrorName);
		}
		return candidates.stream()
			.filter((found) -> this.store.find(found.mirror().id(), id, found.link().name(), found.mirror().name())
				.isPresent())
			.findFirst();
	}

	/** The latest verification of each mirror that has one (for the mirror responses). */
	Map<UUID, VerificationResponse.Summary> latest(List<UUID> mirrorIds) {
		return this.store.latest(mirrorIds);
	}

	private List<VerificationResponse> startAll(List<Located> targets, @Nullable Long fromOffset,
			@Nullable Long toOffset) {
		if (!this.verifier.hasRoom(targets.size())) {
			throw new ApiException(ProblemType.VERIFICATION_LIMIT_REACHED,
					"the link manager runs or queues as many verifications as it may (clusterlink.verify.max-concurrent "
							+ "and max-queued); try again when one has finished")
				.with("requested", targets.size());
		}
		List<MirrorVerifier.Job> jobs = new ArrayList<>();
		for (Located target : targets) {
			jobs.add(plan(target.link(), target.mirror(), fromOffset, toOffset));
		}
		String actor = RequestContext.current().actor();
		this.transactions.executeWithoutResult((status) -> {
			for (int i = 0; i < jobs.size(); i++) {
				MirrorVerifier.Job job = jobs.get(i);
				LinkView link = targets.get(i).link();
				MirrorEntity mirror = targets.get(i).mirror();
				List<VerificationResponse.PartitionRange> ranges = job.plans()
					.stream()
					.map((plan) -> new VerificationResponse.PartitionRange(plan.partition(), plan.fromOffset(),
							plan.toOffset()))
					.toList();
				long total = job.plans().stream().mapToLong((plan) -> plan.toOffset() - plan.fromOffset()).sum();
				this.store.insert(job.id(), mirror.id(), fromOffset, toOffset, ranges, job.initialReports(), total,
						actor, this.verifier.instanceId(), this.clock.instant());
				Map<String, Object> details = new HashMap<>();
				details.put("verificationId", job.id().toString());
				details.put("fromOffset", String.valueOf(fromOffset));
				details.put("toOffset", String.valueOf(toOffset));
				details.put("partitions", ranges.size());
				this.audit.record("mirror.verify", "mirror", link.name() + "/" + mirror.name(), mirror.id(),
						mirror.version(), details);
			}
		});
		List<VerificationResponse> started = new ArrayList<>();
		for (int i = 0; i < jobs.size(); i++) {
			MirrorVerifier.Job job = jobs.get(i);
			LinkView link = targets.get(i).link();
			MirrorEntity mirror = targets.get(i).mirror();
			try {
				this.verifier.submit(job);
			}
			catch (RejectedExecutionException ex) {
				this.store.finish(job.id(), VerificationState.FAILED, "refused: too many verifications at a time",
						job.initialReports(), 0, 0, 0, this.clock.instant());
			}
			started.add(this.store.find(mirror.id(), job.id(), link.name(), mirror.name()).orElseThrow());
		}
		return started;
	}

	private MirrorVerifier.Job plan(LinkView link, MirrorEntity mirror, @Nullable Long fromOffset,
			@Nullable Long toOffset) {
		List<MirrorVerifier.Plan> plans = new ArrayList<>();
		List<PartitionReport> reports = new ArrayList<>();
		for (PartitionOffsets row : this.offsets.read(mirror.id())) {
			OffsetMap map = row.map();
			Long mirrored = row.mirroredOffset();
			if (map == null || mirrored == null) {
				reports.add(PartitionReport.skipped(row.partition(), "the partition is still being set up"));
				continue;
			}
			long start = map.startOffset();
			long from = Math.max(start, (fromOffset != null) ? fromOffset : start);
			long to = Math.max(from, Math.min(mirrored, (toOffset != null) ? toOffset : mirrored));
			long destinationEnd = (row.destinationEnd() != null && map.mode() == OffsetMode.TRANSLATED)
					? row.destinationEnd() : map.destinationFor(mirrored);
			plans.add(MirrorVerifier.Plan.of(row.partition(), from, to, map, mirrored, destinationEnd));
			reports.add(PartitionReport.pending(row.partition(), from, to));
		}
		return new MirrorVerifier.Job(UUID.randomUUID(), link.name(), mirror.name(), link.sourceClusterId(),
				link.destinationClusterId(), mirror.sourceTopic(), mirror.name(), plans, reports);
	}

	private static void checkRange(@Nullable Long fromOffset, @Nullable Long toOffset) {
		if (fromOffset != null && fromOffset < 0) {
			throw ApiException.invalidField("fromOffset", "must not be negative");
		}
		if (toOffset != null && toOffset < 0) {
			throw ApiException.invalidField("toOffset", "must not be negative");
		}
		if (fromOffset != null && toOffset != null && fromOffset > toOffset) {
			throw ApiException.invalidField("fromOffset", "must not be greater than toOffset");
		}
	}

	private static ApiException notFound(String link, String mirror, UUID id) {
		return new ApiException(ProblemType.VERIFICATION_NOT_FOUND,
				"mirror topic '" + mirror + "' of link '" + link + "' has no verification " + id)
			.with("link", link)
			.with("mirror", mirror);
	}

}
