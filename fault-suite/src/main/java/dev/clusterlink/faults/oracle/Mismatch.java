package dev.clusterlink.faults.oracle;

/**
 * One difference the {@link Oracle} found at one offset of one partition.
 *
 * @param topic the topic the difference was seen in: the destination topic, except for
 * {@link Kind#ACKED_NOT_ON_SOURCE} (the source topic)
 * @param partition the partition
 * @param offset the offset
 * @param kind what differs
 * @param description a short human-readable account
 */
public record Mismatch(String topic, int partition, long offset, Kind kind, String description) {

	@Override
	public String toString() {
		return this.topic + "-" + this.partition + "@" + this.offset + " " + this.kind + ": " + this.description;
	}

	/**
	 * What differs. A record present on both sides counts once, as the first of
	 * {@code KEY}, {@code VALUE}, {@code HEADERS}, {@code TIMESTAMP} that differs.
	 */
	public enum Kind {

		/** The source has a record at this offset, the destination none. */
		MISSING,

		/** The destination has a record at this offset, the source none. */
		EXTRA,

		/** Another key. */
		KEY,

		/** Another value. */
		VALUE,

		/** Other header keys, values or order. */
		HEADERS,

		/** Another timestamp or timestamp type. */
		TIMESTAMP,

		/**
		 * A record acknowledged at this offset is not on the source (or has another key).
		 */
		ACKED_NOT_ON_SOURCE

	}

}
