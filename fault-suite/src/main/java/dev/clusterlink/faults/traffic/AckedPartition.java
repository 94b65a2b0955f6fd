package dev.clusterlink.faults.traffic;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The acknowledged records of one partition, as offsets and sequence numbers in two
 * parallel arrays (16 bytes a record); an immutable snapshot.
 * <p>
 * Invariant: entry {@code i} says the record keyed {@code p<partition>-<seq(i)>} was
 * acknowledged at {@code offset(i)}.
 */
public final class AckedPartition {

	private final int partition;

	private final long[] offsets;

	private final long[] seqs;

	private AckedPartition(int partition, long[] offsets, long[] seqs) {
		this.partition = partition;
		this.offsets = offsets;
		this.seqs = seqs;
	}

	/** A snapshot of the first {@code size} entries of both arrays (copied). */
	public static AckedPartition of(int partition, long[] offsets, long[] seqs, int size) {
		if (size > offsets.length || size > seqs.length) {
			throw new IllegalArgumentException("size " + size + " exceeds the arrays");
		}
		return new AckedPartition(partition, Arrays.copyOf(offsets, size), Arrays.copyOf(seqs, size));
	}

	public int partition() {
		return this.partition;
	}

	public int size() {
		return this.offsets.length;
	}

	public long offset(int index) {
		return this.offsets[index];
	}

	public long seq(int index) {
		return this.seqs[index];
	}

	/** The key of entry {@code index}: {@code p<partition>-<seq>}. */
	public String key(int index) {
		return Payload.key(this.partition, this.seqs[index]);
	}

	/** The same entries in offset order (this one if already in order). */
	public AckedPartition sortedByOffset() {
		if (IntStream.range(1, size()).allMatch((i) -> this.offsets[i - 1] <= this.offsets[i])) {
			return this;
		}
		int[] order = IntStream.range(0, size())
			.boxed()
			.sorted(Comparator.comparingLong((Integer i) -> this.offsets[i]))
			.mapToInt(Integer::intValue)
			.toArray();
		long[] sortedOffsets = new long[order.length];
		long[] sortedSeqs = new long[order.length];
		for (int i = 0; i < order.length; i++) {
			sortedOffsets[i] = this.offsets[order[i]];
			sortedSeqs[i] = this.seqs[order[i]];
		}
		return new AckedPartition(this.partition, sortedOffsets, sortedSeqs);
	}

	@Override
	public String toString() {
		return "AckedPartition[partition=" + this.partition + ", size=" + size() + "]";
	}

	/** Appends acknowledgements as they arrive, from any thread; grows as needed. */
	static final class Log {

		private final int partition;

		private long[] offsets = new long[1024];

		private long[] seqs = new long[1024];

		private int size;

		Log(int partition) {
			this.partition = partition;
		}

		synchronized void add(long offset, long seq) {
			if (this.size == this.offsets.length) {
				this.offsets = Arrays.copyOf(this.offsets, this.size * 2);
				this.seqs = Arrays.copyOf(this.seqs, this.size * 2);
			}
			this.offsets[this.size] = offset;
			this.seqs[this.size] = seq;
			this.size++;
		}

		synchronized AckedPartition snapshot() {
			return AckedPartition.of(this.partition, this.offsets, this.seqs, this.size);
		}

	}

}
