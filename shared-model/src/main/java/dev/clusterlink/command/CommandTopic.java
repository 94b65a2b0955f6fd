package dev.clusterlink.command;

/** Defaults of the internal command topic on the control cluster. */
public final class CommandTopic {

	/**
	 * The default topic name; the leading underscore keeps it out of UIs' topic lists.
	 */
	public static final String DEFAULT_NAME = "_clusterlink-commands";

	/**
	 * The default number of partitions: the most instances one scale-out service can use.
	 */
	public static final int DEFAULT_PARTITIONS = 24;

	private CommandTopic() {
	}

}
