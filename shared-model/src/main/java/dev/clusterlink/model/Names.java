package dev.clusterlink.model;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Rules for the names operators choose: clusters, links, and Kafka topic names. */
public final class Names {

	/** Cluster and link names: used in URLs, metric tags and client ids. */
	public static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]+");

	/** Kafka's limit on topic name length. */
	public static final int MAX_TOPIC_LENGTH = 249;

	private Names() {
	}

	/**
	 * Why a cluster or link name is not acceptable.
	 * @param name the candidate
	 * @return the reason, or {@code null} when the name is fine
	 */
	public static @Nullable String resourceNameProblem(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "must not be empty";
		}
		if (!RESOURCE_NAME.matcher(name).matches()) {
			return "must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";
		}
		return null;
	}

	/**
	 * Why a topic name is not acceptable to Kafka (the rules of
	 * {@code org.apache.kafka.common.internals.Topic}).
	 * @param name the candidate
	 * @return the reason, or {@code null} when the name is fine
	 */
	public static @Nullable String topicNameProblem(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "must not be empty";
		}
		if (name.equals(".") || name.equals("..")) {
			return "must not be '.' or '..'";
		}
		if (name.length() > MAX_TOPIC_LENGTH) {
			return "must be at most " + MAX_TOPIC_LENGTH + " characters";
		}
		if (!TOPIC_CHARS.matcher(name).matches()) {
			return "may contain only letters, digits, '.', '_' and '-'";
		}
		return null;
	}

	/**
	 * Whether a topic is internal to Kafka or to a tool (never mirrored automatically).
	 * @param topic a topic name
	 * @return true for {@code __consumer_offsets}, {@code __transaction_state}, names
	 * starting with {@code _} (e.g. {@code _schemas}, our own
	 * {@code _clusterlink-commands}) and MirrorMaker 2's internal topics
	 */
	public static boolean isInternalTopic(String topic) {
		return topic.startsWith("_") || topic.endsWith(".internal") || topic.startsWith("mm2-")
				|| topic.equals("heartbeats") || topic.endsWith(".heartbeats");
	}

}
