package dev.clusterlink.linkmanager.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The stable problem types of the API (RFC 9457 {@code type}), one per error a client may
 * want to tell apart. Each is documented in the README under "Errors".
 */
public enum ProblemType {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Request validation failed"),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"), FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
	API_KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "API key not found"),
	API_KEY_EXISTS(HttpStatus.CONFLICT, "API key already exists"),
	LAST_ADMIN_KEY(HttpStatus.CONFLICT, "Last admin API key"),
	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
	INVALID_LINK_CONFIG(HttpStatus.BAD_REQUEST, "Invalid link config"),
	INVALID_CLIENT_PROPERTY(HttpStatus.BAD_REQUEST, "Client property not allowed"),
	CLUSTER_ADDRESS_REFUSED(HttpStatus.BAD_REQUEST, "Cluster address refused"),
	CLUSTER_NOT_FOUND(HttpStatus.NOT_FOUND, "Cluster not found"),
	LINK_NOT_FOUND(HttpStatus.NOT_FOUND, "Link not found"),
	MIRROR_NOT_FOUND(HttpStatus.NOT_FOUND, "Mirror topic not found"),
	SOURCE_TOPIC_NOT_FOUND(HttpStatus.NOT_FOUND, "Source topic not found"),
	PARTITION_NOT_FOUND(HttpStatus.NOT_FOUND, "Partition not found"),
	OFFSET_NOT_FOUND(HttpStatus.NOT_FOUND, "No record at this offset"),
	OFFSET_NOT_MIRRORED(HttpStatus.NOT_FOUND, "Offset not mirrored yet"), OFFSET_GONE(HttpStatus.GONE, "Offset gone"),
	GROUP_NOT_FOUND(HttpStatus.NOT_FOUND, "Consumer group not found"),
	VERIFICATION_NOT_FOUND(HttpStatus.NOT_FOUND, "Verification not found"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
	VERIFICATION_LIMIT_REACHED(HttpStatus.TOO_MANY_REQUESTS, "Too many verifications at a time"),
	CLUSTER_EXISTS(HttpStatus.CONFLICT, "Cluster already exists"),
	LINK_EXISTS(HttpStatus.CONFLICT, "Link already exists"),
	MIRROR_EXISTS(HttpStatus.CONFLICT, "Mirror topic already exists"),
	DESTINATION_TOPIC_EXISTS(HttpStatus.CONFLICT, "Destination topic already exists"),
	CLUSTER_IN_USE(HttpStatus.CONFLICT, "Cluster in use"),
	LINK_HAS_MIRRORS(HttpStatus.CONFLICT, "Link has active mirrors"),
	ILLEGAL_TRANSITION(HttpStatus.CONFLICT, "Illegal state transition"),
	FENCE_UNAVAILABLE(HttpStatus.CONFLICT, "Source writers cannot be fenced"),
	REVERSE_REFUSED(HttpStatus.CONFLICT, "Reverse refused"),
	SOURCE_IS_MIRROR(HttpStatus.CONFLICT, "Source topic is a mirror topic"),
	VERSION_CONFLICT(HttpStatus.CONFLICT, "Version conflict"),
	PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
	ACL_DIFF_NOT_REVIEWED(HttpStatus.PRECONDITION_REQUIRED, "ACL diff not reviewed"),
	ACL_DIFF_CHANGED(HttpStatus.CONFLICT, "ACL diff changed since it was reviewed"),
	CLUSTER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Cluster unavailable"),
	STATE_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "State store unavailable"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	/** Prefix of every type URI. */
	public static final String BASE = "urn:clusterlink:problem:";

	private final HttpStatus status;

	private final String title;

	ProblemType(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/**
	 * The short stable code, e.g. {@code link-not-found}; also the {@code errorCode}
	 * member.
	 */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The type URI, e.g. {@code urn:clusterlink:problem:link-not-found}. */
	public URI uri() {
		return URI.create(BASE + code());
	}

}
