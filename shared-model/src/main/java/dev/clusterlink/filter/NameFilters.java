package dev.clusterlink.filter;

import java.util.List;

/**
 * A list of name filters, as in Confluent's {@code topicFilters} and
 * {@code groupFilters}: a name is selected when at least one INCLUDE filter matches it
 * and no EXCLUDE filter does. No filter selects nothing.
 *
 * @param filters the filters, in the order given
 */
public record NameFilters(List<NameFilter> filters) {

	/** Selects nothing. */
	public static final NameFilters NONE = new NameFilters(List.of());

	public NameFilters {
		filters = List.copyOf(filters);
	}

	/**
	 * Whether a name is selected.
	 * @param name a topic or group name
	 * @return true when an INCLUDE filter matches and no EXCLUDE filter does
	 */
	public boolean matches(String name) {
		boolean included = false;
		for (NameFilter filter : this.filters) {
			if (filter.matches(name)) {
				if (filter.filterType() == FilterType.EXCLUDE) {
					return false;
				}
				included = true;
			}
		}
		return included;
	}

	public boolean isEmpty() {
		return this.filters.isEmpty();
	}

}
