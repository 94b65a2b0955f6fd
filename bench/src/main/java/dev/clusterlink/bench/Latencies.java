package dev.clusterlink.bench;

import java.util.Arrays;

/**
 * End-to-end latencies in milliseconds, kept exactly (a few hundred thousand samples) for
 * exact percentiles.
 */
final class Latencies {

	private long[] samples = new long[1 << 16];

	private int count;

	synchronized void add(long millis) {
		if (this.count == this.samples.length) {
			this.samples = Arrays.copyOf(this.samples, this.samples.length * 2);
		}
		this.samples[this.count++] = millis;
	}

	synchronized int count() {
		return this.count;
	}

	/**
	 * The nearest-rank percentile: the smallest sample that at least {@code p} percent of
	 * the samples do not exceed.
	 */
	synchronized long percentile(double p) {
		if (this.count == 0) {
			throw new IllegalStateException("no samples");
		}
		long[] sorted = Arrays.copyOf(this.samples, this.count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * this.count);
		return sorted[Math.max(0, Math.min(this.count, rank) - 1)];
	}

	synchronized long max() {
		return percentile(100);
	}

}
