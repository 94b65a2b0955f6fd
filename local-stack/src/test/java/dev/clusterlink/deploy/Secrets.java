package dev.clusterlink.deploy;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a secret looks like, so that the checks can tell one from a placeholder. */
final class Secrets {

	/** Settings whose values are secrets. */
	static final Pattern SECRET_NAME = Pattern
		.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_KEY|ADMIN_KEY).*");

	/**
	 * A 32-byte key in base64, as CLUSTERLINK_SECRET_KEY holds (and what we must never
	 * commit).
	 */
	static final Pattern BASE64_KEY = Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=");

	private Secrets() {
	}

	/** Whether a value is a usable CLUSTERLINK_SECRET_KEY (base64 of 32 bytes). */
	static boolean isUsableKey(String value) {
		try {
			return Base64.getDecoder().decode(value.trim()).length == 32;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Whether a value is plainly a placeholder for a secret rather than one. */
	static boolean isPlaceholder(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		return value.isBlank() || lower.contains("replace") || lower.contains("change-me") || lower.contains("changeme")
				|| (value.startsWith("<") && value.endsWith(">"));
	}

}
