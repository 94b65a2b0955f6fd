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
 * @param allowed the allowed values, for {@link ConfigType#ENUM}
 * @param updatable whether the value may change after the link is created
 * @param doc one sentence for the API and the README
 */
public record LinkConfigDef(String name, ConfigType type, String defaultValue, long min, List<String> allowed,
		boolean updatable, String doc) {

	public LinkConfigDef {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(defaultValue, "defaultValue");
		allowed = List.copyOf(allowed);
	}

	static LinkConfigDef of(String name, ConfigType type, String defaultValue, String doc) {
		return new LinkConfigDef(name, type, defaultValue, Long.MIN_VALUE, List.of(), true, doc);
	}

	static LinkConfigDef atLeast(String name, long defaultValue, long min, String doc) {
		return new LinkConfigDef(name, ConfigType.LONG, Long.toString(defaultValue), min, List.of(), true, doc);
	}

	static LinkConfigDef oneOf(String name, String defaultValue, List<String> allowed, String doc) {
		return new LinkConfigDef(name, ConfigType.ENUM, defaultValue, Long.MIN_VALUE, allowed, true, doc);
	}

	LinkConfigDef immutable() {
		return new LinkConfigDef(this.name, this.type, this.defaultValue, this.min, this.allowed, false, this.doc);
	}

}
