package dev.clusterlink.faults.oracle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams the records of one partition in {@code [start, end)} through a consumer
 * assigned to that partition alone, one poll's worth at a time.
 * <p>
 * Invariants: records come out in strictly increasing offset order, each at most once,
 * all within the range (a consumer reset to the log start after an out-of-range seek
 * cannot replay or overshoot); at most one poll's records are buffered. It is exhausted
 * once the consumer's position reached {@code end} and the buffer is empty.
 */
final class PartitionReader {

	private final Consumer<byte[], byte[]> consumer;

	private final TopicPartition partition;

	private final long start;

	private final long end;

	private final Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();

	/** The lowest offset still to come out. */
	private long next;

	private boolean reachedEnd;

	PartitionReader(Consumer<byte[], byte[]> consumer, TopicPartition partition, long start, long end) {
		this.consumer = consumer;
		this.partition = partition;
		this.start = start;
		this.end = end;
		this.next = start;
		this.reachedEnd = start >= end;
		consumer.assign(this.reachedEnd ? List.of() : List.of(partition));
		if (!this.reachedEnd) {
			consumer.seek(partition, start);
		}
	}

	/**
	 * Polls once (waiting at most {@code timeout}) if nothing is buffered and the end is
	 * ahead.
	 */
	void fill(Duration timeout) {
		if (!this.buffer.isEmpty() || this.reachedEnd) {
			return;
		}
		for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(timeout).records(this.partition)) {
			if (record.offset() >= this.next && record.offset() < this.end) {
				this.buffer.add(record);
				this.next = record.offset() + 1;
			}
		}
		this.reachedEnd = this.consumer.position(this.partition, timeout) >= this.end;
	}

	/**
	 * The next record, or {@code null} if none is buffered (see {@link #exhausted()}).
	 */
	ConsumerRecord<byte[], byte[]> peek() {
		return this.buffer.peekFirst();
	}

	/** Drops the record {@link #peek()} returned. */
	void advance() {
		this.buffer.removeFirst();
	}

	boolean exhausted() {
		return this.reachedEnd && this.buffer.isEmpty();
	}

	String topic() {
		return this.partition.topic();
	}

	int partition() {
		return this.partition.partition();
	}

	long start() {
		return this.start;
	}

	long end() {
		return this.end;
	}

	/** Where reading is, for messages: the next offset expected. */
	long next() {
		return this.next;
	}

}
