package dev.clusterlink.filter;

/**
 * Filter JSON that cannot be parsed; the message names the JSON path and never repeats
 * values.
 */
public class InvalidFilterException extends IllegalArgumentException {

	public InvalidFilterException(String message) {
		super(message);
	}

}
