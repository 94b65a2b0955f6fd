package dev.clusterlink.linkmanager.offsets;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;

/** The link has never synced a consumer group of that name. */
class GroupNotFoundException extends ApiException {

	GroupNotFoundException(String link, String group) {
		super(ProblemType.GROUP_NOT_FOUND, "link '" + link + "' has not synced a consumer group named '" + group
				+ "' (it syncs the groups consumer.offset.group.filters selects that commit on its mirror topics)");
		with("link", link);
		with("group", group);
	}

}
