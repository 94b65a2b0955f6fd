package dev.clusterlink.linkmanager.offsets;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;

import org.springframework.stereotype.Service;

/**
 * A link's consumer-offset sync as the API shows it: per group and partition, what the
 * last rounds of the offset-sync service (or the final sync of a promote or failover) saw
 * and did. Reads the state store only; the clusters are not asked.
 */
@Service
class ConsumerGroupService {

	private final LinkService links;

	private final OffsetSyncStore store;

	ConsumerGroupService(LinkService links, OffsetSyncStore store) {
		this.links = links;
		this.store = store;
	}

	/**
	 * The groups a link syncs.
	 * @param linkName the link
	 * @return its groups
	 */
	ConsumerGroupsResponse groups(String linkName) {
		LinkView link = this.links.view(linkName);
		LinkConfig config = link.config();
		return new ConsumerGroupsResponse(link.name(), config.consumerOffsetSync(),
				config.consumerOffsetSyncInterval().toMillis(), config.offsetSyncAllowBackwards(),
				this.store.groups(link.id())
					.stream()
					.map((group) -> ConsumerGroupResponse.of(link.name(), group))
					.toList());
	}

	/**
	 * One group a link syncs.
	 * @param linkName the link
	 * @param groupId the group
	 * @return the group
	 * @throws GroupNotFoundException when the link never synced it
	 */
	ConsumerGroupResponse group(String linkName, String groupId) {
		LinkView link = this.links.view(linkName);
		return this.store.group(link.id(), groupId)
			.map((group) -> ConsumerGroupResponse.of(link.name(), group))
			.orElseThrow(() -> new GroupNotFoundException(link.name(), groupId));
	}

}
