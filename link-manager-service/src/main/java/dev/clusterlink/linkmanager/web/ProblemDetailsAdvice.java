package dev.clusterlink.linkmanager.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.config.InvalidLinkConfigException;
import dev.clusterlink.kafka.InvalidClientPropertyException;
import dev.clusterlink.model.IllegalTransitionException;
import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into an RFC 9457 problem detail with a stable {@code type} (see
 * {@link ProblemType}). Details describe the problem and name the field; they never
 * repeat request values, which may be secrets, and never carry a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** Request attribute: the code of the problem the request was answered with. */
	public static final String PROBLEM_CODE = ProblemDetailsAdvice.class.getName() + ".problemCode";

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	/** The one text of every 401: it never says why a credential failed. */
	public static final String UNAUTHENTICATED_DETAIL = "send a valid API key in the X-API-Key header";

	/** The one text of every 403. */
	public static final String FORBIDDEN_DETAIL = "the caller's role does not allow this request";

	@ExceptionHandler
	ResponseEntity<Object> on(ApiException ex, WebRequest request) {
		ProblemDetail problem = problem(ex.type(), ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		if (ex.type().status() == HttpStatus.SERVICE_UNAVAILABLE) {
			problem.setProperty("retriable", true);
		}
		return response(problem, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> on(IllegalTransitionException ex, WebRequest request) {
		ProblemDetail problem = problem(ProblemType.ILLEGAL_TRANSITION, ex.getMessage());
		problem.setProperty("currentState", ex.currentState());
		problem.setProperty("requested", ex.requested());
		return response(problem, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> on(InvalidLinkConfigException ex, WebRequest request) {
		ProblemDetail problem = problem(ProblemType.INVALID_LINK_CONFIG, ex.getMessage());
		problem.setProperty("field", "configs." + ex.key());
		problem.setProperty("configKey", ex.key());
		if (!ex.validKeys().isEmpty()) {
			problem.setProperty("validKeys", ex.validKeys());
		}
		return response(problem, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> on(InvalidClientPropertyException ex, WebRequest request) {
		ProblemDetail problem = problem(ProblemType.INVALID_CLIENT_PROPERTY, ex.getMessage());
		problem.setProperty("field", "properties." + ex.key());
		return response(problem, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> on(OptimisticLockingFailureException ex, WebRequest request) {
		return response(problem(ProblemType.VERSION_CONFLICT,
				"the resource was changed by another request; read it again and retry"), request);
	}

	@ExceptionHandler
	ResponseEntity<Object> on(DataIntegrityViolationException ex, WebRequest request) {
		String constraint = (ex.getCause() instanceof ConstraintViolationException violation)
				? String.valueOf(violation.getConstraintName()) : "";
		ProblemType type = switch (constraint) {
			case "clusters_name_key" -> ProblemType.CLUSTER_EXISTS;
			case "links_name_key" -> ProblemType.LINK_EXISTS;
			case "mirrors_name_per_destination", "mirrors_source_per_link" -> ProblemType.MIRROR_EXISTS;
			case "links_source_cluster_id_fkey", "links_destination_cluster_id_fkey" -> ProblemType.CLUSTER_IN_USE;
			default -> ProblemType.VERSION_CONFLICT;
		};
		return response(problem(type, "the request conflicts with a concurrent change (" + type.code() + ")"), request);
	}

	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class })
	ResponseEntity<Object> onStateStoreDown(Exception ex, WebRequest request) {
		log.warn("state store unavailable: {}", ex.getClass().getSimpleName());
		ProblemDetail problem = problem(ProblemType.STATE_STORE_UNAVAILABLE,
				"the state store (PostgreSQL) is not reachable; retry later");
		problem.setProperty("retriable", true);
		return response(problem, request);
	}

	/**
	 * A method-security denial ({@code @PreAuthorize}) is thrown inside the dispatcher:
	 * 403, or 401 when the caller is not authenticated at all.
	 */
	@ExceptionHandler
	ResponseEntity<Object> on(AccessDeniedException ex, WebRequest request) {
		if (request.getUserPrincipal() == null) {
			return response(problem(ProblemType.UNAUTHENTICATED, UNAUTHENTICATED_DETAIL), request);
		}
		return response(problem(ProblemType.FORBIDDEN, FORBIDDEN_DETAIL), request);
	}

	@ExceptionHandler
	ResponseEntity<Object> on(AuthenticationException ex, WebRequest request) {
		return response(problem(ProblemType.UNAUTHENTICATED, UNAUTHENTICATED_DETAIL), request);
	}

	@ExceptionHandler
	ResponseEntity<Object> onUnexpected(Exception ex, WebRequest request) {
		String reference = UUID.randomUUID().toString();
		log.error("unexpected error handling {} (reference {})", request.getDescription(false), reference, ex);
		ProblemDetail problem = problem(ProblemType.INTERNAL_ERROR,
				"internal error; the server log has details under reference " + reference);
		problem.setProperty("reference", reference);
		return response(problem, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors
				.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
		return validationFailed(errors, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach((result) -> result.getResolvableErrors()
				.forEach((error) -> errors
					.add(Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()), "message",
							String.valueOf(error.getDefaultMessage())))));
		return validationFailed(errors, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestBodyLimit.PayloadTooLargeException tooLarge) {
				return response(problem(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), request);
			}
		}
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String field = path(unknown);
			return validationFailed(List.of(Map.of("field", field, "message", "unknown property")), request);
		}
		if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			String field = path(jackson);
			return validationFailed(List.of(Map.of("field", field, "message", "has the wrong JSON type")), request);
		}
		ProblemDetail problem = problem(ProblemType.MALFORMED_REQUEST,
				"the request body is missing or is not valid JSON");
		if (cause instanceof JacksonException jackson && jackson.getLocation() != null) {
			problem.setProperty("line", jackson.getLocation().getLineNr());
			problem.setProperty("column", jackson.getLocation().getColumnNr());
		}
		return response(problem, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		Class<?> type = (ex instanceof MethodArgumentTypeMismatchException mismatch)
				? mismatch.getParameter().nestedIfOptional().getNestedParameterType() : ex.getRequiredType();
		if (type != null && java.util.Collection.class.isAssignableFrom(type)
				&& ex instanceof MethodArgumentTypeMismatchException mismatch) {
			type = mismatch.getParameter().nested().getNestedParameterType();
		}
		String expected = (type != null && type.isEnum()) ? "must be one of " + String.join(", ", enumNames(type))
				: "has the wrong type";
		return validationFailed(List.of(Map.of("field", name, "message", expected)), request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
			MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return validationFailed(List.of(Map.of("field", ex.getParameterName(), "message", "is required")), request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		ProblemType type = switch (ex) {
			case NoResourceFoundException notFound -> ProblemType.NOT_FOUND;
			case HttpRequestMethodNotSupportedException notSupported -> ProblemType.METHOD_NOT_ALLOWED;
			case HttpMediaTypeNotSupportedException unsupported -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
			case HttpMediaTypeNotAcceptableException notAcceptable -> ProblemType.NOT_ACCEPTABLE;
			case MissingRequestHeaderException missingHeader -> ProblemType.VALIDATION_FAILED;
			default -> (statusCode.value() >= 500) ? ProblemType.INTERNAL_ERROR : ProblemType.MALFORMED_REQUEST;
		};
		ProblemDetail problem = (body instanceof ProblemDetail existing) ? existing
				: ProblemDetail.forStatus(statusCode);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		problem.setProperty("errorCode", type.code());
		if (type == ProblemType.NOT_FOUND) {
			problem.setDetail("no endpoint at this path; the API lives under /api/v1");
		}
		else if (problem.getDetail() == null) {
			problem.setDetail(type.title());
		}
		return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
	}

	private ResponseEntity<Object> validationFailed(List<Map<String, String>> errors, WebRequest request) {
		String detail = errors.isEmpty() ? "the request is not valid"
				: String.join("; ", errors.stream().map((e) -> e.get("field") + ": " + e.get("message")).toList());
		ProblemDetail problem = problem(ProblemType.VALIDATION_FAILED, detail);
		if (!errors.isEmpty()) {
			problem.setProperty("field", errors.get(0).get("field"));
		}
		problem.setProperty("errors", errors);
		return response(problem, request);
	}

	/** A problem detail of a type, as every error of the API has it. */
	public static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		problem.setProperty("errorCode", type.code());
		// for the audit of a refused change (RefusalAuditFilter)
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(PROBLEM_CODE, type.code(), RequestAttributes.SCOPE_REQUEST);
		}
		return problem;
	}

	private ResponseEntity<Object> response(ProblemDetail problem, WebRequest request) {
		return createResponseEntity(problem, new HttpHeaders(), HttpStatusCode.valueOf(problem.getStatus()), request);
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName().replaceAll("[^A-Za-z0-9._-]", "?"));
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static List<String> enumNames(Class<?> type) {
		return java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
	}

}
