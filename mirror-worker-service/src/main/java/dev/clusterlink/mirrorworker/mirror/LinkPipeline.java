package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.mirror.DestinationReads.TopicCheck;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.offsets.OffsetSegment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Copies the partitions of one link that this worker owns: one source consumer and one
 * idempotent {@code acks=all} producer, byte for byte, on one thread (DESIGN.md §4, §9).
 *
 * <p>
 * The loop reads top-down: apply requests; after an aborted producer, wait for its last
 * callbacks and take every partition off the destination; position partitions from the
 * destination end offset (the checkpoint), settling first those whose records of unknown
 * outcome may still land; fetch only partitions that may be written; copy each polled
 * batch, storing new offset runs before their records are sent and checking the lease
 * before every record is handed over; verify each acknowledgement in the send callback.
 *
 * <p>
 * The producer never expires a record: a stalled or restarted destination is waited for.
 * The first failed send, a divergence, or a closed send window aborts the producer at
 * once ({@link ProducerSession}); nothing of it reaches the destination afterwards except
 * what was already on the wire, which the settle waits for. Any exception of the loop is
 * counted, shown in the partitions' last error and the worker's health, and retried with
 * back-off and jitter: the thread never dies while the pipeline is open.
 *
 * <p>
 * Threads and rights (DESIGN.md §9): the copy thread {@code mirror-<link>} alone owns the
 * consumer, the assignment, the producer session's creation and the partitions'
 * positions, and writes offset runs (fenced). The requests ({@link #add},
 * {@link #remove}, {@link #pause}) come from the reconciler thread and only enqueue work
 * or flip a flag; {@link #fence} comes from the {@code lease-fence} thread and only
 * aborts the producer. The producer's I/O thread runs the acknowledgement callbacks: it
 * writes acknowledged positions, in-flight counts, halts (compare-and-set) and aborts the
 * session. Halts are reported once through {@link Events}, which only submits work to the
 * reconciler.
 */
final class LinkPipeline implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LinkPipeline.class);

	/** Bytes counted per record beside key and value (batch and record headers). */
	private static final long RECORD_OVERHEAD = 64;

	/** How often pending partitions read the destination end offsets while settling. */
	private static final long POSITION_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final String link;

	private final ClusterConnection source;

	private final ClusterConnection destination;

	private final WorkerProperties properties;

	private final PartitionStore store;

	private final MirrorMetrics metrics;

	private final Events events;

	private final Map<TopicPartition, PartitionMirror> partitions = new ConcurrentHashMap<>();

	private final Set<UUID> pausedMirrors = ConcurrentHashMap.newKeySet();

	private final Map<UUID, Removal> removals = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<List<PartitionMirror>> additions = new ConcurrentLinkedQueue<>();

	/**
	 * Bytes sent and not yet acknowledged: added per polled partition by the copy thread,
	 * taken back per record by the producer's I/O thread (a LongAdder: the two threads do
	 * not contend on one counter).
	 */
	private final LongAdder unackedBytes = new LongAdder();

	/** The copy thread waits for acknowledgements to free room under max-unacked. */
	private volatile boolean waitingForRoom;

	private final Object signal = new Object();

	private volatile boolean running = true;

	private final Thread thread;

	private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

	private final Backoff positionBackoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

	private final PipelineClients clients;

	/** The partitions assigned to the consumer (copy thread). */
	private Set<TopicPartition> assigned = Set.of();

	/** Partitions positioned since the last assignment, to seek (copy thread). */
	private final List<PartitionMirror> toSeek = new ArrayList<>();

	private @Nullable Consumer<byte[], byte[]> consumer;

	/** The producer; replaced after an abort (the fence thread and callbacks read it). */
	private volatile @Nullable ProducerSession session;

	private @Nullable Admin destinationAdmin;

	private long lastObservedAll;

	private long nextPositionAttempt;

	private long lastStallCheck;

	private final Map<String, Long> topicChecks = new HashMap<>();

	private volatile @Nullable String loopFailure;

	private volatile @Nullable String positionFailure;

	private volatile long failingSince;

	LinkPipeline(String link, ClusterConnection source, ClusterConnection destination, PipelineClients clients,
			WorkerProperties properties, PartitionStore store, MirrorMetrics metrics, Events events) {
		this.link = link;
		this.source = source;
		this.destination = destination;
		this.properties = properties;
		this.store = store;
		this.metrics = metrics;
		this.events = events;
		this.clients = clients;
		this.thread = new Thread(this::run, "mirror-" + link);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	// ---- requests (any thread) ----------------------------------------------------

	/**
	 * Adds partitions; they start at the destination end offset (after settling, when
	 * their lease's previous holder did not hand over cleanly).
	 */
	void add(List<PartitionMirror> added) {
		this.additions.add(List.copyOf(added));
		wake();
	}

	/**
	 * Stops copying a mirror: its partitions stop fetching, its in-flight records are
	 * acknowledged or failed (after {@code drain-timeout} the producer is aborted), then
	 * they are unassigned.
	 * @param mirrorId the mirror
	 * @return completes when nothing of the mirror is in flight any more: with true when
	 * every record handed over was acknowledged or definitely failed, false when some
	 * outcome is unknown (the next holder of the lease settles first)
	 */
	CompletableFuture<Boolean> remove(UUID mirrorId) {
		Removal removal = this.removals.computeIfAbsent(mirrorId, (id) -> new Removal(new CompletableFuture<>(),
				System.nanoTime() + this.properties.drainTimeout().toNanos()));
		wake();
		return removal.done();
	}

	/**
	 * Pauses or resumes fetching for a mirror (operator pause, link pause, promotion
	 * drain).
	 */
	void pause(UUID mirrorId, boolean paused) {
		boolean changed = paused ? this.pausedMirrors.add(mirrorId) : this.pausedMirrors.remove(mirrorId);
		if (changed) {
			wake();
		}
	}

	/**
	 * The send window of a mirror's lease closed (lease-fence thread): if records of the
	 * mirror are in flight, the producer is aborted at once, so nothing queued reaches
	 * the destination after the lease may have moved.
	 */
	void fence(UUID mirrorId) {
		ProducerSession current = this.session;
		if (current != null && partitionsOf(mirrorId).stream().anyMatch((pm) -> pm.inFlight() > 0)) {
			current.abort("the lease of mirror " + mirrorId + " was not renewed in time");
			wake();
		}
	}

	/** Whether fetching is paused for a mirror. */
	boolean isPaused(UUID mirrorId) {
		return this.pausedMirrors.contains(mirrorId);
	}

	/** The partitions of a mirror on this pipeline. */
	List<PartitionMirror> partitionsOf(UUID mirrorId) {
		return this.partitions.values().stream().filter((pm) -> pm.mirrorId.equals(mirrorId)).toList();
	}

	Collection<PartitionMirror> partitions() {
		return this.partitions.values();
	}

	/** Whether the pipeline still copies anything. */
	boolean isEmpty() {
		return this.partitions.isEmpty() && this.additions.isEmpty();
	}

	boolean usesClusters(ClusterConnection source, ClusterConnection destination) {
		return this.source.equals(source) && this.destination.equals(destination);
	}

	String link() {
		return this.link;
	}

	/**
	 * Why the copy loop, or positioning partitions on the destination, failed last while
	 * it keeps failing; {@code null} when healthy.
	 */
	@Nullable String lastFailure() {
		String loop = this.loopFailure;
		return (loop != null) ? loop : this.positionFailure;
	}

	/**
	 * Since when (System.nanoTime) the loop fails, when {@link #lastFailure()} is set.
	 */
	long failingSince() {
		return this.failingSince;
	}

	@Override
	public void close() {
		this.running = false;
		wake();
		try {
			this.thread.join(this.properties.drainTimeout().plusSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---- the copy thread -------------------------------------------------------------

	private void run() {
		MDC.put("link", this.link);
		try {
			while (this.running) {
				try {
					loopOnce();
				}
				catch (WakeupException ex) {
					// a request arrived
				}
				catch (Throwable ex) { // the thread must not die unseen (DESIGN.md §9)
					failed(ex);
				}
			}
		}
		finally {
			closeClients();
			this.removals.values().forEach((removal) -> removal.done().complete(false));
			MDC.remove("link");
		}
	}

	private void loopOnce() {
		openClients();
		applyAdditions();
		ProducerSession current = this.session;
		if (current != null && current.isAborted()) {
			recover(current);
		}
		completeRemovals();
		try {
			positionPending();
		}
		catch (RuntimeException ex) {
			positioningFailed(ex);
		}
		syncAssignment();
		if (this.assigned.isEmpty()) {
			checkStalls();
			awaitSignal(Duration.ofMillis(hasPending() ? 100 : 500));
			healthy();
			return;
		}
		updateFetching();
		long maxUnacked = this.properties.producer().maxUnacked().toBytes();
		if (this.unackedBytes.sum() > maxUnacked) {
			// set before the second look: an acknowledgement after it wakes this thread
			this.waitingForRoom = true;
			if (this.unackedBytes.sum() > maxUnacked) {
				awaitSignal(Duration.ofMillis(20));
			}
			this.waitingForRoom = false;
			checkStalls();
			return;
		}
		ConsumerRecords<byte[], byte[]> records;
		try {
			records = this.consumer.poll(this.properties.pollTimeout());
		}
		catch (OffsetOutOfRangeException ex) {
			outOfRange(ex);
			return;
		}
		for (TopicPartition tp : records.partitions()) {
			copy(tp, records.records(tp));
		}
		observe(records.partitions());
		checkStalls();
		healthy();
	}

	/**
	 * After an abort: waits until every callback of the aborted producer has run, then
	 * takes every partition off the destination. Those with records of unknown outcome
	 * settle before they are positioned again (DESIGN.md §8).
	 */
	private void recover(ProducerSession aborted) {
		String reason = String.valueOf(aborted.abortReason());
		if (!aborted.awaitClosed(reason, this.properties.drainTimeout())) {
			log.warn("mirror({}): the aborted producer did not complete every send within {}s", this.link,
					this.properties.drainTimeout().toSeconds());
		}
		this.session = null;
		this.unackedBytes.reset();
		int unknown = 0;
		for (PartitionMirror pm : this.partitions.values()) {
			pm.unposition();
			unknown += pm.settleRequired() ? 1 : 0;
		}
		this.metrics.producerAborted(this.link);
		log.info("mirror({}): producer aborted ({}); {} partition(s) with sends of unknown outcome settle before "
				+ "copying resumes from the destination end offsets", this.link, reason, unknown);
	}

	/**
	 * Positions partitions that are not on the destination yet: from the destination end
	 * offset, once it has not moved for the settle window where a predecessor may still
	 * have records in flight, and after their last record was checked against the source.
	 */
	private void positionPending() {
		long now = System.nanoTime();
		List<PartitionMirror> pending = this.partitions.values()
			.stream()
			.filter((pm) -> !pm.isStarted() && pm.halted() == null && !this.removals.containsKey(pm.mirrorId))
			.toList();
		if (pending.isEmpty()) {
			this.positionFailure = null;
			return;
		}
		if (now < this.nextPositionAttempt) {
			return;
		}
		this.nextPositionAttempt = now + POSITION_RETRY_NANOS;
		Map<TopicPartition, Long> ends = destinationOffsets(pending, OffsetSpec.latest());
		long window = this.properties.settleWindow().toNanos();
		List<PartitionMirror> ready = new ArrayList<>();
		for (PartitionMirror pm : pending) {
			Long end = ends.get(pm.destination);
			if (end != null && (!pm.settleRequired() || pm.settled(end, now, window))) {
				ready.add(pm);
			}
		}
		if (ready.isEmpty()) {
			return;
		}
		Map<TopicPartition, Long> starts = destinationOffsets(ready, OffsetSpec.earliest());
		if (this.session == null) {
			this.session = new ProducerSession(this.clients.destinationProducer());
		}
		for (PartitionMirror pm : ready) {
			long end = ends.get(pm.destination);
			long start = starts.getOrDefault(pm.destination, 0L);
			if (pm.settleRequired()) {
				Halt halt = this.clients.checkTail(pm, end, start);
				if (halt != null) {
					halt(pm, halt);
					continue;
				}
			}
			this.store.trimRuns(pm.lease, pm.destination.partition(), end);
			long next = pm.startAt(end);
			pm.observedDestinationStart(start);
			this.toSeek.add(pm);
			log.debug("position({}): destination ends at {}, next source offset {} ({})", pm, end, next, pm.map());
		}
		this.positionFailure = null;
		this.positionBackoff.reset();
	}

	/**
	 * Positioning failed (the destination or the state store did not answer): retried
	 * with back-off; partitions already copying go on.
	 */
	private void positioningFailed(RuntimeException failure) {
		String error = KafkaErrors.describe(failure, List.of());
		if (lastFailure() == null) {
			this.failingSince = System.nanoTime();
		}
		this.positionFailure = "positioning partitions of link " + this.link + " on the destination fails: " + error;
		this.metrics.pipelineFailure(this.link);
		Duration wait = this.positionBackoff.next();
		this.nextPositionAttempt = System.nanoTime() + wait.toNanos();
		log.warn("mirror({}): positioning partitions failed ({} in a row), retrying in {} ms: {}", this.link,
				this.positionBackoff.failures(), wait.toMillis(), error);
	}

	private boolean hasPending() {
		return this.partitions.values().stream().anyMatch((pm) -> !pm.isStarted() && pm.halted() == null);
	}

	/**
	 * Assigns the consumer exactly the partitions that copy: positioned and not halted (a
	 * halted partition leaves the assignment, so it stops only itself).
	 */
	private void syncAssignment() {
		Set<TopicPartition> live = new HashSet<>();
		this.partitions.values().stream().filter(PartitionMirror::isLive).forEach((pm) -> live.add(pm.source));
		if (!live.equals(this.assigned)) {
			this.consumer.assign(live);
			Set<TopicPartition> added = new HashSet<>(live);
			added.removeAll(this.assigned);
			this.assigned = live;
			added.forEach((tp) -> this.consumer.seek(tp, this.partitions.get(tp).fetchFrom()));
			log.info("mirror({}): now copying {} partition(s)", this.link, live.size());
		}
		for (PartitionMirror pm : this.toSeek) {
			if (live.contains(pm.source) && this.partitions.get(pm.source) == pm) {
				this.consumer.seek(pm.source, pm.fetchFrom());
			}
		}
		this.toSeek.clear();
	}

	/**
	 * Sends the records of one polled partition, in order, each with its expected
	 * destination offset, checking before each one that it may still be handed over.
	 */
	private void copy(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
		PartitionMirror pm = this.partitions.get(tp);
		ProducerSession current = this.session;
		if (pm == null || !pm.isLive() || current == null) {
			return; // it leaves the assignment on the next round
		}
		if (!sendable(pm) || current.isAborted()) {
			this.consumer.seek(tp, pm.fetchFrom()); // fetched before a pause took effect
			return;
		}
		List<OffsetSegment> runs = pm.runsFor(records);
		if (!runs.isEmpty()) {
			try {
				this.store.appendRuns(pm.lease, tp.partition(), pm.map(), runs);
				pm.addRuns(runs);
				log.debug("copy({}): source gap, {} new run(s) from source offset {}", pm, runs.size(),
						runs.get(0).sourceStart());
			}
			catch (RuntimeException ex) {
				log.warn("copy({}): storing offset runs failed, retrying: {}", pm, ex.getMessage());
				this.consumer.seek(tp, pm.fetchFrom());
				return;
			}
		}
		MirrorMetrics.MirrorMeters meters = this.metrics.of(pm.link, pm.mirror);
		long chunkBytes = 0;
		for (ConsumerRecord<byte[], byte[]> record : records) {
			chunkBytes += sizeOf(record);
		}
		if (pm.inFlight() == 0) {
			pm.touch(); // a stall is measured from here
		}
		// counted before the first send: its acknowledgement may come before the loop
		// ends
		this.unackedBytes.add(chunkBytes);
		pm.sending(records.size());
		int sent = 0;
		try {
			int last = records.size() - 1;
			for (ConsumerRecord<byte[], byte[]> record : records) {
				if (!pm.lease.canSend(System.nanoTime()) || current.isAborted() || pm.halted() != null) {
					break; // fenced per record, not per chunk (DESIGN.md §8)
				}
				send(current, pm, meters, record, sent == last);
				sent++;
				chunkBytes -= sizeOf(record);
			}
		}
		catch (RuntimeException ex) {
			// refused at once (no callback): the producer is unusable; outcome of the
			// rest
			// is decided by the abort
			current.abort("send of " + pm + " refused: " + SendFailures.describe(ex));
		}
		finally {
			if (sent < records.size()) {
				pm.sending(sent - records.size());
				this.unackedBytes.add(-chunkBytes);
				this.consumer.seek(tp, pm.fetchFrom());
			}
		}
	}

	/**
	 * Sends one record with its expected destination offset; the acknowledgement verifies
	 * the offset the broker assigned (verify-on-ack).
	 * @param sample whether the acknowledgement records a latency sample (the last record
	 * of each chunk)
	 */
	private void send(ProducerSession current, PartitionMirror pm, MirrorMetrics.MirrorMeters meters,
			ConsumerRecord<byte[], byte[]> record, boolean sample) {
		long sourceOffset = record.offset();
		long expected = pm.claim(sourceOffset);
		long timestamp = record.timestamp();
		current.send(
				new ProducerRecord<>(pm.destination.topic(), pm.destination.partition(),
						(timestamp >= 0) ? timestamp : null, record.key(), record.value(), record.headers()),
				acknowledgement(current, pm, meters, sourceOffset, expected, sizeOf(record), timestamp, sample));
	}

	/**
	 * What happens when the destination answers for one record, on the producer's I/O
	 * thread: verify the offset, or give the producer up on the first failure. The lease
	 * is checked here too: a worker resumed after a freeze handles the acknowledgements
	 * that arrived meanwhile before its producer can send again, and aborts it here.
	 */
	private Callback acknowledgement(ProducerSession current, PartitionMirror pm, MirrorMetrics.MirrorMeters meters,
			long sourceOffset, long expected, long size, long timestamp, boolean sample) {
		return (metadata, failure) -> {
			this.unackedBytes.add(-size);
			if (failure == null) {
				if (!pm.lease.canSend(System.nanoTime())) {
					current.abort("the lease of mirror " + pm.mirror + " is past its send window");
				}
				if (pm.acknowledged(sourceOffset, expected, metadata.offset())) {
					meters.copied(size - RECORD_OVERHEAD);
					if (sample) {
						meters.latency(timestamp, System.currentTimeMillis());
					}
				}
				else {
					current.abort("partition " + pm + " diverged");
					reportHalt(pm);
				}
			}
			else {
				failedSend(current, pm, sourceOffset, expected, size, failure);
			}
			if (this.waitingForRoom && this.unackedBytes.sum() <= this.properties.producer().maxUnacked().toBytes()) {
				wakeWaiter();
			}
		};
	}

	private void failedSend(ProducerSession current, PartitionMirror pm, long sourceOffset, long expected, long size,
			Exception failure) {
		boolean abortedBefore = current.isAborted();
		current.abort("the send of " + pm + " at source offset " + sourceOffset + " failed: "
				+ SendFailures.describe(failure));
		String permanent = SendFailures.permanentCause(failure);
		if (permanent != null) {
			pm.unacknowledged(SendFailures.describe(failure));
			halt(pm, Halt.sendRejected(pm.destination, sourceOffset, size, expected, permanent));
		}
		else {
			// the failures that follow an abort are its consequence, not news
			pm.unacknowledged(abortedBefore ? null : SendFailures.describe(failure));
		}
		wake();
	}

	private void reportHalt(PartitionMirror pm) {
		if (pm.reportHalt()) {
			this.events.halted(pm);
		}
		wake();
	}

	private void halt(PartitionMirror pm, Halt halt) {
		pm.halt(halt);
		reportHalt(pm);
	}

	/** What a record takes in the producer's buffers: key, value and a batch overhead. */
	private static long sizeOf(ConsumerRecord<byte[], byte[]> record) {
		return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()) + RECORD_OVERHEAD;
	}

	/**
	 * A partition may be fetched and written: live, not paused, not being removed, lease
	 * fresh.
	 */
	private boolean sendable(PartitionMirror pm) {
		return pm.isLive() && !this.pausedMirrors.contains(pm.mirrorId) && !this.removals.containsKey(pm.mirrorId)
				&& pm.lease.canSend(System.nanoTime());
	}

	private void updateFetching() {
		List<TopicPartition> fetch = new ArrayList<>();
		List<TopicPartition> hold = new ArrayList<>();
		for (TopicPartition tp : this.assigned) {
			PartitionMirror pm = this.partitions.get(tp);
			(pm != null && sendable(pm) ? fetch : hold).add(tp);
		}
		Set<TopicPartition> paused = this.consumer.paused();
		List<TopicPartition> toResume = fetch.stream().filter(paused::contains).toList();
		List<TopicPartition> toPause = hold.stream().filter((tp) -> !paused.contains(tp)).toList();
		if (!toPause.isEmpty()) {
			this.consumer.pause(toPause);
		}
		if (!toResume.isEmpty()) {
			// records fetched while paused are dropped by the consumer; make sure we
			// continue where we stopped
			for (TopicPartition tp : toResume) {
				this.consumer.seek(tp, this.partitions.get(tp).fetchFrom());
			}
			this.consumer.resume(toResume);
		}
	}

	private void applyAdditions() {
		List<PartitionMirror> batch;
		int added = 0;
		while ((batch = this.additions.poll()) != null) {
			for (PartitionMirror pm : batch) {
				if (this.partitions.putIfAbsent(pm.source, pm) == null) {
					added++;
				}
			}
		}
		if (added > 0) {
			this.nextPositionAttempt = 0;
			log.info("mirror({}): {} partition(s) added", this.link, added);
		}
	}

	/**
	 * Destination offsets of partitions ({@link DestinationReads#offsets}); a partition
	 * whose topic is gone from the destination halts in FAILED.
	 */
	private Map<TopicPartition, Long> destinationOffsets(Collection<PartitionMirror> targets, OffsetSpec spec) {
		return DestinationReads.offsets(this.destinationAdmin, targets, spec, this.properties.adminTimeout(),
				(pm) -> halt(pm, topicGone(pm)));
	}

	private static Halt topicGone(PartitionMirror pm) {
		return Halt.destinationTopicGone(pm.destination);
	}

	/**
	 * Records wait for an acknowledgement longer than {@code stall-timeout}: a broker
	 * that is down or frozen is waited for, but a mirror topic deleted on the destination
	 * fails its partitions (the producer would wait for it forever).
	 */
	private void checkStalls() {
		long now = System.nanoTime();
		if (now - this.lastStallCheck < TimeUnit.SECONDS.toNanos(1)) {
			return;
		}
		this.lastStallCheck = now;
		long stall = this.properties.stallTimeout().toNanos();
		Set<String> stalled = new HashSet<>();
		for (PartitionMirror pm : this.partitions.values()) {
			if (pm.isLive() && pm.inFlight() > 0 && now - pm.lastProgressNanos() > stall) {
				stalled.add(pm.destination.topic());
			}
		}
		this.topicChecks.keySet().retainAll(stalled);
		for (String topic : stalled) {
			Long last = this.topicChecks.get(topic);
			if (last != null && now - last < stall) {
				continue;
			}
			this.topicChecks.put(topic, now);
			log.info("mirror({}): records for {} wait for an acknowledgement for more than {}s; checking the topic",
					this.link, topic, this.properties.stallTimeout().toSeconds());
			TopicCheck check = DestinationReads.topic(this.destinationAdmin, topic, this.properties.adminTimeout());
			ProducerSession current = this.session;
			if (check == TopicCheck.GONE) {
				if (current != null) {
					current.abort("the mirror topic " + topic + " is gone from the destination");
				}
				this.partitions.values()
					.stream()
					.filter((pm) -> pm.destination.topic().equals(topic))
					.forEach((pm) -> halt(pm, topicGone(pm)));
			}
			else if (check == TopicCheck.PRESENT && current != null) {
				// the destination answers but the producer makes no progress (it can loop
				// on a sequence error for ever): give it up; the partitions settle and
				// resume from the destination end offsets
				current.abort("no acknowledgement for " + this.properties.stallTimeout().toSeconds()
						+ "s while the destination answers");
			}
		}
	}

	/**
	 * Removes the mirrors whose partitions have nothing in flight; aborts the producer
	 * for one that waited past {@code drain-timeout}.
	 */
	private void completeRemovals() {
		long now = System.nanoTime();
		for (Map.Entry<UUID, Removal> entry : this.removals.entrySet()) {
			List<PartitionMirror> owned = partitionsOf(entry.getKey());
			if (owned.stream().anyMatch((pm) -> pm.inFlight() > 0)) {
				ProducerSession current = this.session;
				if (now > entry.getValue().deadlineNanos() && current != null) {
					current.abort("mirror " + entry.getKey() + " stops, and its records were not acknowledged within "
							+ this.properties.drainTimeout().toSeconds() + "s");
				}
				continue;
			}
			boolean drained = owned.stream()
				.noneMatch((pm) -> pm.settleRequired() || pm.nextDestination() > pm.acknowledgedDestination());
			owned.forEach((pm) -> this.partitions.remove(pm.source, pm));
			this.pausedMirrors.remove(entry.getKey());
			this.removals.remove(entry.getKey());
			entry.getValue().done().complete(drained);
		}
	}

	/**
	 * Keeps positions and source end offsets fresh for lag (polled partitions now, all
	 * every second).
	 */
	private void observe(Set<TopicPartition> polled) {
		long now = System.nanoTime();
		boolean all = now - this.lastObservedAll > TimeUnit.SECONDS.toNanos(1);
		Collection<TopicPartition> targets = all ? this.assigned : polled;
		if (all) {
			this.lastObservedAll = now;
		}
		Set<TopicPartition> paused = this.consumer.paused();
		for (TopicPartition tp : targets) {
			PartitionMirror pm = this.partitions.get(tp);
			if (pm == null || !pm.isLive() || paused.contains(tp)) {
				continue;
			}
			long position = this.consumer.position(tp, Duration.ZERO);
			OptionalLong lag = this.consumer.currentLag(tp);
			pm.observed(position, lag.isPresent() ? position + lag.getAsLong() : null);
		}
	}

	/**
	 * The source no longer has the offset to fetch (the consumer's position: records with
	 * no copy that it moved over are not counted): retention deleted records not mirrored
	 * yet (or the link skips them by policy), or the source log ended before the mirrored
	 * position.
	 */
	private void outOfRange(OffsetOutOfRangeException ex) {
		ex.offsetOutOfRangePartitions().forEach((tp, fetchOffset) -> {
			PartitionMirror pm = this.partitions.get(tp);
			if (pm == null || !pm.isLive()) {
				return;
			}
			Duration timeout = this.properties.adminTimeout();
			long start = this.consumer.beginningOffsets(List.of(tp), timeout).get(tp);
			long end = this.consumer.endOffsets(List.of(tp), timeout).get(tp);
			this.events.outOfRange(pm, fetchOffset, start, end, (skipTo) -> this.consumer.seek(tp, skipTo));
		});
	}

	private void openClients() {
		if (this.consumer == null) {
			this.consumer = this.clients.sourceConsumer();
		}
		if (this.destinationAdmin == null) {
			this.destinationAdmin = this.clients.destinationAdmin();
		}
	}

	private void closeClients() {
		ProducerSession current = this.session;
		if (current != null) {
			current.awaitClosed("the pipeline closes", Duration.ofSeconds(5));
		}
		if (this.consumer != null) {
			this.consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
		}
		if (this.destinationAdmin != null) {
			this.destinationAdmin.close(Duration.ofSeconds(5));
		}
	}

	/** The loop failed: count it, show it, and wait with back-off and jitter. */
	private void failed(Throwable failure) {
		String error = KafkaErrors.describe(failure, List.of());
		if (lastFailure() == null) {
			this.failingSince = System.nanoTime();
		}
		this.loopFailure = "the copy loop of link " + this.link + " fails: " + error;
		this.metrics.pipelineFailure(this.link);
		Duration wait = this.backoff.next();
		if (failure instanceof Error) {
			log.error("mirror({}): copy loop failed, retrying in {} ms", this.link, wait.toMillis(), failure);
		}
		else {
			log.warn("mirror({}): copy loop failed ({} in a row), retrying in {} ms: {}", this.link,
					this.backoff.failures(), wait.toMillis(), error);
		}
		ProducerSession current = this.session;
		if (current != null) {
			// state of a half-done step is not trusted: settle and position again
			current.abort("the copy loop failed: " + error);
		}
		awaitSignal(wait);
	}

	private void healthy() {
		if (this.loopFailure != null) {
			log.info("mirror({}): copy loop recovered", this.link);
			this.loopFailure = null;
		}
		this.backoff.reset();
	}

	private void wake() {
		Consumer<byte[], byte[]> current = this.consumer;
		if (current != null && Thread.currentThread() != this.thread) {
			current.wakeup();
		}
		wakeWaiter();
	}

	private void wakeWaiter() {
		synchronized (this.signal) {
			this.signal.notifyAll();
		}
	}

	private void awaitSignal(Duration timeout) {
		synchronized (this.signal) {
			try {
				this.signal.wait(Math.max(1, timeout.toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A mirror leaving the pipeline, and when its drain gives up. */
	private record Removal(CompletableFuture<Boolean> done, long deadlineNanos) {
	}

	/**
	 * What the pipeline reports ({@link HaltPolicy}): called on the copy thread or the
	 * producer's I/O thread, never blocking them.
	 */
	interface Events {

		/**
		 * A partition halted (its {@link PartitionMirror#halted()} says why); called once
		 * per halt.
		 */
		void halted(PartitionMirror partition);

		/**
		 * The source no longer has the offset the partition would fetch.
		 * @param partition the partition
		 * @param fetchOffset the offset it would fetch
		 * @param sourceStart the source log start offset
		 * @param sourceEnd the source end offset
		 * @param skipTo moves the fetch position (when the link skips lost records)
		 */
		void outOfRange(PartitionMirror partition, long fetchOffset, long sourceStart, long sourceEnd,
				java.util.function.LongConsumer skipTo);

	}

}
