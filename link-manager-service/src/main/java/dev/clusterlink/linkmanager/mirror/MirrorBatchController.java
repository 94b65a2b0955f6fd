package dev.clusterlink.linkmanager.mirror;

import dev.clusterlink.linkmanager.mirror.MirrorBatchService.Options;
import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.model.MirrorAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Batch mirror actions, {@code POST /links/{link}/mirrors:<action>}: the single-mirror
 * action applied to each selected mirror on its own, with a result per mirror. The path
 * keeps {@code /links/{link}/…} so that link scope judges it like the single actions
 * ({@code mirrors:pause} is one path segment and cannot match {@code mirrors/{mirror}}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "mirrors")
class MirrorBatchController {

	private static final String SELECTION = "Body: exactly one of {\"mirrors\": [names]}, {\"pattern\": \"glob\"} "
			+ "(* and ? wildcards) or {\"all\": true}; at most 1000 mirrors. Always 200 with one result per mirror "
			+ "(accepted, would-apply, refused or failed with the problem it would have got alone); a selection "
			+ "that matches nothing gives no results. Each mirror is changed in its own transaction.";

	private final MirrorBatchService batch;

	MirrorBatchController(MirrorBatchService batch) {
		this.batch = batch;
	}

	@PostMapping("/links/{link}/mirrors:pause")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Pause several mirrors (dryRun=true changes nothing)", description = SELECTION)
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND })
	MirrorBatchResponse pause(@PathVariable String link, @RequestBody MirrorSelection selection,
			@RequestParam(defaultValue = "false") boolean dryRun) {
		return this.batch.act(link, selection, MirrorAction.PAUSE, new Options(dryRun, false, false, false));
	}

	@PostMapping("/links/{link}/mirrors:resume")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Resume several mirrors (dryRun=true changes nothing; acknowledgeDataLoss=true for halted "
			+ "ones)", description = SELECTION)
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND })
	MirrorBatchResponse resume(@PathVariable String link, @RequestBody MirrorSelection selection,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestParam(defaultValue = "false") boolean acknowledgeDataLoss) {
		return this.batch.act(link, selection, MirrorAction.RESUME,
				new Options(dryRun, acknowledgeDataLoss, false, false));
	}

	@PostMapping("/links/{link}/mirrors:promote")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Promote several mirrors (dryRun=true changes nothing)", description = SELECTION)
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND })
	MirrorBatchResponse promote(@PathVariable String link, @RequestBody MirrorSelection selection,
			@RequestParam(defaultValue = "false") boolean dryRun) {
		return this.batch.act(link, selection, MirrorAction.PROMOTE, new Options(dryRun, false, false, false));
	}

	@PostMapping("/links/{link}/mirrors:failover")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Fail over several mirrors (dryRun=true changes nothing)", description = SELECTION)
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND })
	MirrorBatchResponse failover(@PathVariable String link, @RequestBody MirrorSelection selection,
			@RequestParam(defaultValue = "false") boolean dryRun) {
		return this.batch.act(link, selection, MirrorAction.FAILOVER, new Options(dryRun, false, false, false));
	}

	@PostMapping("/links/{link}/mirrors:delete")
	@PreAuthorize("hasRole('operator')")
	@Operation(summary = "Delete several mirrors, as DELETE …/mirrors/{mirror} would each (dryRun=true changes "
			+ "nothing; deleteTopic, keepAcls as for one mirror)", description = SELECTION)
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.LINK_NOT_FOUND })
	MirrorBatchResponse delete(@PathVariable String link, @RequestBody MirrorSelection selection,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestParam(defaultValue = "false") boolean deleteTopic,
			@RequestParam(defaultValue = "false") boolean keepAcls) {
		return this.batch.delete(link, selection, new Options(dryRun, false, deleteTopic, keepAcls));
	}

}
