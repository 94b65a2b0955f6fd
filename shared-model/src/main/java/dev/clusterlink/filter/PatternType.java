package dev.clusterlink.filter;

/**
 * How a filter's name is compared with a topic or group name (Confluent's filter JSON).
 */
public enum PatternType {

	/** Equal names; the literal name {@code *} matches every name. */
	LITERAL,
	/** The name starts with the filter's name. */
	PREFIXED

}
