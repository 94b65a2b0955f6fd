package dev.clusterlink.linkmanager.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An error the API reports as a problem detail of a given {@link ProblemType}. Domain
 * exceptions of the features extend it; the message is the {@code detail} and must never
 * contain a secret.
 */
public class ApiException extends RuntimeException {

	private final ProblemType type;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	public ApiException(ProblemType type, String detail) {
		super(detail);
		this.type = type;
	}

	public ProblemType type() {
		return this.type;
	}

	/** Extension members of the problem detail, e.g. {@code field}, {@code link}. */
	public Map<String, Object> properties() {
		return this.properties;
	}

	/** Adds an extension member; {@code null} values are left out. */
	public ApiException with(String name, @Nullable Object value) {
		if (value != null) {
			this.properties.put(name, value);
		}
		return this;
	}

	/** A bad request field: {@code validation-failed} naming the field. */
	public static ApiException invalidField(String field, String reason) {
		return new ApiException(ProblemType.VALIDATION_FAILED, field + ": " + reason).with("field", field)
			.with("errors", java.util.List.of(Map.of("field", field, "message", reason)));
	}

}
