package dev.clusterlink.linkmanager.audit;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.RequestContext;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log: one row per accepted change, written in the same transaction as the
 * change so that a rolled-back change leaves no entry. Details must never hold a secret
 * value.
 */
@Service
public class AuditLog {

	private final AuditEntryRepository entries;

	private final Clock clock;

	AuditLog(AuditEntryRepository entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	/**
	 * Records a change in the caller's transaction.
	 * @param action what was done, e.g. {@code link.pause}
	 * @param entityType {@code cluster}, {@code link} or {@code mirror}
	 * @param entityName the entity's name
	 * @param entityId the entity's id
	 * @param entityVersion the entity's version after the change
	 * @param details what changed (no secret values)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String action, String entityType, String entityName, @Nullable UUID entityId,
			@Nullable Long entityVersion, Map<String, Object> details) {
		RequestContext context = RequestContext.current();
		this.entries.save(new AuditEntryEntity(this.clock.instant(), context.actor(), context.clientAddress(),
				context.requestId(), action, entityType, entityName, entityId, entityVersion, details));
	}

	/**
	 * A page of entries, newest first.
	 * @param entityType only entries of this entity type, or {@code null}
	 * @param entityName only entries of this entity, or {@code null}
	 * @param page page number
	 * @param size page size (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public PageResponse<AuditEntryResponse> page(@Nullable String entityType, @Nullable String entityName, int page,
			int size) {
		AuditEntryEntity probe = new AuditEntryEntity(null, null, null, null, null, entityType, entityName, null, null,
				null);
		var sort = Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"));
		var request = PageRequest.of(Math.max(page, 0), Math.clamp(size, 1, PageResponse.MAX_SIZE), sort);
		return PageResponse.of(
				this.entries.findAll(Example.of(probe, ExampleMatcher.matching().withIgnoreNullValues()), request),
				AuditEntryEntity::toResponse);
	}

}
