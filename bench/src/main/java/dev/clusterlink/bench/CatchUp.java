package dev.clusterlink.bench;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * A mirror created on a preloaded topic, from the earliest offset: how fast the worker
 * copies (from the first record on the destination to the last) and how long it takes
 * from the mirror's creation until the destination holds everything.
 *
 * @param copy records and bytes over the copy phase
 * @param toLagZeroNanos from the create request to lag 0
 */
record CatchUp(Throughput copy, long toLagZeroNanos) {

	/**
	 * Mirrors a preloaded topic and waits until the destination has every record.
	 * @param stack the stack
	 * @param topic the source topic
	 * @param mirror the mirror topic's name
	 * @param partitions partitions of the topic
	 * @param count records in the topic
	 * @param bytes their key and value bytes
	 * @param timeout how long the copy may take
	 * @return the measurement
	 */
	static CatchUp measure(BenchStack stack, String topic, String mirror, int partitions, long count, long bytes,
			Duration timeout) {
		List<TopicPartition> tps = Cluster.partitions(mirror, partitions);
		long created = System.nanoTime();
		stack.mirror(topic, mirror);
		long firstSeen = -1;
		long deadline = created + timeout.toNanos();
		while (true) {
			long copied = stack.destination().endOffsetSumOrZero(tps);
			long now = System.nanoTime();
			if (copied > 0 && firstSeen < 0) {
				firstSeen = now;
			}
			if (copied >= count) {
				return new CatchUp(new Throughput(count, bytes, now - firstSeen), now - created);
			}
			if (now > deadline) {
				throw new IllegalStateException("the mirror " + mirror + " of " + topic + " copied " + copied + " of "
						+ count + " records in " + timeout.toSeconds() + " s");
			}
			BenchStack.sleep(Duration.ofMillis(20));
		}
	}

}
