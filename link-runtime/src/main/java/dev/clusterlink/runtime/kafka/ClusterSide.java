package dev.clusterlink.runtime.kafka;

/** Which cluster of a link a call went to, as an operator reads it. */
public enum ClusterSide {

	SOURCE("source"), DESTINATION("destination");

	private final String word;

	ClusterSide(String word) {
		this.word = word;
	}

	/** The word in messages: {@code source} or {@code destination}. */
	public String word() {
		return this.word;
	}

}
