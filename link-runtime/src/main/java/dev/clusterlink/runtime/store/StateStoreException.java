package dev.clusterlink.runtime.store;

/** The state store could not be read or written (PostgreSQL unreachable, SQL error). */
public class StateStoreException extends RuntimeException {

	public StateStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
