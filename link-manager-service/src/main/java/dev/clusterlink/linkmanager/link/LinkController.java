package dev.clusterlink.linkmanager.link;

import java.net.URI;
import java.util.Map;

import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.Preconditions;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.VisibleLinks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "links", description = "Cluster links from a source to a destination cluster")
class LinkController {

	/** The header that carries the review token of a full ACL sync change. */
	static final String ACL_DIFF_TOKEN = "Acl-Diff-Token";

	private static final String FULL_ACL_SYNC = "Turning acl.sync.mode=full on (with acl.sync.enable=true), or "
			+ "changing acl.* or cluster.link.prefix while it is on, needs the reviewToken of "
			+ "POST /links/{name}/acls/diff (with the same changes) in the Acl-Diff-Token header: 428 "
			+ "acl-diff-not-reviewed without it, 409 acl-diff-changed when the ACL changes are no longer those "
			+ "reviewed.";

	private final LinkService links;

	LinkController(LinkService links) {
		this.links = links;
	}

	@PostMapping("/links")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Create a link",
			description = "With validateOnly=true: checks that both clusters answer and the configs are valid, and writes nothing. "
					+ "A link cannot be created with full ACL sync on (428 acl-diff-not-reviewed): create it with "
					+ "read-replica or acl.sync.enable=false, review POST /links/{name}/acls/diff, then switch.")
	@ApiResponse(responseCode = "201", description = "Created; Location names the new link")
	@ApiResponse(responseCode = "200",
			description = "validateOnly=true: the link would be created as shown; nothing was written")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.INVALID_LINK_CONFIG, ProblemType.CLUSTER_NOT_FOUND,
			ProblemType.LINK_EXISTS, ProblemType.CLUSTER_UNAVAILABLE, ProblemType.ACL_DIFF_NOT_REVIEWED })
	ResponseEntity<?> create(@RequestBody LinkRequest request,
			@RequestParam(defaultValue = "false") boolean validateOnly) {
		if (validateOnly) {
			return ResponseEntity.ok(this.links.validate(request));
		}
		LinkResponse created = this.links.create(request);
		return ResponseEntity.created(URI.create("/api/v1/links/" + created.name()))
			.eTag(Preconditions.etag(created.version()))
			.body(created);
	}

	@GetMapping("/links")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "List links, by name, one page at a time",
			description = "A key limited to named links sees only those, in the items and in the counts.")
	@ApiProblems(ProblemType.VALIDATION_FAILED)
	PageResponse<LinkResponse> list(
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.links.list(VisibleLinks.names(), page, size);
	}

	@GetMapping("/links/{name}")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "Describe a link: state, reason, effective configs (defaults marked isDefault)")
	@ApiProblems(ProblemType.LINK_NOT_FOUND)
	ResponseEntity<LinkResponse> get(@PathVariable String name) {
		return withEtag(this.links.get(name));
	}

	@PutMapping("/links/{name}/configs")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Replace a link's configs (keys left out go back to their defaults)",
			description = FULL_ACL_SYNC)
	@ApiProblems({ ProblemType.INVALID_LINK_CONFIG, ProblemType.LINK_NOT_FOUND, ProblemType.VERSION_CONFLICT,
			ProblemType.PRECONDITION_FAILED, ProblemType.ACL_DIFF_NOT_REVIEWED, ProblemType.ACL_DIFF_CHANGED,
			ProblemType.CLUSTER_UNAVAILABLE })
	ResponseEntity<LinkResponse> replaceConfigs(@PathVariable String name, @RequestBody Map<String, Object> configs,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = ACL_DIFF_TOKEN, required = false) @Nullable String aclDiffToken) {
		return withEtag(this.links.replaceConfigs(name, configs, ifMatch, aclDiffToken));
	}

	@PatchMapping(path = "/links/{name}/configs", consumes = { "application/merge-patch+json", "application/json" })
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Merge changes into a link's configs (null resets a key to its default)",
			description = FULL_ACL_SYNC)
	@ApiProblems({ ProblemType.INVALID_LINK_CONFIG, ProblemType.LINK_NOT_FOUND, ProblemType.VERSION_CONFLICT,
			ProblemType.PRECONDITION_FAILED, ProblemType.ACL_DIFF_NOT_REVIEWED, ProblemType.ACL_DIFF_CHANGED,
			ProblemType.CLUSTER_UNAVAILABLE })
	ResponseEntity<LinkResponse> patchConfigs(@PathVariable String name, @RequestBody Map<String, Object> changes,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestHeader(name = ACL_DIFF_TOKEN, required = false) @Nullable String aclDiffToken) {
		return withEtag(this.links.patchConfigs(name, changes, ifMatch, aclDiffToken));
	}

	@PostMapping("/links/{name}:pause")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Pause a link: none of its mirrors copies data and no sync runs")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.VERSION_CONFLICT, ProblemType.PRECONDITION_FAILED })
	ResponseEntity<LinkResponse> pause(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return withEtag(this.links.pause(name, ifMatch));
	}

	@PostMapping("/links/{name}:resume")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Resume a paused link")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.VERSION_CONFLICT, ProblemType.PRECONDITION_FAILED })
	ResponseEntity<LinkResponse> resume(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return withEtag(this.links.resume(name, ifMatch));
	}

	@DeleteMapping("/links/{name}")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Delete a link",
			description = "Refused (409) while the link has mirrors that are not STOPPED, unless force=true; "
					+ "destination topics are kept. The ACLs the link created on the destination and the DENY "
					+ "WRITE ACLs of its mirrors are removed first (each audited), unless keepAcls=true; 503 "
					+ "cluster-unavailable (nothing deleted) when the destination cannot remove them.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.LINK_HAS_MIRRORS, ProblemType.PRECONDITION_FAILED,
			ProblemType.CLUSTER_UNAVAILABLE })
	ResponseEntity<Void> delete(@PathVariable String name,
			@Parameter(description = "delete even with live mirrors") @RequestParam(
					defaultValue = "false") boolean force,
			@Parameter(description = "leave the link's ACLs on the destination") @RequestParam(
					defaultValue = "false") boolean keepAcls,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.links.delete(name, force, keepAcls, ifMatch);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<LinkResponse> withEtag(LinkResponse link) {
		return ResponseEntity.ok().eTag(Preconditions.etag(link.version())).body(link);
	}

}
