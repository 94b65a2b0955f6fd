package dev.clusterlink.linkmanager.cluster;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;

/** No cluster is registered under a name. */
public class ClusterNotFoundException extends ApiException {

	public ClusterNotFoundException(String name) {
		super(ProblemType.CLUSTER_NOT_FOUND, "no cluster named '" + name + "'");
		with("cluster", name);
	}

}
