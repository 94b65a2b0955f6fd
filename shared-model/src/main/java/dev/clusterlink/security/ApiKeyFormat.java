package dev.clusterlink.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link manager's API keys: {@code clk_<keyId>_<secret>}, sent as the
 * {@code X-API-Key} header. The key id (12 characters of {@code [a-z0-9]}) is public: it
 * is stored in clear, logged and used to look a key up. The secret (32 random bytes,
 * base64url without padding, 43 characters) is shown once at creation and stored only as
 * a slow salted hash. The {@code clk_} prefix lets secret scanners find leaked keys.
 * Plain Java, so that tools (local-stack, fault-suite, bench) can generate and check
 * keys.
 *
 * @param keyId the public key id
 * @param secret the secret part
 */
public record ApiKeyFormat(String keyId, String secret) {

	/** The HTTP header that carries a key. */
	public static final String HEADER = "X-API-Key";

	/** The environment variable the link manager reads its first admin key from. */
	public static final String BOOTSTRAP_VARIABLE = "CLUSTERLINK_BOOTSTRAP_ADMIN_KEY";

	private static final Pattern FORMAT = Pattern.compile("^clk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$");

	private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	public ApiKeyFormat {
		if (!FORMAT.matcher("clk_" + keyId + "_" + secret).matches()) {
			throw new IllegalArgumentException("not an API key: expected clk_<12 of a-z0-9>_<43 of base64url>");
		}
	}

	/** A new random key. */
	public static ApiKeyFormat generate() {
		StringBuilder id = new StringBuilder(12);
		for (int i = 0; i < 12; i++) {
			id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return new ApiKeyFormat(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
	}

	/**
	 * Parses a key; empty when the text is not a well-formed key (the text is never part
	 * of an error, as it may be a secret).
	 */
	public static Optional<ApiKeyFormat> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = FORMAT.matcher(text.trim());
		return matcher.matches() ? Optional.of(new ApiKeyFormat(matcher.group(1), matcher.group(2))) : Optional.empty();
	}

	/** The whole key as the client sends it. This is the secret: never log it. */
	public String value() {
		return "clk_" + this.keyId + "_" + this.secret;
	}

	/** The key id only, so that a key printed by accident does not leak. */
	@Override
	public String toString() {
		return "clk_" + this.keyId + "_…";
	}

}
