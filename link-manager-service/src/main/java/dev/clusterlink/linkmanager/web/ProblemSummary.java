package dev.clusterlink.linkmanager.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clusterlink.model.IllegalTransitionException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The problem a request would have been answered with, as one item of a larger answer (a
 * batch action's per-mirror result): the same type, title, status and detail as
 * {@link ProblemDetailsAdvice} gives the request alone, and its extension members.
 *
 * @param type the problem type URI
 * @param title the type's title
 * @param status the HTTP status the request alone would have had
 * @param detail what went wrong
 * @param errorCode the short code, e.g. {@code illegal-transition}
 * @param properties the extension members (e.g. {@code currentState}), if any
 */
public record ProblemSummary(String type, String title, int status, String detail, String errorCode,
		@Nullable Map<String, Object> properties) {

	/**
	 * The problem for a failure of one item, or {@code null} when it is not one the API
	 * reports as a problem of its own (the caller then reports an internal error).
	 * @param failure what the item's call threw
	 * @return the problem, or {@code null}
	 */
	public static @Nullable ProblemSummary of(RuntimeException failure) {
		return switch (failure) {
			case ApiException api -> of(api.type(), String.valueOf(api.getMessage()), api.properties());
			case IllegalTransitionException illegal ->
				of(ProblemType.ILLEGAL_TRANSITION, String.valueOf(illegal.getMessage()),
						Map.of("currentState", illegal.currentState(), "requested", illegal.requested()));
			case OptimisticLockingFailureException conflict -> of(ProblemType.VERSION_CONFLICT,
					"the resource was changed by another request; read it again and retry", Map.of());
			case DataIntegrityViolationException conflict ->
				of(ProblemType.VERSION_CONFLICT, "the request conflicts with a concurrent change", Map.of());
			case CannotCreateTransactionException down -> of(ProblemType.STATE_STORE_UNAVAILABLE,
					"the state store (PostgreSQL) is not reachable; retry later", Map.of());
			case DataAccessResourceFailureException down -> of(ProblemType.STATE_STORE_UNAVAILABLE,
					"the state store (PostgreSQL) is not reachable; retry later", Map.of());
			default -> null;
		};
	}

	/**
	 * A problem of a type.
	 * @param type the type
	 * @param detail what went wrong
	 * @param properties extension members
	 * @return the problem
	 */
	public static ProblemSummary of(ProblemType type, String detail, Map<String, Object> properties) {
		return new ProblemSummary(type.uri().toString(), type.title(), type.status().value(), detail, type.code(),
				properties.isEmpty() ? null : new LinkedHashMap<>(properties));
	}

}
