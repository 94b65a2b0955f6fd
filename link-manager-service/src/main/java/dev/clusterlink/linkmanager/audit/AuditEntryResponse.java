package dev.clusterlink.linkmanager.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audit log entry: who changed what, when. Details never contain secret values.
 *
 * @param id sequence number
 * @param occurredAt when the change was committed
 * @param actor who made it
 * @param clientAddress from where
 * @param requestId the request id ({@code X-Request-Id})
 * @param action e.g. {@code mirror.promote}
 * @param entityType {@code cluster}, {@code link} or {@code mirror}
 * @param entityName e.g. {@code link-1/orders}
 * @param entityId the entity id
 * @param entityVersion the entity version after the change
 * @param outcome {@code accepted}, or {@code refused} for a change that authentication or
 * authorization refused
 * @param details what changed
 */
public record AuditEntryResponse(long id, Instant occurredAt, String actor, String clientAddress, String requestId,
		String action, String entityType, String entityName, UUID entityId, Long entityVersion, String outcome,
		Map<String, Object> details) {
}
