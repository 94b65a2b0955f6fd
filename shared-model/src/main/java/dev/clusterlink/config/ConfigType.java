package dev.clusterlink.config;

/** The kinds of value a link config takes, each with its own validation. */
public enum ConfigType {

	BOOLEAN, LONG, TOPIC_PREFIX, START_OFFSET_SPEC, TOPIC_FILTERS, GROUP_FILTERS, ACL_FILTERS, STRING_LIST, ENUM

}
