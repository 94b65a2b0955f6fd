package dev.clusterlink.linkmanager.cluster;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;

/** A registered cluster did not answer an Admin API call in time, or refused it. */
public class ClusterUnavailableException extends ApiException {

	public ClusterUnavailableException(String cluster, String reason) {
		super(ProblemType.CLUSTER_UNAVAILABLE, "cluster '" + cluster + "' is not available: " + reason);
		with("cluster", cluster);
	}

}
