package dev.clusterlink.linkmanager.mirror;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;

/** No mirror topic of that name on a link. */
class MirrorNotFoundException extends ApiException {

	MirrorNotFoundException(String link, String mirror) {
		super(ProblemType.MIRROR_NOT_FOUND, "link '" + link + "' has no mirror topic '" + mirror + "'");
		with("link", link);
		with("mirror", mirror);
	}

}
