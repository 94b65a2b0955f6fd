package dev.clusterlink.runtime.kafka.guard;

/**
 * What a {@link KafkaListenerProbe} learnt about one address. Only the verdicts that
 * {@link #refuses() refuse} stop a client from being built: they are the endpoints whose
 * reply a Kafka client would read as a message size (DESIGN.md §11).
 */
public enum ProbeVerdict {

	/** Answered ApiVersions like a Kafka broker. */
	KAFKA(false, "answered as a Kafka broker"),

	/** Answered with something that is not an ApiVersions response, or closed. */
	NOT_KAFKA(true, "answered, but not as a Kafka broker"),

	/**
	 * Accepted the connection and sent nothing back in time. Refuses nothing: a frozen or
	 * overloaded broker looks the same, and a client reads nothing from a peer that sends
	 * nothing; refusing it (for a whole cluster, as one address refuses all) would stop
	 * every client of a cluster with one slow broker.
	 */
	SILENT(false, "accepted the connection, but did not answer in time"),

	/**
	 * Answered a plaintext request with TLS: the client would read a TLS record as a
	 * size.
	 */
	TLS_MISMATCH(true, "answered with TLS, but the cluster's security.protocol is not SSL or SASL_SSL"),

	/**
	 * The TLS handshake failed (untrusted certificate, host name mismatch, not TLS, a
	 * client certificate the listener requires and did not get). The client fails the
	 * same handshake before it reads any Kafka bytes, so this refuses nothing and the
	 * client reports its own TLS error.
	 */
	TLS_FAILED(false, "failed the TLS handshake"),

	/** Nothing accepted the connection in time (down, filtered, refused). */
	UNREACHABLE(false, "did not accept a connection");

	private final boolean refuses;

	private final String text;

	ProbeVerdict(boolean refuses, String text) {
		this.refuses = refuses;
		this.text = text;
	}

	/** Whether a client must not be built for an endpoint with this verdict. */
	public boolean refuses() {
		return this.refuses;
	}

	/** A fixed sentence about an endpoint, never containing bytes read from it. */
	public String describe(String endpoint) {
		return endpoint + " " + this.text;
	}

}
