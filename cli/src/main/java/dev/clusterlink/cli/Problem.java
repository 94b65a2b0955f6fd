package dev.clusterlink.cli;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An RFC 9457 problem as the link manager answers it, reduced to what an operator reads:
 * the code, the detail and the offending field.
 *
 * @param status the HTTP status
 * @param code the stable code ({@code errorCode}, else the last part of {@code type})
 * @param detail the detail, else the title
 * @param field the offending field, when the problem names one
 */
record Problem(int status, String code, String detail, @Nullable String field) {

	static Problem of(int status, @Nullable JsonNode body) {
		if (body == null || !body.isObject()) {
			return new Problem(status, "http-" + status, "the link manager answered HTTP " + status, null);
		}
		String code = text(body, "errorCode");
		if (code == null) {
			String type = text(body, "type");
			code = (type != null && !type.equals("about:blank")) ? type.substring(type.lastIndexOf(':') + 1)
					: "http-" + status;
		}
		String detail = text(body, "detail");
		if (detail == null) {
			detail = (text(body, "title") != null) ? text(body, "title") : "HTTP " + status;
		}
		String field = text(body, "field");
		if (field == null && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
			field = text(body.path("errors").get(0), "field");
		}
		return new Problem(status, code, detail, field);
	}

	/** One line: {@code error: mirror-exists: … (field: name)}. */
	String render() {
		String line = "error: " + this.code + ": " + this.detail.strip().replaceAll("\\s*\\R\\s*", " ");
		return (this.field != null) ? line + " (field: " + this.field + ")" : line;
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value == null || value.isNull()) ? null : value.asString();
	}

}
