package dev.clusterlink.command;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Who owns what (DESIGN.md §3): a mirror belongs to command partition
 * {@code murmur2(link + "/" + mirror) % N}, a link to {@code murmur2(link) % N}, exactly
 * as Kafka's default partitioner places a record with that key. The service instance
 * assigned that partition in its consumer group owns the work.
 */
public final class Ownership {

	private Ownership() {
	}

	/** The ownership key of a mirror topic. */
	public static String mirrorKey(String link, String mirror) {
		return link + "/" + mirror;
	}

	/**
	 * The ownership key of a link, for the link-level services (offset sync, ACL sync).
	 */
	public static String linkKey(String link) {
		return link;
	}

	/** The key of a cluster's commands. */
	public static String clusterKey(String cluster) {
		return "cluster:" + cluster;
	}

	/**
	 * The command partition of a key: what Kafka's default partitioner picks for a keyed
	 * record.
	 * @param key an ownership key
	 * @param partitions the number of command-topic partitions
	 * @return the partition, in {@code [0, partitions)}
	 */
	public static int partitionFor(String key, int partitions) {
		if (partitions <= 0) {
			throw new IllegalArgumentException("partitions must be positive");
		}
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

}
