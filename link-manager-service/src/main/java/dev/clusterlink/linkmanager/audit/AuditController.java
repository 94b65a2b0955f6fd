package dev.clusterlink.linkmanager.audit;

import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Who changed what, when")
class AuditController {

	private final AuditLog auditLog;

	AuditController(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@GetMapping
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "List audit entries, newest first, one page at a time")
	@ApiProblems(ProblemType.VALIDATION_FAILED)
	PageResponse<AuditEntryResponse> list(@RequestParam(required = false) @Nullable String entityType,
			@RequestParam(required = false) @Nullable String entityName,
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.auditLog.page(entityType, entityName, page, size);
	}

}
