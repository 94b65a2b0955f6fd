package dev.clusterlink.linkmanager.acl;

import java.util.Map;

import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/links/{link}/acls")
@Tag(name = "acls", description = "ACL sync of a link: the ACLs it created, and a dry run of its next round")
class AclController {

	private final AclService acls;

	AclController(AclService acls) {
		this.acls = acls;
	}

	@GetMapping
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "The destination ACLs the link created, when and why",
			description = "Only these ACLs can ever be deleted by ACL sync (with acl.sync.delete.enable=true). "
					+ "They come one page at a time, in a stable order, under acls.")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.VALIDATION_FAILED })
	LinkAclsResponse owned(@PathVariable String link,
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.acls.owned(link, page, size);
	}

	@GetMapping("/diff")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "What the next ACL sync round would add and delete; changes nothing",
			description = "Reads the source ACLs the link's acl.filters select and every destination ACL, and plans "
					+ "with the code the ACL sync service runs. 503 cluster-unavailable (with side=source or "
					+ "destination) when a cluster does not answer, has no authorizer or denies DESCRIBE on "
					+ "cluster ACLs.")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.CLUSTER_UNAVAILABLE })
	AclDiffResponse diff(@PathVariable String link) {
		return this.acls.diff(link);
	}

	@PostMapping("/diff")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Dry run of a config change: what ACL sync would add and delete with these changes",
			description = "The body is a JSON merge patch of the link's configs, as for PATCH /links/{link}/configs; "
					+ "nothing is changed. The reviewToken of the answer, sent in the Acl-Diff-Token header of the "
					+ "config change, is what lets an admin turn acl.sync.mode=full on (or change acl.* or "
					+ "cluster.link.prefix while it is on), as long as the change still gives these ACL changes.")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.INVALID_LINK_CONFIG, ProblemType.CLUSTER_UNAVAILABLE })
	AclDiffResponse preview(@PathVariable String link, @RequestBody Map<String, Object> changes) {
		return this.acls.preview(link, changes);
	}

}
