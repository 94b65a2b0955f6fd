package dev.clusterlink.linkmanager.offsets;

import dev.clusterlink.linkmanager.web.PageResponse;

/**
 * The consumer groups a link syncs.
 *
 * @param link the link name
 * @param syncEnabled {@code consumer.offset.sync.enable}
 * @param syncIntervalMs {@code consumer.offset.sync.ms}
 * @param allowBackwards {@code consumer.offset.sync.allow.backwards}
 * @param groups one page of the groups, by name
 */
record ConsumerGroupsResponse(String link, boolean syncEnabled, long syncIntervalMs, boolean allowBackwards,
		PageResponse<ConsumerGroupResponse> groups) {
}
