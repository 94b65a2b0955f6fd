package dev.clusterlink.linkmanager.offsets;

import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/links/{link}/consumer-groups")
@Tag(name = "consumer-groups",
		description = "Consumer-offset sync of a link: per group and partition, source and destination offsets")
class ConsumerGroupController {

	private final ConsumerGroupService groups;

	ConsumerGroupController(ConsumerGroupService groups) {
		this.groups = groups;
	}

	@GetMapping
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "The consumer groups the link syncs",
			description = "Per group and partition: the source offset, the destination offset it translates to, the "
					+ "group's offset on the destination, how far that trails, the last sync and why a group or "
					+ "partition was skipped; failoverReady when the destination group is exactly at its translated "
					+ "source position. As the last sync round recorded it. The groups come one page at a time, "
					+ "by name, under groups.")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.VALIDATION_FAILED })
	ConsumerGroupsResponse groups(@PathVariable String link,
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size,
			@Parameter(description = "forward (the default) or reverse: on a bidirectional link, the groups synced "
					+ "from the link's destination cluster back to its source") @RequestParam(
							required = false) @Nullable String direction) {
		return this.groups.groups(link, LinkDirection.parse(direction), page, size);
	}

	@GetMapping("/{group}")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "One consumer group the link syncs",
			description = "404 group-not-found when the link never synced a group of that name.")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.GROUP_NOT_FOUND })
	ConsumerGroupResponse group(@PathVariable String link, @PathVariable String group,
			@Parameter(description = "forward (the default) or reverse: on a bidirectional link, the groups synced "
					+ "from the link's destination cluster back to its source") @RequestParam(
							required = false) @Nullable String direction) {
		return this.groups.group(link, LinkDirection.parse(direction), group);
	}

}
