package dev.clusterlink.config;

import java.util.List;

/**
 * A link config that is unknown or has a bad value. The message names the key and the
 * reason; it never repeats the value.
 */
public class InvalidLinkConfigException extends IllegalArgumentException {

	private final String key;

	private final List<String> validKeys;

	public InvalidLinkConfigException(String key, String reason, List<String> validKeys) {
		super(key + ": " + reason);
		this.key = key;
		this.validKeys = List.copyOf(validKeys);
	}

	/** The offending config key. */
	public String key() {
		return this.key;
	}

	/** The valid keys, when the key was unknown; otherwise empty. */
	public List<String> validKeys() {
		return this.validKeys;
	}

}
