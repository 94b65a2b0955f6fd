package dev.clusterlink.linkmanager.link;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;

/** No link exists under a name. */
public class LinkNotFoundException extends ApiException {

	public LinkNotFoundException(String name) {
		super(ProblemType.LINK_NOT_FOUND, "no link named '" + name + "'");
		with("link", name);
	}

}
