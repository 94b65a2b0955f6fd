package dev.clusterlink.model;

/** Lifecycle requests an operator can make on a mirror topic. */
public enum MirrorAction {

	PAUSE, RESUME, PROMOTE, FAILOVER;

	/** The name used in the REST path, e.g. {@code :promote}. */
	public String verb() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
