package dev.clusterlink.faults.oracle;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link Oracle}'s answer: whether the destination topic is identical to the source
 * topic at every offset compared, and where it is not.
 *
 * @param identical no mismatch at all
 * @param recordsCompared the offsets at which both sides had a record, over all
 * partitions
 * @param mismatches every mismatch, over all partitions
 * @param first the first mismatches found, at most {@value #FIRST_LIMIT}, partition by
 * partition
 * @param partitions what was found in each partition, by partition
 */
public record Verdict(boolean identical, long recordsCompared, long mismatches, List<Mismatch> first,
		Map<Integer, PartitionVerdict> partitions) {

	/** At most this many mismatches are kept in {@link #first()}. */
	public static final int FIRST_LIMIT = 20;

	public Verdict {
		first = List.copyOf(first);
		partitions = Collections.unmodifiableMap(new TreeMap<>(partitions));
	}

	/** A verdict made of partition verdicts and the first mismatches found. */
	static Verdict of(Map<Integer, PartitionVerdict> partitions, List<Mismatch> first) {
		long compared = partitions.values().stream().mapToLong(PartitionVerdict::compared).sum();
		long mismatches = partitions.values().stream().mapToLong(PartitionVerdict::mismatches).sum();
		return new Verdict(mismatches == 0, compared, mismatches, first, partitions);
	}

	/**
	 * Several lines: the totals, one line per partition (with its first mismatching
	 * offset and counts), then the first mismatches.
	 */
	public String describe() {
		StringBuilder text = new StringBuilder();
		text.append(this.identical ? "identical: " : "NOT identical: ")
			.append(this.mismatches)
			.append(" mismatches, ")
			.append(this.recordsCompared)
			.append(" records compared in ")
			.append(this.partitions.size())
			.append(" partitions\n");
		this.partitions.values().forEach((partition) -> text.append("  ").append(partition.describe()).append('\n'));
		if (!this.first.isEmpty()) {
			text.append("first mismatches:\n");
			this.first.forEach((mismatch) -> text.append("  ").append(mismatch).append('\n'));
		}
		return text.toString();
	}

}
