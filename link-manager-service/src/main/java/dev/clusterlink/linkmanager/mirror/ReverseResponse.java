package dev.clusterlink.linkmanager.mirror;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a reverse did, or with a dry run would do.
 *
 * @param link the link of the stopped mirror
 * @param mirror the stopped mirror (its topic becomes the new source)
 * @param reverseLink the link that mirrors back
 * @param reverseMirror the mirror the reverse creates: the old source topic, now a mirror
 * @param mode {@code planned-swap}: the old source topic is adopted as it is and copying
 * continues at its end offset; {@code after-disaster}: what the old topic took after the
 * stop is archived, the old topic deleted and the promoted topic mirrored back from its
 * start
 * @param dryRun whether nothing was changed
 * @param recordsRecopied records the reverse copies again (none in a planned swap)
 * @param recordsArchived records archived before anything was changed (none in a planned
 * swap)
 * @param partitions per partition: where copying back starts and what was checked
 * @param created the new mirror, {@code null} in a dry run
 * @param consumerOffsets what the link back syncs of the consumer groups that moved to
 * the promoted topic
 */
public record ReverseResponse(String link, String mirror, String reverseLink, String reverseMirror, String mode,
		boolean dryRun, long recordsRecopied, long recordsArchived, @Nullable String archiveTopic,
		List<Partition> partitions, @Nullable MirrorResponse created, ConsumerOffsets consumerOffsets) {

	/**
	 * One partition of a reverse.
	 *
	 * @param partition the partition
	 * @param startOffset where copying back starts: the end of the old source topic,
	 * which is where the promoted topic started taking writes
	 * @param newTopicEnd the end offset of the promoted topic (the new source) when
	 * checked
	 * @param recordsToCopy records the promoted topic took since, to be copied back
	 * @param tail {@code identical} when the last record before the start offset is the
	 * same on both topics, {@code empty} when neither topic holds one, {@code recopied}
	 * after a disaster (the partition is copied again from the start)
	 * @param recordsArchived records of this partition the old topic took after the stop
	 */
	public record Partition(int partition, long startOffset, long newTopicEnd, long recordsToCopy, String tail,
			long recordsArchived) {
	}

	/**
	 * Consumer offsets going back.
	 *
	 * @param syncEnabled whether the link back syncs consumer offsets
	 * ({@code consumer.offset.sync.enable})
	 * @param intervalMs how often it syncs them
	 * @param groupCount the groups that moved to the promoted topic and that the link
	 * back's filters select
	 * @param groups those groups (at most 100 named)
	 * @param status where their sync back is shown, per group and partition
	 * @param note what to expect
	 */
	public record ConsumerOffsets(boolean syncEnabled, long intervalMs, int groupCount, List<String> groups,
			String status, String note) {
	}

}
