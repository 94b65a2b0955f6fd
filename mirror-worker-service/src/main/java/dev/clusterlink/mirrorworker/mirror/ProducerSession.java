package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * One incarnation of a link's destination producer, which is given up at once and for
 * good on the first doubt (DESIGN.md §4, abort never flush).
 *
 * <p>
 * {@link #abort} closes the producer with a zero timeout: every send not yet acknowledged
 * fails, nothing queued is transmitted any more, and no batch is retried with new
 * sequence numbers (the idempotent producer re-sequences the batches that follow a failed
 * one, which would land them at the failed batch's offsets). It is safe from any thread,
 * including the producer's own I/O thread inside a send callback, where Kafka turns it
 * into a forced close without a join. Only the pipeline thread creates sessions, sends,
 * and waits for an aborted session's callbacks with {@link #awaitClosed()}.
 */
final class ProducerSession {

	private final Producer<byte[], byte[]> producer;

	private final AtomicReference<@Nullable String> abortReason = new AtomicReference<>();

	/** Sends whose callback has not run yet. */
	private final AtomicInteger outstanding = new AtomicInteger();

	ProducerSession(Producer<byte[], byte[]> producer) {
		this.producer = producer;
	}

	/**
	 * Hands a record to the producer (pipeline thread).
	 * @throws RuntimeException when the producer refuses it at once (closed, for
	 * instance); then the callback was not called
	 */
	void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
		this.outstanding.incrementAndGet();
		try {
			this.producer.send(record, (metadata, failure) -> {
				try {
					callback.onCompletion(metadata, failure);
				}
				finally {
					this.outstanding.decrementAndGet();
				}
			});
		}
		catch (RuntimeException ex) {
			this.outstanding.decrementAndGet();
			throw ex;
		}
	}

	/**
	 * Gives the producer up at once; the first reason wins.
	 * @return whether this call aborted it
	 */
	boolean abort(String reason) {
		if (!this.abortReason.compareAndSet(null, reason)) {
			return false;
		}
		this.producer.close(Duration.ZERO);
		return true;
	}

	boolean isAborted() {
		return this.abortReason.get() != null;
	}

	@Nullable String abortReason() {
		return this.abortReason.get();
	}

	/**
	 * Aborts if not done yet and waits until every callback of this session has run (a
	 * forced close fails every incomplete send). Pipeline thread only.
	 * @return false when callbacks were still missing after the wait
	 */
	boolean awaitClosed(String reason, Duration wait) {
		abort(reason);
		long deadline = System.nanoTime() + wait.toNanos();
		while (this.outstanding.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		return this.outstanding.get() == 0;
	}

}
