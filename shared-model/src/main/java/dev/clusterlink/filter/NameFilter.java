package dev.clusterlink.filter;

import java.util.Objects;

/**
 * One entry of Confluent's {@code topicFilters} or {@code groupFilters} JSON.
 *
 * @param name the literal name, the prefix, or {@code *} (LITERAL) for every name
 * @param patternType how {@code name} is compared
 * @param filterType include or exclude what matches
 */
public record NameFilter(String name, PatternType patternType, FilterType filterType) {

	/** The literal name that matches every name. */
	public static final String WILDCARD = "*";

	public NameFilter {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(patternType, "patternType");
		Objects.requireNonNull(filterType, "filterType");
	}

	/**
	 * Whether this filter's pattern matches a name (regardless of include or exclude).
	 * @param candidate a topic or group name
	 * @return true when it matches
	 */
	public boolean matches(String candidate) {
		return switch (this.patternType) {
			case LITERAL -> this.name.equals(WILDCARD) || this.name.equals(candidate);
			case PREFIXED -> candidate.startsWith(this.name);
		};
	}

}
