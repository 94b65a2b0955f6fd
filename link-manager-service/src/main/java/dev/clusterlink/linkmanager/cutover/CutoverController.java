package dev.clusterlink.linkmanager.cutover;

import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cutover in one call and lifting its fence. Admin only: the fence writes ACLs on the
 * source cluster.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "cutover", description = "Fence the source's writers, promote mirrors, report")
class CutoverController {

	private final CutoverService cutovers;

	CutoverController(CutoverService cutovers) {
		this.cutovers = cutovers;
	}

	@PostMapping("/links/{link}:cutover")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Cut over: fence the source's writers (optional), promote the mirrors, wait, report",
			description = "Body: the selection of batch actions (mirrors, pattern or all), fence {principals} or "
					+ "null, dryRun, timeoutSeconds (default 300). Refused before any change (409) when a mirror "
					+ "cannot be promoted or the source has no authorizer for the fence. Synchronous: answers when "
					+ "every promotion ended or the timeout passed, with each mirror's state, offsets and final "
					+ "consumer-offset sync; outcome completed, incomplete or failed.")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.ILLEGAL_TRANSITION,
			ProblemType.FENCE_UNAVAILABLE, ProblemType.CLUSTER_UNAVAILABLE })
	CutoverResponse cutover(@PathVariable String link, @RequestBody CutoverRequest request) {
		return this.cutovers.cutover(link, request);
	}

	@PostMapping("/links/{link}:unfence")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Lift a cutover's fence: delete exactly the DENY WRITE ACLs cutovers created",
			description = "Body {principals} (every fence of the link when null or empty body {}).")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.CLUSTER_UNAVAILABLE })
	UnfenceResponse unfence(@PathVariable String link, @RequestBody UnfenceRequest request) {
		return this.cutovers.unfence(link, request);
	}

}
