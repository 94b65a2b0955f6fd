package dev.clusterlink.linkmanager.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.command.CommandPublisher;
import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.link.LinkNotFoundException;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.VisibleLinks;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.Names;
import dev.clusterlink.model.OffsetMode;
import dev.clusterlink.model.PartitionState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failback of a stopped mirror by a planned swap (issue 13, DESIGN.md §5): the old source
 * topic becomes a mirror of the promoted topic, through a link in the other direction,
 * and copying continues at its end offset with nothing copied again.
 *
 * <p>
 * Invariant: a reverse is accepted only when the old source topic holds, at identical
 * offsets, exactly the records the promoted topic started from — every partition of the
 * stopped mirror was IDENTICAL, the old topic ends exactly where the mirror stopped (no
 * record was written to it after the failover), it is the same topic (same id), the
 * promoted topic still holds every record from there on, and the last record before that
 * offset is the same on both. The start offsets are stored with the new mirror in the
 * same transaction, and the worker halts the new mirror if the old topic no longer ends
 * there when it adopts it: a write between this check and the set-up is never overwritten
 * or followed.
 */
@Service
public class MirrorReversal {

	static final String PLANNED_SWAP = "planned-swap";

	static final String AFTER_DISASTER = "after-disaster";

	private static final DateTimeFormatter ARCHIVE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private static final Duration DELETION_WAIT = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(MirrorReversal.class);

	private final MirrorRepository mirrors;

	private final MirrorPartitionRepository partitions;

	private final LinkService links;

	private final ClusterGateway gateway;

	private final AuditLog audit;

	private final CommandPublisher commands;

	private final MirrorService mirrorService;

	private final LeftBehindArchive archive;

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ConsumerOffsetsBack offsetsBack;

	private final LeftBehindFence writeFence;

	MirrorReversal(MirrorRepository mirrors, MirrorPartitionRepository partitions, LinkService links,
			ClusterGateway gateway, AuditLog audit, CommandPublisher commands, MirrorService mirrorService,
			LeftBehindArchive archive, JdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager txManager,
			Clock clock, ConsumerOffsetsBack offsetsBack, LeftBehindFence writeFence) {
		this.offsetsBack = offsetsBack;
		this.writeFence = writeFence;
		this.dataSource = dataSource;
		this.archive = archive;
		this.mirrors = mirrors;
		this.partitions = partitions;
		this.links = links;
		this.gateway = gateway;
		this.audit = audit;
		this.commands = commands;
		this.mirrorService = mirrorService;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(txManager);
		this.clock = clock;
	}

	/**
	 * Reverses a stopped mirror, or with {@code dryRun} reports what the reverse would
	 * do.
	 * @param linkName the link of the stopped mirror
	 * @param mirrorName the stopped mirror
	 * @param request the link that mirrors back
	 * @param dryRun change nothing
	 * @return the plan, and the new mirror unless a dry run
	 * @throws ApiException {@code reverse-refused} when a precondition does not hold
	 */
	public ReverseResponse reverse(String linkName, String mirrorName, ReverseRequest request, boolean dryRun) {
		return reverse(linkName, mirrorName, null, request, dryRun);
	}

	/**
	 * Reverses a stopped mirror found in a given direction of its link, or in either. On
	 * a bidirectional link the reverse link defaults to the link's other direction.
	 * @param linkName the link of the stopped mirror
	 * @param mirrorName the stopped mirror
	 * @param direction the direction the stopped mirror is in, or {@code null} for either
	 * @param request the link that mirrors back
	 * @param dryRun change nothing
	 * @return the plan, and the new mirror unless a dry run
	 */
	public ReverseResponse reverse(String linkName, String mirrorName, @Nullable LinkDirection direction,
			ReverseRequest request, boolean dryRun) {
		Stopped stopped = Objects.requireNonNull(this.transactions.execute((status) -> {
			MirrorLocator.Located found = this.mirrorService.locate(linkName, mirrorName, direction);
			MirrorEntity mirror = found.mirror();
			return new Stopped(found.link(), mirror,
					this.partitions.findByMirrorIdInOrderByPartitionAsc(List.of(mirror.id())));
		}));
		String reverseLinkName = request.reverseLink();
		boolean otherDirection = stopped.link().bidirectional()
				&& (reverseLinkName == null || reverseLinkName.isBlank() || reverseLinkName.equals(linkName));
		if (!otherDirection && (reverseLinkName == null || reverseLinkName.isBlank())) {
			throw ApiException.invalidField("reverseLink", "the link that mirrors back is required: its source "
					+ "cluster is this link's destination and its destination cluster this link's source");
		}
		String mode = (request.mode() != null) ? request.mode() : PLANNED_SWAP;
		if (!mode.equals(PLANNED_SWAP) && !mode.equals(AFTER_DISASTER)) {
			throw ApiException.invalidField("mode", "'" + PLANNED_SWAP + "' or '" + AFTER_DISASTER + "'");
		}
		// a bidirectional link mirrors back through its own other direction
		LinkView reverseLink = otherDirection ? this.links.view(linkName, stopped.link().direction().opposite())
				: visibleLink(Objects.requireNonNull(reverseLinkName));
		requireStopped(stopped);
		requireOppositeDirection(stopped.link(), reverseLink);
		requireNoMirror(reverseLink, stopped.mirror());
		if (dryRun) {
			return mode.equals(AFTER_DISASTER) ? afterDisaster(stopped, reverseLink, request, true)
					: response(stopped, reverseLink, true, plan(stopped), null, offsetsBack(stopped, reverseLink));
		}
		return exclusively(stopped.mirror(), () -> mode.equals(AFTER_DISASTER)
				? afterDisaster(stopped, reverseLink, request, false) : plannedSwap(stopped, reverseLink));
	}

	private ReverseResponse plannedSwap(Stopped stopped, LinkView reverseLink) {
		List<ReverseResponse.Partition> plan = plan(stopped);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", PLANNED_SWAP);
		details.put("reverseOf", stopped.link().name() + "/" + stopped.mirror().name());
		details.put("recordsToCopy", plan.stream().mapToLong(ReverseResponse.Partition::recordsToCopy).sum());
		details.put("direction", reverseLink.direction().wire());
		// read before the change: once the reverse mirror exists, the answer must not
		// fail
		ReverseResponse.ConsumerOffsets back = offsetsBack(stopped, reverseLink);
		MirrorEntity created = createReverse(stopped, reverseLink, plan, true, details);
		return response(stopped, reverseLink, false, plan,
				this.mirrorService.get(reverseLink.name(), created.name(), reverseLink.direction()), back);
	}

	/**
	 * Runs a reverse while holding a PostgreSQL session advisory lock on the stopped
	 * mirror, so that two reverses of one mirror never overlap, whichever link manager
	 * instance serves them: the second is refused, not run after the first (which may
	 * have deleted or adopted the topic it would act on).
	 */
	private ReverseResponse exclusively(MirrorEntity mirror, Supplier<ReverseResponse> reverse) {
		long key = mirror.id().getMostSignificantBits() ^ mirror.id().getLeastSignificantBits();
		try (Connection connection = this.dataSource.getConnection()) {
			if (!Boolean.TRUE.equals(lock(connection, "select pg_try_advisory_lock(?)", key))) {
				throw refused("a reverse of mirror '" + mirror.name() + "' is in progress", "mirror");
			}
			try {
				return reverse.get();
			}
			finally {
				lock(connection, "select pg_advisory_unlock(?)", key);
			}
		}
		catch (SQLException ex) {
			throw new ApiException(ProblemType.STATE_STORE_UNAVAILABLE,
					"the state store did not answer: " + ex.getMessage());
		}
	}

	private static Boolean lock(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	/** A link the caller may see; another one answers 404 like a missing one. */
	private LinkView visibleLink(String name) {
		Set<String> visible = VisibleLinks.names();
		if (visible != null && !visible.contains(name)) {
			throw new LinkNotFoundException(name);
		}
		return this.links.view(name);
	}

	private static void requireStopped(Stopped stopped) {
		MirrorEntity mirror = stopped.mirror();
		if (mirror.state() != MirrorState.STOPPED) {
			throw refused("mirror '" + mirror.name() + "' is " + mirror.state()
					+ "; only a STOPPED mirror (promoted or failed over) can be reversed", "mirror")
				.with("state", mirror.state().name());
		}
	}

	private static void requireOppositeDirection(LinkView link, LinkView reverse) {
		if (!reverse.sourceClusterId().equals(link.destinationClusterId())
				|| !reverse.destinationClusterId().equals(link.sourceClusterId())) {
			throw refused("link '" + reverse.name() + "' does not mirror from link '" + link.name()
					+ "''s destination cluster to its source cluster", "reverseLink");
		}
	}

	/**
	 * The old source topic must not be a mirror already, and the reverse link must not
	 * mirror the promoted topic yet (a STOPPED mirror left from an earlier round trip is
	 * deleted by the operator first: its deletion is a decision of its own).
	 */
	private void requireNoMirror(LinkView reverseLink, MirrorEntity stopped) {
		if (this.mirrors.existsByDestinationClusterIdAndName(reverseLink.destinationClusterId(),
				stopped.sourceTopic())) {
			throw new ApiException(ProblemType.MIRROR_EXISTS,
					"topic '" + stopped.sourceTopic()
							+ "' is already a mirror topic on the old source cluster; delete that mirror first "
							+ "(its topic stays) if it is a stopped one from an earlier round trip")
				.with("field", "reverseLink")
				.with("mirrorTopic", stopped.sourceTopic());
		}
		this.mirrors.findByLinkIdAndSourceTopic(reverseLink.id(), stopped.name()).ifPresent((existing) -> {
			throw new ApiException(ProblemType.MIRROR_EXISTS, "link '" + reverseLink.name()
					+ "' already mirrors topic '" + stopped.name() + "' as '" + existing.name() + "'")
				.with("field", "reverseLink")
				.with("mirrorTopic", existing.name());
		});
	}

	/**
	 * Checks both clusters, partition by partition, and fixes where copying back starts.
	 */
	private List<ReverseResponse.Partition> plan(Stopped stopped) {
		LinkView link = stopped.link();
		MirrorEntity mirror = stopped.mirror();
		if (stopped.partitions().isEmpty()) {
			throw refused("mirror '" + mirror.name() + "' never set up a partition", "mirror");
		}
		Map<Integer, Long> starts = new HashMap<>();
		for (MirrorPartitionEntity row : stopped.partitions()) {
			if (!OffsetMode.IDENTICAL.name().equals(row.offsetMode())) {
				throw refused(
						"partition " + row.partition() + " of mirror '" + mirror.name() + "' was " + row.offsetMode()
								+ ": the two topics do not hold their records at the same offsets, "
								+ "so the old topic cannot simply continue; a planned swap needs IDENTICAL partitions",
						"mirror")
					.with("partition", row.partition());
			}
			Long mirrored = finalOffset(stopped, row);
			if (mirrored == null) {
				throw refused("partition " + row.partition() + " of mirror '" + mirror.name()
						+ "' has no final mirrored offset", "mirror")
					.with("partition", row.partition());
			}
			starts.put(row.partition(), mirrored);
		}
		TopicDescription old = this.gateway.describeTopic(link.sourceClusterId(), mirror.sourceTopic())
			.orElseThrow(() -> refused(
					"the old source topic '" + mirror.sourceTopic()
							+ "' does not exist any more on the source cluster of link '" + link.name() + "'",
					"mirror"));
		if (mirror.sourceTopicId() != null && !mirror.sourceTopicId().equals(old.topicId().toString())) {
			throw refused("the old source topic '" + mirror.sourceTopic()
					+ "' was deleted and created again since it was mirrored (its topic id changed)", "mirror");
		}
		if (old.partitions().size() != starts.size()) {
			throw refused("the old source topic '" + mirror.sourceTopic() + "' has " + old.partitions().size()
					+ " partitions, the mirror stopped with " + starts.size(), "mirror");
		}
		List<TopicPartition> oldPartitions = starts.keySet()
			.stream()
			.sorted()
			.map((p) -> new TopicPartition(mirror.sourceTopic(), p))
			.toList();
		List<TopicPartition> newPartitions = starts.keySet()
			.stream()
			.sorted()
			.map((p) -> new TopicPartition(mirror.name(), p))
			.toList();
		Map<TopicPartition, long[]> oldBounds = this.gateway.logBounds(link.sourceClusterId(), oldPartitions);
		Map<TopicPartition, long[]> newBounds = this.gateway.logBounds(link.destinationClusterId(), newPartitions);
		Map<String, Long> leftBehind = new LinkedHashMap<>();
		List<ReverseResponse.Partition> plan = new ArrayList<>();
		for (int i = 0; i < oldPartitions.size(); i++) {
			int partition = oldPartitions.get(i).partition();
			long start = starts.get(partition);
			long[] oldBound = oldBounds.get(oldPartitions.get(i));
			long[] newBound = newBounds.get(newPartitions.get(i));
			if (oldBound[1] > start) {
				leftBehind.put(String.valueOf(partition), oldBound[1] - start);
				continue;
			}
			if (oldBound[1] < start) {
				throw refused("partition " + partition + " of the old source topic ends at " + oldBound[1]
						+ ", below offset " + start + " where the mirror stopped: it was truncated", "mirror")
					.with("partition", partition);
			}
			if (newBound[0] > start) {
				throw refused("partition " + partition + " of the promoted topic '" + mirror.name() + "' starts at "
						+ newBound[0] + ": the records from " + start
						+ " that would be copied back are gone (retention)", "mirror")
					.with("partition", partition);
			}
			String tail = tail(link, mirror, partition, start, Math.max(oldBound[0], newBound[0]));
			plan.add(new ReverseResponse.Partition(partition, start, newBound[1], newBound[1] - start, tail, 0));
		}
		if (!leftBehind.isEmpty()) {
			long total = leftBehind.values().stream().mapToLong(Long::longValue).sum();
			throw refused("the old source topic '" + mirror.sourceTopic() + "' holds " + total
					+ " record(s) written after the mirror stopped (per partition: " + leftBehind
					+ "); a planned swap would lose or hide them: reverse with mode after-disaster to archive them "
					+ "and copy the promoted topic back", "mirror")
				.with("recordsLeftBehind", leftBehind);
		}
		return plan;
	}

	/**
	 * Compares the last record before the start offset on both topics.
	 * @return {@code identical}, or {@code empty} when neither topic holds one there
	 */
	private String tail(LinkView link, MirrorEntity mirror, int partition, long start, long firstOnBoth) {
		long last = start - 1;
		if (last < firstOnBoth) {
			return "empty";
		}
		Optional<ConsumerRecord<byte[], byte[]>> old = this.gateway.recordAt(link.sourceClusterId(),
				new TopicPartition(mirror.sourceTopic(), partition), last);
		Optional<ConsumerRecord<byte[], byte[]>> promoted = this.gateway.recordAt(link.destinationClusterId(),
				new TopicPartition(mirror.name(), partition), last);
		if (old.isPresent() && promoted.isPresent() && same(old.get(), promoted.get())) {
			return "identical";
		}
		throw refused(
				"partition " + partition + ": the record at offset " + last
						+ " differs between the old source topic and the promoted topic (or is missing on one of them)",
				"mirror")
			.with("partition", partition)
			.with("offset", last);
	}

	private static boolean same(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
		if (!Arrays.equals(a.key(), b.key()) || !Arrays.equals(a.value(), b.value()) || a.timestamp() != b.timestamp()
				|| a.timestampType() != b.timestampType()) {
			return false;
		}
		Header[] left = a.headers().toArray();
		Header[] right = b.headers().toArray();
		if (left.length != right.length) {
			return false;
		}
		for (int i = 0; i < left.length; i++) {
			if (!left[i].key().equals(right[i].key()) || !Arrays.equals(left[i].value(), right[i].value())) {
				return false;
			}
		}
		return true;
	}

	private ReverseResponse response(Stopped stopped, LinkView reverseLink, boolean dryRun,
			List<ReverseResponse.Partition> plan, @Nullable MirrorResponse created,
			ReverseResponse.ConsumerOffsets back) {
		return new ReverseResponse(stopped.link().name(), stopped.mirror().name(), reverseLink.name(),
				stopped.mirror().sourceTopic(), PLANNED_SWAP, dryRun, 0, 0, null, plan, created, back);
	}

	/**
	 * Failback after a disaster: the old source topic took records the mirror never
	 * copied. They are archived on the old cluster and the archive is read back and
	 * verified; the old topic's ends are read again, and what it took meanwhile is
	 * archived too (refused, nothing deleted, when it keeps growing); only then is the
	 * old topic deleted, by topic id, and a mirror of the promoted topic created through
	 * the link back, its partitions starting at the promoted topic's first offsets
	 * (whatever the link's start spec) so that the worker copies everything at identical
	 * offsets. A failure before the deletion changes nothing but the archive; a failure
	 * after it is audited and names the archive and that the old topic is gone.
	 */
	private ReverseResponse afterDisaster(Stopped stopped, LinkView reverseLink, ReverseRequest request,
			boolean dryRun) {
		requireAdmin();
		LinkView link = stopped.link();
		MirrorEntity mirror = stopped.mirror();
		TopicDescription promoted = this.gateway.describeTopic(link.destinationClusterId(), mirror.name())
			.orElseThrow(() -> refused("the promoted topic '" + mirror.name() + "' does not exist any more", "mirror"));
		Optional<TopicDescription> old = this.gateway.describeTopic(link.sourceClusterId(), mirror.sourceTopic());
		Map<Integer, long[]> leftBehind = old.isPresent() ? leftBehind(stopped, old.get()) : Map.of();
		long toArchive = leftBehind.values().stream().mapToLong((range) -> range[1] - range[0]).sum();
		String archive = archiveName(request, mirror.sourceTopic());
		if (old.isPresent() && this.gateway.describeTopic(link.sourceClusterId(), archive).isPresent()) {
			throw refused("the archive topic '" + archive + "' exists already on the old source cluster",
					"archiveTopic");
		}
		List<TopicPartition> promotedPartitions = promoted.partitions()
			.stream()
			.map((info) -> new TopicPartition(mirror.name(), info.partition()))
			.toList();
		Map<TopicPartition, long[]> bounds = this.gateway.logBounds(link.destinationClusterId(), promotedPartitions);
		List<ReverseResponse.Partition> plan = new ArrayList<>();
		for (TopicPartition tp : promotedPartitions) {
			long[] bound = bounds.get(tp);
			long[] behind = leftBehind.get(tp.partition());
			plan.add(new ReverseResponse.Partition(tp.partition(), bound[0], bound[1], bound[1] - bound[0], "recopied",
					(behind != null) ? behind[1] - behind[0] : 0));
		}
		long recopied = plan.stream().mapToLong(ReverseResponse.Partition::recordsToCopy).sum();
		// read before any change: once the old topic is gone, the answer must not fail
		ReverseResponse.ConsumerOffsets back = offsetsBack(stopped, reverseLink);
		if (dryRun) {
			return new ReverseResponse(link.name(), mirror.name(), reverseLink.name(), mirror.sourceTopic(),
					AFTER_DISASTER, true, recopied, toArchive, (toArchive > 0) ? archive : null, plan, null, back);
		}
		// closed to writers before the last look at its ends, open again once deleted
		LeftBehindFence.Closed closed = old.isPresent()
				? this.writeFence.close(link.sourceClusterId(), mirror.sourceTopic())
				: LeftBehindFence.Closed.UNAVAILABLE;
		boolean fenced = closed.fenced();
		// only a fence created here is lifted here (an operator's stays)
		boolean toLift = closed == LeftBehindFence.Closed.CREATED;
		long archived;
		try {
			if (fenced) {
				this.writeFence.settle();
			}
			archived = old.isPresent() ? archiveAll(link, mirror, old.get(), archive, leftBehind, fenced) : 0;
		}
		catch (RuntimeException ex) {
			if (toLift && !liftQuietly(link, mirror) && ex instanceof ApiException api) {
				throw api.with("writeFenceLeft", "DENY WRITE User:* on topic " + mirror.sourceTopic());
			}
			throw ex;
		}
		String archiveTopic = (archived > 0) ? archive : null;
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("writesFenced", fenced);
		details.put("mode", AFTER_DISASTER);
		details.put("reverseOf", link.name() + "/" + mirror.name());
		details.put("recordsArchived", archived);
		details.put("archiveTopic", archiveTopic);
		details.put("recordsRecopied", recopied);
		details.put("direction", reverseLink.direction().wire());
		try {
			if (old.isPresent()) {
				this.transactions.executeWithoutResult((status) -> requireNoMirror(reverseLink, mirror));
				this.gateway.call(link.sourceClusterId(),
						(admin) -> admin.deleteTopics(TopicCollection.ofTopicIds(List.of(old.get().topicId()))).all());
				awaitGone(link, mirror.sourceTopic());
				details.put("oldTopicDeleted", true);
			}
			if (toLift) {
				// before the reverse mirror recreates the topic and writes to it
				this.writeFence.lift(link.sourceClusterId(), mirror.sourceTopic());
				toLift = false;
			}
			MirrorEntity created = createReverse(stopped, reverseLink, plan, false, details);
			return new ReverseResponse(link.name(), mirror.name(), reverseLink.name(), mirror.sourceTopic(),
					AFTER_DISASTER, false, recopied, archived, archiveTopic, plan,
					this.mirrorService.get(reverseLink.name(), created.name(), reverseLink.direction()), back);
		}
		catch (RuntimeException ex) {
			details.put("failure", String.valueOf(ex.getMessage()));
			if (toLift && !liftQuietly(link, mirror)) {
				details.put("writeFenceLeft", "DENY WRITE User:* on topic " + mirror.sourceTopic());
			}
			this.transactions.executeWithoutResult((status) -> this.audit.record("mirror.reverse", "mirror",
					link.name() + "/" + mirror.name(), mirror.id(), mirror.version(), details));
			ApiException failure = (ex instanceof ApiException api) ? api : new ApiException(ProblemType.INTERNAL_ERROR,
					"the reverse failed after the records left behind were archived: " + ex.getMessage());
			failure.with("archiveTopic", archiveTopic)
				.with("recordsArchived", archived)
				.with("oldTopicDeleted", details.containsKey("oldTopicDeleted"));
			if (details.containsKey("writeFenceLeft")) {
				failure.with("writeFenceLeft", details.get("writeFenceLeft"));
			}
			throw failure;
		}
	}

	/** Lifts the write fence, or logs why it could not be; whether it is gone. */
	private boolean liftQuietly(LinkView link, MirrorEntity mirror) {
		try {
			this.writeFence.lift(link.sourceClusterId(), mirror.sourceTopic());
			return true;
		}
		catch (RuntimeException ex) {
			log.error(
					"mirror {}/{}: the DENY WRITE User:* on the old topic {} could not be removed; remove it by hand: "
							+ "{}",
					link.name(), mirror.name(), mirror.sourceTopic(), ex.toString());
			return false;
		}
	}

	/**
	 * What the old topic holds that the promoted topic does not: per partition from the
	 * mirrored offset when the old topic is the one that was mirrored, still holds
	 * everything up to it and (IDENTICAL) its record before it equals the promoted one;
	 * otherwise — recreated, truncated, or different — everything it holds.
	 */
	private Map<Integer, long[]> leftBehind(Stopped stopped, TopicDescription old) {
		LinkView link = stopped.link();
		MirrorEntity mirror = stopped.mirror();
		boolean sameTopic = mirror.sourceTopicId() == null || mirror.sourceTopicId().equals(old.topicId().toString());
		Map<Integer, MirrorPartitionEntity> rows = new HashMap<>();
		stopped.partitions().forEach((row) -> rows.put(row.partition(), row));
		List<TopicPartition> partitions = old.partitions()
			.stream()
			.map((info) -> new TopicPartition(mirror.sourceTopic(), info.partition()))
			.toList();
		Map<Integer, long[]> leftBehind = new TreeMap<>();
		this.gateway.logBounds(link.sourceClusterId(), partitions).forEach((tp, bounds) -> {
			MirrorPartitionEntity row = rows.get(tp.partition());
			Long mirrored = (row != null) ? finalOffset(stopped, row) : null;
			boolean continues = sameTopic && mirrored != null && bounds[1] >= mirrored
					&& tailMatches(stopped, row, bounds[0], mirrored);
			long from = continues ? Math.max(bounds[0], mirrored) : bounds[0];
			leftBehind.put(tp.partition(), new long[] { from, Math.max(from, bounds[1]) });
		});
		return leftBehind;
	}

	/**
	 * Where a partition of the stopped mirror ended: the stop report's mirrored offset
	 * (the worker wrote it after draining its pipeline: the destination holds every
	 * source record below it), else the last progress the worker reported (which may be
	 * behind: a planned swap is then refused, an archive holds some records twice — never
	 * fewer).
	 */
	private static @Nullable Long finalOffset(Stopped stopped, MirrorPartitionEntity row) {
		Map<String, Object> report = stopped.mirror().failoverReport();
		if (report != null && report.get("partitions") instanceof List<?> partitions) {
			for (Object partition : partitions) {
				if (partition instanceof Map<?, ?> entry && entry.get("partition") instanceof Number number
						&& number.intValue() == row.partition()
						&& entry.get("mirroredOffset") instanceof Number offset) {
					return offset.longValue();
				}
			}
		}
		return row.mirroredOffset();
	}

	/**
	 * Whether the old topic's record before the mirrored offset is the promoted one's.
	 */
	private boolean tailMatches(Stopped stopped, MirrorPartitionEntity row, long oldStart, long mirrored) {
		if (!OffsetMode.IDENTICAL.name().equals(row.offsetMode()) || mirrored - 1 < oldStart) {
			return true; // offsets differ between the topics, or nothing there to compare
		}
		MirrorEntity mirror = stopped.mirror();
		Optional<ConsumerRecord<byte[], byte[]>> old = this.gateway.recordAt(stopped.link().sourceClusterId(),
				new TopicPartition(mirror.sourceTopic(), row.partition()), mirrored - 1);
		Optional<ConsumerRecord<byte[], byte[]>> promoted = this.gateway.recordAt(stopped.link().destinationClusterId(),
				new TopicPartition(mirror.name(), row.partition()), mirrored - 1);
		return promoted.isEmpty() || (old.isPresent() && same(old.get(), promoted.get()));
	}

	/**
	 * Archives the records left behind, then reads the old topic's ends again and
	 * archives what it took meanwhile, until it stands still (at most three rounds; a
	 * topic still written to is refused, nothing deleted). The old topic's producers
	 * should be stopped: a record written after the last read and before the deletion is
	 * not archived.
	 * @return records archived
	 */
	private long archiveAll(LinkView link, MirrorEntity mirror, TopicDescription old, String archive,
			Map<Integer, long[]> leftBehind, boolean fenced) {
		List<TopicPartition> partitions = old.partitions()
			.stream()
			.map((info) -> new TopicPartition(mirror.sourceTopic(), info.partition()))
			.toList();
		Map<Integer, long[]> ranges = leftBehind;
		// per partition, the old topic's offset up to which everything is archived
		Map<Integer, Long> archivedTo = new HashMap<>();
		leftBehind.forEach((partition, range) -> archivedTo.put(partition, range[1]));
		long archived = 0;
		boolean created = false;
		boolean settled = false;
		for (int round = 1;; round++) {
			boolean any = ranges.values().stream().anyMatch((range) -> range[1] > range[0]);
			if (any && !created) {
				this.archive.create(link.sourceClusterId(), archive, old.partitions().size(),
						(short) old.partitions().get(0).replicas().size());
				created = true;
			}
			if (any) {
				archived += this.archive.append(link.sourceClusterId(), mirror.sourceTopic(), archive, ranges);
			}
			Map<Integer, long[]> growth = new TreeMap<>();
			this.gateway.logBounds(link.sourceClusterId(), partitions).forEach((tp, bounds) -> {
				long to = archivedTo.getOrDefault(tp.partition(), bounds[0]);
				if (bounds[1] > to) {
					growth.put(tp.partition(), new long[] { Math.max(to, bounds[0]), bounds[1] });
				}
			});
			if (growth.isEmpty() && fenced && !settled) {
				// a fenced topic must show no growth twice, a settle apart
				settled = true;
				this.writeFence.settle();
				ranges = Map.of();
				continue;
			}
			if (growth.isEmpty()) {
				log.info("mirror {}/{}: archived {} record(s) left behind in {} to {}, verified", link.name(),
						mirror.name(), archived, mirror.sourceTopic(), archive);
				return archived;
			}
			if (round == 3) {
				throw refused("the old source topic '" + mirror.sourceTopic() + "' is still being written (" + archived
						+ " record(s) archived to '" + archive + "' so far); stop its producers and reverse again. "
						+ "Nothing was deleted", "mirror")
					.with("archiveTopic", archive);
			}
			// the next round archives what the old topic took meanwhile
			growth.forEach((partition, range) -> archivedTo.put(partition, range[1]));
			ranges = growth;
		}
	}

	/**
	 * The reverse mirror and its partition rows, in one transaction: adopted partitions
	 * (planned swap: start offset and destination end equal) or partitions that start at
	 * the promoted topic's first offsets (after a disaster).
	 */
	private MirrorEntity createReverse(Stopped stopped, LinkView reverseLink, List<ReverseResponse.Partition> plan,
			boolean adopts, Map<String, Object> details) {
		MirrorEntity created = Objects.requireNonNull(this.transactions.execute((status) -> {
			MirrorEntity current = this.mirrors.findById(stopped.mirror().id())
				.filter((mirror) -> Objects.equals(mirror.version(), stopped.mirror().version()))
				.orElseThrow(() -> refused("mirror '" + stopped.mirror().name()
						+ "' changed while the reverse was being checked; try again", "mirror"));
			requireNoMirror(reverseLink, current);
			MirrorEntity reverse = this.mirrors.saveAndFlush(MirrorEntity.reversing(current, reverseLink.id(),
					reverseLink.destinationClusterId(), this.clock.instant(), adopts));
			for (ReverseResponse.Partition partition : plan) {
				// an adopted partition: start offset and destination end together
				// (MirrorSetup); otherwise only where copying starts
				this.jdbc.update(
						"insert into mirror_partitions (mirror_id, partition, state, start_offset, "
								+ "destination_end_offset, updated_at) values (?, ?, ?, ?, ?, now())",
						reverse.id(), partition.partition(), PartitionState.SETTING_UP.stored(),
						partition.startOffset(), adopts ? partition.startOffset() : null);
			}
			Map<String, Object> audited = new LinkedHashMap<>(details);
			audited.put("startOffsets",
					plan.stream()
						.collect(LinkedHashMap::new,
								(map, p) -> map.put(String.valueOf(p.partition()), p.startOffset()), Map::putAll));
			audited.put("state", reverse.state().name());
			this.audit.record("mirror.reverse", "mirror", reverseLink.name() + "/" + reverse.name(), reverse.id(),
					reverse.version(), audited);
			this.commands.publish(new MirrorChanged(reverse.id(), reverse.version(), this.clock.instant(),
					Command.Change.UPSERTED, reverseLink.rowName(), reverse.name()));
			return reverse;
		}));
		log.info("mirror {}/{} reversed: {}/{} mirrors {} back from offsets {}", stopped.link().name(),
				stopped.mirror().name(), reverseLink.name(), created.name(), created.sourceTopic(),
				plan.stream().map(ReverseResponse.Partition::startOffset).toList());
		return created;
	}

	/**
	 * Deleting and recreating a topic on the old source cluster is an admin's decision.
	 */
	private static void requireAdmin() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		boolean admin = caller != null
				&& caller.getAuthorities().stream().anyMatch((role) -> "ROLE_admin".equals(role.getAuthority()));
		if (!admin) {
			throw new ApiException(ProblemType.FORBIDDEN,
					"mode after-disaster deletes and recreates the old source topic: it needs the admin role")
				.with("field", "mode");
		}
	}

	private String archiveName(ReverseRequest request, String topic) {
		String name = (request.archiveTopic() != null) ? request.archiveTopic()
				: topic + ".left-behind." + ARCHIVE_TIME.format(this.clock.instant());
		String problem = Names.topicNameProblem(name);
		if (problem != null) {
			throw ApiException.invalidField("archiveTopic", problem);
		}
		if (name.startsWith("__")) {
			throw ApiException.invalidField("archiveTopic", "names starting with __ are Kafka's internal topics");
		}
		return name;
	}

	/** Topic deletion completes in the background; the mirror needs the name free. */
	private void awaitGone(LinkView link, String topic) {
		long deadline = System.nanoTime() + DELETION_WAIT.toNanos();
		while (this.gateway.describeTopic(link.sourceClusterId(), topic).isPresent()) {
			if (System.nanoTime() > deadline) {
				throw new ApiException(ProblemType.CLUSTER_UNAVAILABLE, "topic '" + topic
						+ "' was deleted but is still listed after " + DELETION_WAIT.toSeconds() + " s");
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ApiException(ProblemType.CLUSTER_UNAVAILABLE, "interrupted while waiting for the deletion");
			}
		}
	}

	private static ApiException refused(String detail, String field) {
		return new ApiException(ProblemType.REVERSE_REFUSED, detail).with("field", field);
	}

	private ReverseResponse.ConsumerOffsets offsetsBack(Stopped stopped, LinkView reverseLink) {
		return this.offsetsBack.of(stopped.link(), stopped.mirror().name(), reverseLink);
	}

	private record Stopped(LinkView link, MirrorEntity mirror, List<MirrorPartitionEntity> partitions) {
	}

}
