package dev.clusterlink.linkmanager.link;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The status of one periodic task of a link, as the service running it last recorded it.
 *
 * @param task {@code AclSync}, {@code ConsumerOffsetSync} or {@code TopicConfigSync}
 * @param state {@code ACTIVE}, {@code IN_ERROR}, {@code UNAVAILABLE},
 * {@code NOT_CONFIGURED} or {@code PAUSED}
 * @param reason why, when not ACTIVE
 * @param lastSuccessAt when a round last succeeded
 * @param updatedAt when the status was last written
 * @param direction {@code forward}, or {@code reverse} for the reverse direction of a
 * bidirectional link
 */
public record LinkTaskResponse(String task, String state, @Nullable String reason, @Nullable Instant lastSuccessAt,
		Instant updatedAt, String direction) {
}
