package dev.clusterlink.config;

import java.util.List;
import java.util.Objects;

/**
 * The definition of one link config: its name (Confluent's where one exists), type,
 * default and documentation.
 *
 * @param name the key, e.g. {@code consumer.offset.sync.ms}
 * @param type the kind of value
 * @param defaultValue the value when the link does not set one ({@code ""} for none)
 * @param min the smallest value, for {@link ConfigType#LONG}
 * @param max the largest value, for {@link ConfigType#LONG}: every number has an upper
 * bound, so that no service overflows turning it into nanoseconds or adding it to a clock
 * @param allowed the allowed values, for {@link ConfigType#ENUM}
 * @param updatable whether the value may change after the link is created
 * @param doc one sentence for the API and the README (for a number, with its range)
 */
public record LinkConfigDef(String name, ConfigType type, String defaultValue, long min, long max, List<String> allowed,
		boolean updatable, String doc) {

	public LinkConfigDef {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(defaultValue, "defaultValue");
		Objects.requireNonNull(doc, "doc");
		allowed = List.copyOf(allowed);
		if (min > max) {
			throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
		}
		if (type == ConfigType.LONG) {
			long value = Long.parseLong(defaultValue);
			if (value < min || value > max) {
				throw new IllegalArgumentException(name + ": default " + value + " is outside " + min + " to " + max);
			}
		}
	}

	static LinkConfigDef of(String name, ConfigType type, String defaultValue, String doc) {
		return new LinkConfigDef(name, type, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), true, doc);
	}

	/**
	 * A whole number from {@code min} to {@code max}, both included; the range is added
	 * to the documentation.
	 */
	static LinkConfigDef between(String name, long defaultValue, long min, long max, String doc) {
		return new LinkConfigDef(name, ConfigType.LONG, Long.toString(defaultValue), min, max, List.of(), true,
				doc + " Allowed: " + min + " to " + max + ".");
	}

	static LinkConfigDef oneOf(String name, String defaultValue, List<String> allowed, String doc) {
		return new LinkConfigDef(name, ConfigType.ENUM, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE, allowed, true,
				doc);
	}

	LinkConfigDef immutable() {
		return new LinkConfigDef(this.name, this.type, this.defaultValue, this.min, this.max, this.allowed, false,
				this.doc);
	}

	/**
	 * The allowed range of a number, as error messages and the documentation show it.
	 * @return e.g. {@code 1000 to 3600000}
	 */
	public String range() {
		return this.min + " to " + this.max;
	}

	/**
	 * A number brought into the allowed range.
	 * @param value any number
	 * @return {@code value}, or the nearer bound when it is outside
	 */
	public long clamp(long value) {
		return Math.max(this.min, Math.min(this.max, value));
	}

}
