package dev.clusterlink.filter;

/**
 * Whether a matching filter selects a name or rules it out. EXCLUDE wins over INCLUDE.
 */
public enum FilterType {

	INCLUDE, EXCLUDE

}
