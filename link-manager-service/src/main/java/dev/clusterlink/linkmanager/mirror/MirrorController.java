package dev.clusterlink.linkmanager.mirror;

import java.net.URI;
import java.util.List;

import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.Preconditions;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.VisibleLinks;
import dev.clusterlink.model.MirrorAction;
import dev.clusterlink.model.MirrorState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "mirrors", description = "Mirror topics: exact copies of source topics on the destination")
class MirrorController {

	private static final String IF_MATCH = HttpHeaders.IF_MATCH;

	static final String DIRECTION_DOC = "forward or reverse (bidirectional links): the direction to find the "
			+ "mirror in; by default either, and the one that is not STOPPED when both have it";

	private final MirrorService mirrors;

	MirrorController(MirrorService mirrors) {
		this.mirrors = mirrors;
	}

	@PostMapping("/links/{link}/mirrors")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Create a mirror topic (state PENDING until the worker has set it up)",
			description = "direction=reverse (bidirectional links only, else 400 naming direction) mirrors from the "
					+ "link's destination cluster to its source cluster.")
	@ApiResponse(responseCode = "201", description = "Created; Location names the new mirror topic")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.SOURCE_TOPIC_NOT_FOUND,
			ProblemType.MIRROR_EXISTS, ProblemType.DESTINATION_TOPIC_EXISTS, ProblemType.SOURCE_IS_MIRROR,
			ProblemType.CLUSTER_UNAVAILABLE })
	ResponseEntity<MirrorResponse> create(@PathVariable String link, @RequestBody MirrorRequest request) {
		MirrorResponse created = this.mirrors.create(link, request);
		return ResponseEntity.created(URI.create("/api/v1/links/" + link + "/mirrors/" + created.name()))
			.eTag(Preconditions.etag(created.version()))
			.body(created);
	}

	@GetMapping("/links/{link}/mirrors")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "List the mirror topics of a link, by name, one page at a time",
			description = "Optionally only those in some states (state=A,B).")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.VALIDATION_FAILED })
	PageResponse<MirrorResponse> list(@PathVariable String link,
			@RequestParam(required = false, defaultValue = "") List<MirrorState> state,
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.mirrors.list(link, state, page, size);
	}

	@GetMapping("/mirrors")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "List mirror topics across links, by name, one page at a time",
			description = "Optionally only those in some states (state=A,B). A key limited to named links sees only "
					+ "their mirrors, in the items and in the counts.")
	@ApiProblems(ProblemType.VALIDATION_FAILED)
	PageResponse<MirrorResponse> listAll(@RequestParam(required = false, defaultValue = "") List<MirrorState> state,
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.mirrors.listAll(VisibleLinks.names(), state, page, size);
	}

	@GetMapping("/links/{link}/mirrors/{mirror}")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "Describe a mirror topic: state, reason, offset mode, per-partition progress")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND })
	ResponseEntity<MirrorResponse> get(@PathVariable String link, @PathVariable String mirror,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		MirrorResponse found = this.mirrors.get(link, mirror, LinkDirection.parse(direction));
		return ResponseEntity.ok().eTag(Preconditions.etag(found.version())).body(found);
	}

	@GetMapping("/links/{link}/mirrors/{mirror}/partitions/{partition}/translate")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "Translate a source offset into the destination offset holding the copy of its record",
			description = "404 offset-not-found when the source has no record there (compaction, transaction markers), "
					+ "410 offset-gone before the mirror's first offset, 404 offset-not-mirrored when not copied yet.")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND,
			ProblemType.PARTITION_NOT_FOUND, ProblemType.OFFSET_NOT_FOUND, ProblemType.OFFSET_NOT_MIRRORED,
			ProblemType.OFFSET_GONE })
	TranslationResponse translate(@PathVariable String link, @PathVariable String mirror, @PathVariable int partition,
			@RequestParam long sourceOffset,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		return this.mirrors.translate(link, mirror, partition, sourceOffset, LinkDirection.parse(direction));
	}

	@PostMapping("/links/{link}/mirrors/{mirror}:pause")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Pause mirroring (dryRun=true changes nothing)")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.ILLEGAL_TRANSITION,
			ProblemType.VERSION_CONFLICT, ProblemType.PRECONDITION_FAILED })
	MirrorActionResponse pause(@PathVariable String link, @PathVariable String mirror,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		return this.mirrors.act(link, mirror, LinkDirection.parse(direction), MirrorAction.PAUSE, dryRun, false,
				ifMatch);
	}

	@PostMapping("/links/{link}/mirrors/{mirror}:resume")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Resume mirroring (dryRun=true changes nothing)",
			description = "A mirror halted in DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED or FAILED resumes only with "
					+ "acknowledgeDataLoss=true: the operator accepts what the halt reported.")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.ILLEGAL_TRANSITION,
			ProblemType.VERSION_CONFLICT, ProblemType.PRECONDITION_FAILED })
	MirrorActionResponse resume(@PathVariable String link, @PathVariable String mirror,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestParam(defaultValue = "false") boolean acknowledgeDataLoss,
			@RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		return this.mirrors.act(link, mirror, LinkDirection.parse(direction), MirrorAction.RESUME, dryRun,
				acknowledgeDataLoss, ifMatch);
	}

	@PostMapping("/links/{link}/mirrors/{mirror}:promote")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Promote: wait for lag 0, stop, make the topic writable (dryRun=true changes nothing)")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.ILLEGAL_TRANSITION,
			ProblemType.VERSION_CONFLICT, ProblemType.PRECONDITION_FAILED })
	MirrorActionResponse promote(@PathVariable String link, @PathVariable String mirror,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		return this.mirrors.act(link, mirror, LinkDirection.parse(direction), MirrorAction.PROMOTE, dryRun, false,
				ifMatch);
	}

	@PostMapping("/links/{link}/mirrors/{mirror}:failover")
	@PreAuthorize("hasRole('operator')")
	@Operation(
			summary = "Fail over: stop at once whatever the lag, make the topic writable (dryRun=true changes nothing)")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.ILLEGAL_TRANSITION,
			ProblemType.VERSION_CONFLICT, ProblemType.PRECONDITION_FAILED })
	MirrorActionResponse failover(@PathVariable String link, @PathVariable String mirror,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		return this.mirrors.act(link, mirror, LinkDirection.parse(direction), MirrorAction.FAILOVER, dryRun, false,
				ifMatch);
	}

	@DeleteMapping("/links/{link}/mirrors/{mirror}")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Delete a mirror topic: mirroring stops; the destination topic stays unless deleteTopic=true",
			description = "The ACLs the link's ACL sync created on the mirror topic and the mirror's DENY WRITE "
					+ "ACLs are removed first (each audited), unless keepAcls=true; 503 cluster-unavailable "
					+ "(nothing deleted) when the destination cannot remove them.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.PRECONDITION_FAILED,
			ProblemType.CLUSTER_UNAVAILABLE })
	ResponseEntity<Void> delete(@PathVariable String link, @PathVariable String mirror,
			@RequestParam(defaultValue = "false") boolean deleteTopic,
			@RequestParam(defaultValue = "false") boolean keepAcls,
			@RequestHeader(name = IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		this.mirrors.delete(link, mirror, LinkDirection.parse(direction), deleteTopic, keepAcls, ifMatch);
		return ResponseEntity.noContent().build();
	}

}
