package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.offsets.OffsetSegment;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * Checks, before a partition is written again after an abort or an unclean handover, that
 * the last record on the destination is the copy of the source record the offset map puts
 * there (DESIGN.md §8). What an aborted producer had in flight lands in its own sequence,
 * so it is in place; a record out of place at the tail (a late duplicate, a foreign
 * write) shows as a mismatch here, and the partition halts before anything more is
 * written after it.
 */
final class TailCheck {

	private final ClusterConnection source;

	private final ClusterConnection destination;

	private final String clientId;

	private final Duration timeout;

	TailCheck(ClusterConnection source, ClusterConnection destination, String clientId, Duration timeout) {
		this.source = source;
		this.destination = destination;
		this.clientId = clientId;
		this.timeout = timeout;
	}

	/**
	 * Compares the record before {@code destinationEnd} with its source.
	 * @return the halt when they differ, {@code null} when they match or cannot be
	 * compared (an empty partition, a source record retention deleted since)
	 */
	@Nullable Halt check(PartitionMirror pm, long destinationEnd, long destinationStart) {
		long last = destinationEnd - 1;
		OffsetSegment run = null;
		for (OffsetSegment segment : pm.map().segments()) {
			if (segment.destinationStart() <= last) {
				run = segment;
			}
		}
		if (last < destinationStart || run == null
				|| (run.length() != null && last >= run.destinationStart() + run.length())) {
			return null; // nothing there, or records that are not copies (acknowledged
							// foreign writes)
		}
		long sourceOffset = run.sourceStart() + (last - run.destinationStart());
		ConsumerRecord<byte[], byte[]> copy = read(this.destination, pm.destination, last);
		ConsumerRecord<byte[], byte[]> original = read(this.source, pm.source, sourceOffset);
		if (copy == null || original == null || copy.offset() != last) {
			return null;
		}
		if (original.offset() == sourceOffset && same(original, copy)) {
			return null;
		}
		return Halt.tailDiverged(pm.destination, last, sourceOffset);
	}

	private @Nullable ConsumerRecord<byte[], byte[]> read(ClusterConnection cluster, TopicPartition tp, long offset) {
		Map<String, Object> config = KafkaClientFactory.rawConsumerConfig(cluster, this.clientId + "-tail-check");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			consumer.assign(List.of(tp));
			consumer.seek(tp, offset);
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (System.nanoTime() < deadline) {
				List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(Duration.ofMillis(200)).records(tp);
				if (!records.isEmpty()) {
					return records.get(0);
				}
				if (consumer.position(tp, this.timeout) > offset) {
					return null; // no record there (a marker, or deleted)
				}
			}
			throw new org.apache.kafka.common.errors.TimeoutException(
					"reading " + tp + " at offset " + offset + " took longer than " + this.timeout.toSeconds() + "s");
		}
		catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException ex) {
			return null; // deleted by retention since
		}
	}

	private static boolean same(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
		if (!Arrays.equals(a.key(), b.key()) || !Arrays.equals(a.value(), b.value())
				|| a.timestamp() != b.timestamp()) {
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

}
