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

	static CatchUp measure(BenchStack stack, String topic, int partitions, long count, long bytes, Duration timeout) {
		List<TopicPartition> tps = Cluster.partitions(topic, partitions);
		long created = System.nanoTime();
		stack.mirror(topic);
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
				throw new IllegalStateException("the mirror of " + topic + " copied " + copied + " of " + count
						+ " records in " + timeout.toSeconds() + " s");
			}
			BenchStack.sleep(Duration.ofMillis(20));
		}
	}

}
