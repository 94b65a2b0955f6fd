package dev.clusterlink.linkmanager.mirror;

import java.net.URI;
import java.util.UUID;

import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Verification of mirrors: every endpoint is under {@code /links/{link}/…}, so that link
 * scope applies to it as to the other mirror endpoints.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "verifications", description = "Compare a mirror topic with its source, record by record")
class VerificationController {

	private static final String RANGE_DOC = "Source offsets [fromOffset, toOffset) of every partition; by default "
			+ "from the partition's mirror start to the offset mirrored at the call, and clamped to those.";

	private final VerificationService verifications;

	VerificationController(VerificationService verifications) {
		this.verifications = verifications;
	}

	@PostMapping("/links/{link}/mirrors/{mirror}:verify")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Start a background verification of a mirror topic", description = RANGE_DOC)
	@ApiResponse(responseCode = "202", description = "Accepted; Location names the verification")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND,
			ProblemType.VERIFICATION_LIMIT_REACHED })
	ResponseEntity<VerificationResponse> verify(@PathVariable String link, @PathVariable String mirror,
			@RequestParam(required = false) @Nullable Long fromOffset,
			@RequestParam(required = false) @Nullable Long toOffset,
			@Parameter(description = MirrorController.DIRECTION_DOC) @RequestParam(
					required = false) @Nullable String direction) {
		VerificationResponse started = this.verifications.start(link, mirror, LinkDirection.parse(direction),
				fromOffset, toOffset);
		return ResponseEntity.accepted().location(location(started)).body(started);
	}

	@PostMapping("/links/{link}:verify")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Start a background verification of every mirror topic of a link, one per mirror",
			description = RANGE_DOC)
	@ApiResponse(responseCode = "202", description = "Accepted; the verifications, one per mirror")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.VERIFICATION_LIMIT_REACHED })
	ResponseEntity<VerificationsResponse> verifyLink(@PathVariable String link,
			@RequestParam(required = false) @Nullable Long fromOffset,
			@RequestParam(required = false) @Nullable Long toOffset,
			@Parameter(description = "forward or reverse (bidirectional links): verify only the mirrors of that "
					+ "direction; both when left out") @RequestParam(required = false) @Nullable String direction) {
		return ResponseEntity.accepted()
			.body(this.verifications.startForLink(link, LinkDirection.parse(direction), fromOffset, toOffset));
	}

	@GetMapping("/links/{link}/mirrors/{mirror}/verifications")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "List the verifications of a mirror topic, newest first, one page at a time")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.VALIDATION_FAILED })
	PageResponse<VerificationResponse> list(@PathVariable String link, @PathVariable String mirror,
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size,
			@Parameter(description = MirrorController.DIRECTION_DOC) @RequestParam(
					required = false) @Nullable String direction) {
		return this.verifications.list(link, mirror, LinkDirection.parse(direction), page, size);
	}

	@GetMapping("/links/{link}/mirrors/{mirror}/verifications/{id}")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "A verification: state, percent done, records per second, per-partition report")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.VERIFICATION_NOT_FOUND })
	VerificationResponse get(@PathVariable String link, @PathVariable String mirror, @PathVariable UUID id, @Parameter(
			description = MirrorController.DIRECTION_DOC) @RequestParam(required = false) @Nullable String direction) {
		return this.verifications.get(link, mirror, LinkDirection.parse(direction), id);
	}

	@DeleteMapping("/links/{link}/mirrors/{mirror}/verifications/{id}")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Cancel a verification that is queued or running; one that has ended is left as it is")
	@ApiProblems({ ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND, ProblemType.VERIFICATION_NOT_FOUND })
	VerificationResponse cancel(@PathVariable String link, @PathVariable String mirror, @PathVariable UUID id,
			@Parameter(description = MirrorController.DIRECTION_DOC) @RequestParam(
					required = false) @Nullable String direction) {
		return this.verifications.cancel(link, mirror, LinkDirection.parse(direction), id);
	}

	private static URI location(VerificationResponse verification) {
		return URI.create("/api/v1/links/" + verification.link() + "/mirrors/" + verification.mirror()
				+ "/verifications/" + verification.id());
	}

}
