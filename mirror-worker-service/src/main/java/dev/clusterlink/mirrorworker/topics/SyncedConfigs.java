package dev.clusterlink.mirrorworker.topics;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which source topic configs a mirror topic carries, and how (the documented list in the
 * README).
 *
 * <p>
 * Synced: the configs that matter to consumers and to the shape of the log. Never synced:
 * configs that belong to the destination cluster (replication, placement, throttles,
 * min.insync.replicas). While mirroring, the mirror keeps
 * {@code message.timestamp.type=CreateTime} and accepts any timestamp, so that every
 * record keeps the source's timestamp (a LogAppendTime source's append times included);
 * the source's timestamp settings are applied when the mirror stops.
 */
public final class SyncedConfigs {

	/**
	 * Source topic configs copied to mirror topics (unless excluded by
	 * {@code topic.config.sync.exclude}).
	 */
	public static final Set<String> SYNCED = Set.of("cleanup.policy", "compression.type", "compression.gzip.level",
			"compression.lz4.level", "compression.zstd.level", "delete.retention.ms", "file.delete.delay.ms",
			"flush.messages", "flush.ms", "index.interval.bytes", "max.compaction.lag.ms", "max.message.bytes",
			"message.timestamp.type", "message.timestamp.before.max.ms", "message.timestamp.after.max.ms",
			"min.cleanable.dirty.ratio", "min.compaction.lag.ms", "retention.bytes", "retention.ms", "segment.bytes",
			"segment.index.bytes", "segment.jitter.ms", "segment.ms");

	/**
	 * Configs that would change record timestamps or refuse old records while mirroring:
	 * applied at stop.
	 */
	static final Map<String, String> WHILE_MIRRORING = Map.of("message.timestamp.type", "CreateTime",
			"message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE), "message.timestamp.after.max.ms",
			Long.toString(Long.MAX_VALUE));

	/** The configs the mirror carries its own values for while mirroring. */
	public static final Set<String> WHILE_MIRRORING_KEYS = WHILE_MIRRORING.keySet();

	private SyncedConfigs() {
	}

	/**
	 * The configs a mirror topic should have while it is mirroring.
	 * @param source the source topic's explicitly set configs
	 * @param exclude configs the link does not sync
	 * @return config to value; synced configs not listed should be at the destination's
	 * default
	 */
	public static Map<String, String> whileMirroring(Map<String, String> source, Set<String> exclude) {
		Map<String, String> desired = atStop(source, exclude);
		desired.putAll(WHILE_MIRRORING);
		return desired;
	}

	/**
	 * The configs a mirror topic should have once it stopped mirroring (promoted or
	 * failed over).
	 * @param source the source topic's explicitly set configs
	 * @param exclude configs the link does not sync
	 * @return config to value
	 */
	public static Map<String, String> atStop(Map<String, String> source, Set<String> exclude) {
		Map<String, String> desired = new TreeMap<>();
		source.forEach((name, value) -> {
			if (SYNCED.contains(name) && !exclude.contains(name)) {
				desired.put(name, value);
			}
		});
		return desired;
	}

	/** Whether a config is one this link manages on its mirror topics. */
	public static boolean managed(String name, Set<String> exclude) {
		return SYNCED.contains(name) && !exclude.contains(name);
	}

}
