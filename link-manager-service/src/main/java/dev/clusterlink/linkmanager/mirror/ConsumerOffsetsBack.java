package dev.clusterlink.linkmanager.mirror;

import java.util.List;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;

import org.springframework.stereotype.Component;

/**
 * What a reverse tells about consumer offsets going back: the link back's offset sync
 * moves them, as it does for any mirror (DESIGN.md §5), once the records they point at
 * are mirrored back. The groups named are those the stopped mirror's link synced onto the
 * promoted topic (the consumers that moved) and that the link back's group filters
 * select.
 */
@Component
class ConsumerOffsetsBack {

	/** At most this many group ids are named; the count is always exact. */
	static final int MAX_NAMED = 100;

	private final OffsetSyncStore store;

	ConsumerOffsetsBack(OffsetSyncStore store) {
		this.store = store;
	}

	/**
	 * @param link the stopped mirror's link (the one that synced the groups forward)
	 * @param mirrorTopic the promoted topic
	 * @param reverseLink the link that mirrors back
	 * @return what the link back syncs for the groups of the promoted topic
	 */
	ReverseResponse.ConsumerOffsets of(LinkView link, String mirrorTopic, LinkView reverseLink) {
		LinkConfig back = reverseLink.config();
		List<String> groups = this.store.groups(link.id())
			.stream()
			.filter((group) -> group.partitions()
				.stream()
				.anyMatch((partition) -> partition.mirrorTopic().equals(mirrorTopic)))
			.map(SyncedGroup::groupId)
			.filter(back.groupFilters()::matches)
			.sorted()
			.toList();
		String direction = reverseLink.bidirectional() ? "?direction=" + reverseLink.direction().wire() : "";
		return new ReverseResponse.ConsumerOffsets(back.consumerOffsetSync(),
				back.consumerOffsetSyncInterval().toMillis(), groups.size(),
				groups.subList(0, Math.min(groups.size(), MAX_NAMED)),
				"/api/v1/links/" + reverseLink.name() + "/consumer-groups" + direction,
				back.consumerOffsetSync()
						? "each group's offsets follow back once the records they point at are "
								+ "mirrored back; a group is ready to move back when it shows failoverReady"
						: "consumer.offset.sync.enable is false on the link back: no consumer offsets follow back; "
								+ "set it (and consumer.offset.group.filters) before moving consumers back");
	}

}
