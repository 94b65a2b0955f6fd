package dev.clusterlink.command;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes commands as the JSON records of the command topic. */
public final class CommandCodec {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private CommandCodec() {
	}

	/**
	 * The JSON text of a command.
	 * @param command the command
	 * @return its JSON record value
	 */
	public static String encode(Command command) {
		return JSON.writeValueAsString(command);
	}

	/**
	 * Reads a command. Unknown properties are ignored so that newer producers can add
	 * fields.
	 * @param json a record value from the command topic
	 * @return the command
	 * @throws InvalidCommandException when the value is not a command this version
	 * understands
	 */
	public static Command decode(String json) {
		try {
			return JSON.readValue(json, Command.class);
		}
		catch (JacksonException ex) {
			throw new InvalidCommandException("not a command: " + ex.getOriginalMessage(), ex);
		}
	}

	/** A record on the command topic that this version cannot read; consumers skip it. */
	public static class InvalidCommandException extends RuntimeException {

		InvalidCommandException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
