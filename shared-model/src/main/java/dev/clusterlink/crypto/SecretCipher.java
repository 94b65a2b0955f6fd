package dev.clusterlink.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Encrypts secret values at rest with AES-256-GCM (the JDK's own provider).
 *
 * <p>
 * A token is {@code v1:<keyId>:<base64url(iv | ciphertext | tag)>}. The key id is derived
 * from the key, so the cipher knows which key decrypts a token; old keys stay configured
 * after a rotation so that existing rows still decrypt until they are re-encrypted under
 * the current key. The associated data binds each token to where it is stored (e.g.
 * cluster id and property key), so a token copied to another row does not decrypt. Key
 * material never appears in a message.
 */
public final class SecretCipher {

	private static final String VERSION = "v1";

	private static final int KEY_BYTES = 32;

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String currentKeyId;

	private final Map<String, SecretKeySpec> keys;

	private SecretCipher(String currentKeyId, Map<String, SecretKeySpec> keys) {
		this.currentKeyId = currentKeyId;
		this.keys = keys;
	}

	/**
	 * Builds a cipher from base64 keys, as found in {@code CLUSTERLINK_SECRET_KEY} and
	 * {@code CLUSTERLINK_SECRET_PREVIOUS}.
	 * @param currentKey base64 of 32 random bytes ({@code openssl rand -base64 32});
	 * encrypts new values
	 * @param previousKeys older keys that still decrypt
	 * @return the cipher
	 * @throws SecretKeyException when a key is not base64 of 32 bytes
	 */
	public static SecretCipher of(String currentKey, List<String> previousKeys) {
		Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
		SecretKeySpec current = decodeKey(currentKey, "the current secret key");
		String currentId = keyId(current);
		keys.put(currentId, current);
		for (int i = 0; i < previousKeys.size(); i++) {
			SecretKeySpec previous = decodeKey(previousKeys.get(i), "previous secret key #" + (i + 1));
			keys.putIfAbsent(keyId(previous), previous);
		}
		return new SecretCipher(currentId, keys);
	}

	/**
	 * A fixed, publicly known key for local development only. Secrets encrypted with it
	 * are not protected.
	 */
	public static final String DEV_KEY = "Y2x1c3RlcmxpbmstZGV2LWtleS1ub3QtYS1zZWNyZXQ=";

	/**
	 * Builds the cipher from a service's settings ({@code CLUSTERLINK_SECRET_KEY} and
	 * {@code CLUSTERLINK_SECRET_PREVIOUS}).
	 * @param key the current key, base64; may be blank only when {@code allowDevKey}
	 * @param previous older keys that still decrypt
	 * @param allowDevKey whether a missing key falls back to {@link #DEV_KEY} (the
	 * {@code dev} profile)
	 * @return the cipher
	 * @throws SecretKeyException when the key is missing outside development, or
	 * malformed
	 */
	public static SecretCipher fromSettings(@Nullable String key, List<String> previous, boolean allowDevKey) {
		if (key == null || key.isBlank()) {
			if (!allowDevKey) {
				throw new SecretKeyException(
						"CLUSTERLINK_SECRET_KEY is not set. It encrypts cluster credentials at rest; "
								+ "create one with 'openssl rand -base64 32' and give every service the same value "
								+ "(or run with the 'dev' Spring profile for a throw-away local setup).");
			}
			return of(DEV_KEY, previous);
		}
		return of(key, previous);
	}

	/** A new random key, base64, for documentation and tests. */
	public static String generateKey() {
		byte[] key = new byte[KEY_BYTES];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/** The id of the key that encrypts new values. */
	public String currentKeyId() {
		return this.currentKeyId;
	}

	/**
	 * Encrypts a value under the current key.
	 * @param plaintext the secret
	 * @param context where the token will be stored; the same context must be given to
	 * decrypt
	 * @return the token
	 */
	public String encrypt(String plaintext, String context) {
		byte[] iv = new byte[IV_BYTES];
		RANDOM.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] payload = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
			return VERSION + ":" + this.currentKeyId + ":"
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
		}
	}

	/**
	 * Decrypts a token with whichever configured key made it.
	 * @param token a token from {@link #encrypt(String, String)}
	 * @param context the context given when it was encrypted
	 * @return the secret
	 * @throws SecretKeyException when the token's key is not configured, or the token or
	 * context do not match
	 */
	public String decrypt(String token, String context) {
		String[] parts = token.split(":", 3);
		if (parts.length != 3 || !parts[0].equals(VERSION)) {
			throw new SecretKeyException("stored secret is not in a known format");
		}
		SecretKeySpec key = this.keys.get(parts[1]);
		if (key == null) {
			throw new SecretKeyException("stored secret was encrypted with key id " + parts[1]
					+ ", which is not configured; add that key to CLUSTERLINK_SECRET_PREVIOUS");
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(parts[2]);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, IV_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new SecretKeyException("stored secret does not decrypt (tampered, or moved from another row)");
		}
	}

	/**
	 * Whether a token was made with the current key (otherwise it should be
	 * re-encrypted).
	 * @param token a stored token
	 * @return true when its key id is the current one
	 */
	public boolean isCurrent(String token) {
		return token.startsWith(VERSION + ":" + this.currentKeyId + ":");
	}

	private static SecretKeySpec decodeKey(String base64, String which) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new SecretKeyException(which + " is not base64 (create one with: openssl rand -base64 32)");
		}
		if (bytes.length != KEY_BYTES) {
			throw new SecretKeyException(
					which + " must be 32 bytes, base64-encoded (create one with: openssl rand -base64 32)");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	private static String keyId(SecretKeySpec key) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update("clusterlink-key-id:".getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha.digest(key.getEncoded()), 0, 4);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
