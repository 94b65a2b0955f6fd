package dev.clusterlink.linkmanager.audit;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.RequestContext;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
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

	/** Request attribute: this request's refusal is in the log already. */
	public static final String REFUSAL_RECORDED = AuditLog.class.getName() + ".refusalRecorded";

	/** The outcome of a change that was made. */
	public static final String ACCEPTED = "accepted";

	/** The outcome of a change that authentication or authorization refused. */
	public static final String REFUSED = "refused";

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
	 * Records a refused change (a change request answered 4xx, see RefusalAuditFilter) in
	 * a transaction of its own: the request made no change, but who tried what is kept.
	 * Marks the request, so that a refusal recorded here with its own details is not
	 * recorded again by the filter.
	 * @param actor the principal, or {@code anonymous}
	 * @param method the HTTP method
	 * @param path the request path
	 * @param status the HTTP status of the refusal
	 * @param details more about the refusal (never a secret)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void recordRefusal(String actor, String method, String path, int status, Map<String, Object> details) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(REFUSAL_RECORDED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
		}
		RequestContext context = RequestContext.current();
		String[] entity = entityOf(path);
		Map<String, Object> all = new java.util.LinkedHashMap<>(details);
		all.put("method", method);
		all.put("path", path);
		all.put("status", status);
		this.entries
			.save(new AuditEntryEntity(this.clock.instant(), actor, context.clientAddress(), context.requestId(),
					"refused." + method.toLowerCase(java.util.Locale.ROOT), entity[0], entity[1], null, null, all)
				.refused());
	}

	/**
	 * {type, name} of the entity a path names, e.g. {@code mirror},
	 * {@code link-1/orders}.
	 */
	static String[] entityOf(String path) {
		String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : path;
		String[] parts = rest.split("/");
		String first = parts[0].replaceAll(":.*$", "");
		String type = switch (first) {
			case "clusters" -> "cluster";
			case "links" -> (parts.length >= 4 && parts[2].equals("mirrors")) ? "mirror" : "link";
			case "api-keys" -> "apikey";
			default -> first.isEmpty() ? "api" : first;
		};
		String name = switch (type) {
			case "mirror" -> parts[1] + "/" + parts[3].replaceAll(":.*$", "");
			default -> (parts.length >= 2) ? parts[1].replaceAll(":.*$", "") : "-";
		};
		return new String[] { truncate(type, 32), truncate(name, 400) };
	}

	private static String truncate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max);
	}

	/**
	 * A page of entries, newest first.
	 * @param entityType only entries of this entity type, or {@code null}
	 * @param entityName only entries of this entity, or {@code null}
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public PageResponse<AuditEntryResponse> page(@Nullable String entityType, @Nullable String entityName, int page,
			int size) {
		AuditEntryEntity probe = new AuditEntryEntity(null, null, null, null, null, entityType, entityName, null, null,
				null)
			.anyOutcome();
		var sort = Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"));
		var request = Paging.request(page, size, sort);
		return PageResponse.of(
				this.entries.findAll(Example.of(probe, ExampleMatcher.matching().withIgnoreNullValues()), request),
				AuditEntryEntity::toResponse);
	}

}
