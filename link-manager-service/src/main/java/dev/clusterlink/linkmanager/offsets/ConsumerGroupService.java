package dev.clusterlink.linkmanager.offsets;

import java.util.List;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;
import dev.clusterlink.offsets.sync.SyncedGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

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
	 * A page of the groups a link syncs, by name; paged in the query.
	 * @param linkName the link
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the link's sync settings and one page of its groups
	 */
	ConsumerGroupsResponse groups(String linkName, @Nullable LinkDirection direction, int page, int size) {
		PageRequest request = Paging.request(page, size, Sort.unsorted());
		LinkView link = view(linkName, direction);
		LinkConfig config = link.config();
		List<SyncedGroup> groups = this.store.groups(link.id(), request.getOffset(), request.getPageSize());
		long total = this.store.countGroups(link.id());
		return new ConsumerGroupsResponse(link.name(), config.consumerOffsetSync(),
				config.consumerOffsetSyncInterval().toMillis(), config.offsetSyncAllowBackwards(),
				PageResponse.of(new PageImpl<>(groups, request, total),
						(group) -> ConsumerGroupResponse.of(link.name(), group)));
	}

	/**
	 * One group a link syncs.
	 * @param linkName the link
	 * @param groupId the group
	 * @return the group
	 * @throws GroupNotFoundException when the link never synced it
	 */
	ConsumerGroupResponse group(String linkName, @Nullable LinkDirection direction, String groupId) {
		LinkView link = view(linkName, direction);
		return this.store.group(link.id(), groupId)
			.map((group) -> ConsumerGroupResponse.of(link.name(), group))
			.orElseThrow(() -> new GroupNotFoundException(link.name(), groupId));
	}

	/** The direction asked for; forward when none is (every link has it). */
	private LinkView view(String linkName, @Nullable LinkDirection direction) {
		return this.links.view(linkName, (direction != null) ? direction : LinkDirection.FORWARD);
	}

}
