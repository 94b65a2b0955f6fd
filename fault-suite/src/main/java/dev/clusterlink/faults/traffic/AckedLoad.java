package dev.clusterlink.faults.traffic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a source topic at a steady rate with an {@code acks=all}, idempotent producer on
 * a thread of its own, and remembers at which offset every acknowledged record landed.
 * <p>
 * Records go round-robin over the partitions, each to an explicit partition, keyed
 * {@code p<partition>-<seq>} (seq counts per partition from 0; a failed send uses its seq
 * up), with a {@link Payload} value, headers {@code run} and {@code seq} and an explicit
 * CreateTime timestamp. The thread never dies of a failed send: failures (synchronous or
 * after the bounded delivery timeout) are counted and it goes on. One run per instance:
 * once stopped, it does not start again.
 * <p>
 * Invariants: a record is counted as sent before the producer has it and as acknowledged
 * or failed exactly once, so {@code outstanding()} is never negative; an acknowledged
 * record is in {@link #acknowledgedRecords()} before {@link #acknowledged()} counts it.
 */
public final class AckedLoad implements AutoCloseable {

	/**
	 * How long the producer tries a record before it counts as failed, unless overridden.
	 */
	public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

	private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final String topic;

	private final String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);

	private final int recordsPerSecond;

	private final int valueBytes;

	private final long seed;

	private final Duration deliveryTimeout;

	private final KafkaProducer<byte[], byte[]> producer;

	private final Map<Integer, AckedPartition.Log> acks = new ConcurrentHashMap<>();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicReference<String> lastFailure = new AtomicReference<>();

	private final Object settled = new Object();

	private final Thread sender;

	private volatile int partitions;

	private volatile long pausedUntil = System.nanoTime();

	private volatile boolean stopping;

	private final AtomicBoolean closed = new AtomicBoolean();

	private AckedLoad(String bootstrap, String topic, int partitions, int recordsPerSecond, int valueBytes, long seed,
			Map<String, Object> producerOverrides) {
		if (partitions < 1 || recordsPerSecond < 1) {
			throw new IllegalArgumentException("partitions and recordsPerSecond must be positive");
		}
		this.topic = topic;
		this.partitions = partitions;
		this.recordsPerSecond = recordsPerSecond;
		this.valueBytes = valueBytes;
		this.seed = seed;
		Map<String, Object> config = producerConfig(bootstrap, topic, producerOverrides);
		this.deliveryTimeout = Duration
			.ofMillis(Long.parseLong(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).toString()));
		this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
		this.sender = Thread.ofPlatform().name("acked-load-" + topic).daemon().start(this::run);
	}

	/**
	 * Starts writing {@code topic} (which must exist with at least that many partitions).
	 */
	public static AckedLoad start(String bootstrap, String topic, int partitions, int recordsPerSecond, int valueBytes,
			long seed) {
		return start(bootstrap, topic, partitions, recordsPerSecond, valueBytes, seed, Map.of());
	}

	/**
	 * As {@link #start(String, String, int, int, int, long)}, with producer settings
	 * overridden.
	 */
	public static AckedLoad start(String bootstrap, String topic, int partitions, int recordsPerSecond, int valueBytes,
			long seed, Map<String, Object> producerOverrides) {
		return new AckedLoad(bootstrap, topic, partitions, recordsPerSecond, valueBytes, seed, producerOverrides);
	}

	public String runId() {
		return this.runId;
	}

	/** Records handed to the producer, failed ones included. */
	public long sent() {
		return this.sent.get();
	}

	public long acknowledged() {
		return this.acknowledged.get();
	}

	public long failed() {
		return this.failed.get();
	}

	/** Records sent whose fate is not known yet. */
	public long outstanding() {
		return sent() - acknowledged() - failed();
	}

	/** The last failure's description, if any failed. */
	public Optional<String> lastFailure() {
		return Optional.ofNullable(this.lastFailure.get());
	}

	/**
	 * Every acknowledged record so far, by partition (every partition written, in order).
	 */
	public Map<Integer, AckedPartition> acknowledgedRecords() {
		Map<Integer, AckedPartition> snapshot = new TreeMap<>();
		for (int partition = 0; partition < this.partitions; partition++) {
			snapshot.put(partition, log(partition).snapshot());
		}
		return Collections.unmodifiableMap(snapshot);
	}

	/** Starts writing to more partitions (which must exist); the count never shrinks. */
	public synchronized void partitions(int count) {
		if (count < this.partitions) {
			throw new IllegalArgumentException("partitions only grow: " + this.partitions + " -> " + count);
		}
		this.partitions = count;
	}

	/**
	 * Sends nothing new for this long (what is outstanding still completes); no catching
	 * up after.
	 */
	public synchronized void pauseFor(Duration duration) {
		this.pausedUntil = Math.max(this.pausedUntil, System.nanoTime() + duration.toNanos());
	}

	/**
	 * Stops sending and waits up to the delivery timeout (plus a margin) for outstanding
	 * records.
	 */
	public void stop() {
		stop(this.deliveryTimeout.plusSeconds(15));
	}

	/**
	 * Stops sending and waits up to {@code timeout}; true if nothing is outstanding then.
	 */
	public boolean stop(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.stopping = true;
		try {
			this.sender.join(timeout);
			synchronized (this.settled) {
				long remaining;
				while (outstanding() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
					TimeUnit.NANOSECONDS.timedWait(this.settled, remaining);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return outstanding() == 0;
	}

	/**
	 * Stops (see {@link #stop()}) and closes the producer; records still outstanding
	 * fail.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			stop();
			this.producer.close(Duration.ofSeconds(5));
		}
	}

	private void run() {
		Pacer pacer = new Pacer(this.recordsPerSecond);
		long[] nextSeq = new long[0];
		long next = 0;
		while (!this.stopping && !Thread.currentThread().isInterrupted()) {
			long pause = this.pausedUntil - System.nanoTime();
			if (pause > 0) {
				idle(pause);
				pacer.restart();
				continue;
			}
			for (long due = pacer.due(); due > 0 && !this.stopping; due--) {
				int partition = (int) (next++ % this.partitions);
				if (partition >= nextSeq.length) {
					nextSeq = Arrays.copyOf(nextSeq, this.partitions);
				}
				send(partition, nextSeq[partition]++);
				pacer.sent();
			}
			idle(pacer.untilNext());
		}
	}

	private void send(int partition, long seq) {
		byte[] key = Payload.key(partition, seq).getBytes(StandardCharsets.UTF_8);
		byte[] value = new Payload(this.runId, partition, seq).encode(this.valueBytes, this.seed);
		List<Header> headers = List.of(new RecordHeader("run", this.runId.getBytes(StandardCharsets.UTF_8)),
				new RecordHeader("seq", Long.toString(seq).getBytes(StandardCharsets.UTF_8)));
		this.sent.incrementAndGet();
		try {
			this.producer.send(
					new ProducerRecord<>(this.topic, partition, System.currentTimeMillis(), key, value, headers),
					(metadata, failure) -> completed(partition, seq, metadata, failure));
		}
		catch (RuntimeException ex) {
			completed(partition, seq, null, ex);
		}
	}

	private void completed(int partition, long seq, RecordMetadata metadata, Exception failure) {
		if (failure == null) {
			log(partition).add(metadata.offset(), seq);
			this.acknowledged.incrementAndGet();
		}
		else {
			this.lastFailure.set(Payload.key(partition, seq) + ": " + failure);
			this.failed.incrementAndGet();
		}
		synchronized (this.settled) {
			this.settled.notifyAll();
		}
	}

	private AckedPartition.Log log(int partition) {
		return this.acks.computeIfAbsent(partition, AckedPartition.Log::new);
	}

	private static void idle(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(Math.min(Math.max(nanos, 0), MAX_IDLE_NANOS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, Object> producerConfig(String bootstrap, String topic, Map<String, Object> overrides) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "acked-load-" + topic);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.putAll(overrides);
		return config;
	}

}
