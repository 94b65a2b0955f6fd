package dev.clusterlink.filter;

import java.util.List;

import org.apache.kafka.common.acl.AclBinding;

/**
 * Confluent's {@code aclFilters}: an ACL is selected when any filter matches it. No
 * filter selects nothing.
 *
 * @param filters the filters, in the order given
 */
public record AclFilters(List<AclFilter> filters) {

	/** Selects nothing. */
	public static final AclFilters NONE = new AclFilters(List.of());

	public AclFilters {
		filters = List.copyOf(filters);
	}

	/**
	 * Whether an ACL binding is selected.
	 * @param binding an ACL binding
	 * @return true when a filter matches it
	 */
	public boolean matches(AclBinding binding) {
		return this.filters.stream().anyMatch((filter) -> filter.matches(binding));
	}

	public boolean isEmpty() {
		return this.filters.isEmpty();
	}

}
