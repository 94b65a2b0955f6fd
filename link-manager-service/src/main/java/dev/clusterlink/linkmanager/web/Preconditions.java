package dev.clusterlink.linkmanager.web;

import org.jspecify.annotations.Nullable;

/**
 * Optimistic locking at the HTTP boundary: responses carry {@code ETag: "<version>"}; a
 * request with {@code If-Match} is applied only when the entity still has that version
 * (412 otherwise).
 */
public final class Preconditions {

	private Preconditions() {
	}

	/** The ETag of an entity version. */
	public static String etag(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * Checks an {@code If-Match} header against the entity's current version.
	 * @param ifMatch the header, or {@code null} when absent
	 * @param currentVersion the entity's version
	 * @throws ApiException 412 when the header names another version
	 */
	public static void checkIfMatch(@Nullable String ifMatch, long currentVersion) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return;
		}
		for (String tag : ifMatch.split(",")) {
			String plain = tag.trim().replaceFirst("^W/", "").replace("\"", "");
			if (plain.equals(Long.toString(currentVersion))) {
				return;
			}
		}
		throw new ApiException(ProblemType.PRECONDITION_FAILED,
				"If-Match does not match the current version " + currentVersion + "; read the resource again")
			.with("currentVersion", currentVersion);
	}

	/**
	 * Checks a {@code version} given in a request body (RFC 9110 §15.5.10: a conflicting
	 * version is a 409).
	 * @param expected the version the client based its change on, or {@code null}
	 * @param currentVersion the entity's version
	 * @throws ApiException 409 {@code version-conflict} when they differ
	 */
	public static void checkVersion(@Nullable Long expected, long currentVersion) {
		if (expected != null && expected != currentVersion) {
			throw new ApiException(ProblemType.VERSION_CONFLICT,
					"the request is based on version " + expected + " but the resource is at version " + currentVersion
							+ "; read it again and retry")
				.with("currentVersion", currentVersion)
				.with("field", "version");
		}
	}

}
