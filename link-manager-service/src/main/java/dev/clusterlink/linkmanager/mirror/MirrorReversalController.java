package dev.clusterlink.linkmanager.mirror;

import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "mirrors")
class MirrorReversalController {

	private final MirrorReversal reversal;

	MirrorReversalController(MirrorReversal reversal) {
		this.reversal = reversal;
	}

	@PostMapping("/links/{link}/mirrors/{mirror}:reverse")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Fail back: the old source topic becomes a mirror of this stopped mirror's topic",
			description = "Planned swap: accepted when every partition was IDENTICAL, the old source topic ends "
					+ "exactly where the mirror stopped and its last record equals the promoted topic's; the old "
					+ "topic is adopted as it is and copying continues at its end offset through reverseLink, "
					+ "with nothing copied again. dryRun=true checks and reports without changing anything. On a "
					+ "bidirectional link reverseLink may be left out: the link's other direction mirrors back.")
	@ApiResponse(responseCode = "201", description = "The reverse mirror was created (PENDING)")
	@ApiResponse(responseCode = "200", description = "Dry run: what the reverse would do")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND, ProblemType.MIRROR_NOT_FOUND,
			ProblemType.REVERSE_REFUSED, ProblemType.MIRROR_EXISTS, ProblemType.CLUSTER_UNAVAILABLE })
	ResponseEntity<ReverseResponse> reverse(@PathVariable String link, @PathVariable String mirror,
			@RequestBody ReverseRequest request, @RequestParam(defaultValue = "false") boolean dryRun,
			@RequestParam(required = false) @Nullable String direction) {
		ReverseResponse response = this.reversal.reverse(link, mirror, LinkDirection.parse(direction), request, dryRun);
		return ResponseEntity.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED).body(response);
	}

}
