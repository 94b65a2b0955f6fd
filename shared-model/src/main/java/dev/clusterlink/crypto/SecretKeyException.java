package dev.clusterlink.crypto;

/**
 * A secret key that is missing or malformed, or a stored secret that does not decrypt.
 */
public class SecretKeyException extends IllegalStateException {

	public SecretKeyException(String message) {
		super(message);
	}

}
