package dev.clusterlink.kafka;

/**
 * A client property refused by the allow-list; the message names the key and never its
 * value.
 */
public class InvalidClientPropertyException extends IllegalArgumentException {

	private final String key;

	public InvalidClientPropertyException(String key, String reason) {
		super(key + ": " + reason);
		this.key = key;
	}

	/** The refused key. */
	public String key() {
		return this.key;
	}

}
