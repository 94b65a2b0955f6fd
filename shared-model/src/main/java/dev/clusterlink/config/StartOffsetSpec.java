package dev.clusterlink.config;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where a new mirror starts copying: {@code mirror.start.offset.spec} = {@code earliest},
 * {@code latest} or an ISO-8601 timestamp.
 */
public sealed interface StartOffsetSpec {

	/** From the source log start. */
	record Earliest() implements StartOffsetSpec {
		@Override
		public String toString() {
			return "earliest";
		}
	}

	/** From the source log end when the mirror is set up. */
	record Latest() implements StartOffsetSpec {
		@Override
		public String toString() {
			return "latest";
		}
	}

	/** From the first record whose timestamp is at or after {@code timestamp}. */
	record Timestamp(Instant timestamp) implements StartOffsetSpec {
		@Override
		public String toString() {
			return this.timestamp.toString();
		}
	}

	/**
	 * Parses a spec.
	 * @param text {@code earliest}, {@code latest} or an ISO-8601 timestamp such as
	 * {@code 2026-11-01T00:00:00Z}
	 * @return the spec
	 * @throws IllegalArgumentException when the text is none of these
	 */
	static StartOffsetSpec parse(String text) {
		String trimmed = text.trim();
		switch (trimmed.toLowerCase(Locale.ROOT)) {
			case "earliest":
				return new Earliest();
			case "latest":
				return new Latest();
			default:
				try {
					return new Timestamp(OffsetDateTime.parse(trimmed).toInstant());
				}
				catch (DateTimeParseException ex) {
					throw new IllegalArgumentException(
							"must be earliest, latest or an ISO-8601 timestamp such as 2026-11-01T00:00:00Z");
				}
		}
	}

}
