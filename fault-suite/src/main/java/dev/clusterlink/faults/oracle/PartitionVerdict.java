package dev.clusterlink.faults.oracle;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the {@link Oracle} found in one partition.
 *
 * @param partition the partition
 * @param from the first offset compared
 * @param sourceEnd the source's end offset captured when the check started (exclusive)
 * @param destinationEnd the destination's end offset captured then (exclusive)
 * @param compared the offsets at which both sides had a record
 * @param ackedChecked the acknowledged records at or after {@code from} that were checked
 * @param counts the mismatches by kind (kinds without any are absent)
 * @param first the first mismatch found (both sides are merged in offset order, so
 * usually the lowest offset), or {@code null} when there is none
 */
public record PartitionVerdict(int partition, long from, long sourceEnd, long destinationEnd, long compared,
		long ackedChecked, Map<Mismatch.Kind, Long> counts, Mismatch first) {

	public PartitionVerdict {
		counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counts));
	}

	/** Every mismatch of the partition. */
	public long mismatches() {
		return this.counts.values().stream().mapToLong(Long::longValue).sum();
	}

	public boolean identical() {
		return mismatches() == 0;
	}

	/** One line: the range, and the first mismatching offset and the counts if any. */
	public String describe() {
		String range = "partition " + this.partition + " [" + this.from + ", source end " + this.sourceEnd
				+ ", destination end " + this.destinationEnd + "): " + this.compared + " compared, " + this.ackedChecked
				+ " acknowledged checked";
		if (identical()) {
			return range + ", identical";
		}
		return range + ", first mismatch at offset " + this.first.offset() + " (" + this.first.kind() + ": "
				+ this.first.description() + "), " + mismatches() + " mismatches " + this.counts;
	}

}
