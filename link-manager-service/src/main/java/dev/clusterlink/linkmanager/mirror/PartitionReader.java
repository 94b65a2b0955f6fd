package dev.clusterlink.linkmanager.mirror;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The records of one partition in {@code [from, end)}, read lazily by an assigned
 * consumer (no group), one poll at a time: memory holds one fetch at most. Paces each
 * poll when given a pacer; fails when the partition makes no progress for the stall
 * timeout; stops with a {@link CancellationException} when cancelled.
 */
final class PartitionReader implements Iterator<ConsumerRecord<byte[], byte[]>> {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PartitionReader.class);

	private final Consumer<byte[], byte[]> consumer;

	private final TopicPartition partition;

	private final long end;

	private final @Nullable RecordPacer pacer;

	private final Duration pollTimeout;

	private final Duration stallTimeout;

	private final BooleanSupplier cancelled;

	private @Nullable Iterator<ConsumerRecord<byte[], byte[]>> batch;

	private @Nullable ConsumerRecord<byte[], byte[]> peeked;

	private boolean done;

	PartitionReader(Consumer<byte[], byte[]> consumer, TopicPartition partition, long from, long end,
			@Nullable RecordPacer pacer, Duration pollTimeout, Duration stallTimeout, BooleanSupplier cancelled) {
		this.consumer = consumer;
		this.partition = partition;
		this.end = end;
		this.pacer = pacer;
		this.pollTimeout = pollTimeout;
		this.stallTimeout = stallTimeout;
		this.cancelled = cancelled;
		consumer.assign(List.of(partition));
		if (from >= end) {
			this.done = true;
		}
		else {
			consumer.seek(partition, from);
		}
	}

	@Override
	public boolean hasNext() {
		if (this.peeked == null && !this.done) {
			fill();
		}
		return this.peeked != null;
	}

	@Override
	public ConsumerRecord<byte[], byte[]> next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		ConsumerRecord<byte[], byte[]> record = this.peeked;
		this.peeked = null;
		return record;
	}

	private void fill() {
		long lastProgress = System.nanoTime();
		while (!this.done) {
			if (this.batch != null && this.batch.hasNext()) {
				ConsumerRecord<byte[], byte[]> record = this.batch.next();
				if (record.offset() >= this.end) {
					this.done = true;
					return;
				}
				this.peeked = record;
				return;
			}
			if (this.consumer.position(this.partition) >= this.end) {
				log.debug("{}: read to {} (position {})", this.partition, this.end,
						this.consumer.position(this.partition));
				this.done = true;
				return;
			}
			if (this.cancelled.getAsBoolean()) {
				throw new CancellationException("cancelled");
			}
			List<ConsumerRecord<byte[], byte[]>> records = this.consumer.poll(this.pollTimeout).records(this.partition);
			if (!records.isEmpty()) {
				pace(records.size());
				this.batch = records.iterator();
				lastProgress = System.nanoTime();
			}
			else if (System.nanoTime() - lastProgress > this.stallTimeout.toNanos()) {
				throw new IllegalStateException("no progress reading " + this.partition + " at offset "
						+ this.consumer.position(this.partition) + " for " + this.stallTimeout);
			}
		}
	}

	private void pace(int records) {
		if (this.pacer == null) {
			return;
		}
		try {
			this.pacer.acquire(records);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
	}

}
