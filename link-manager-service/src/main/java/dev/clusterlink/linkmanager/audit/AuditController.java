package dev.clusterlink.linkmanager.audit;

import dev.clusterlink.linkmanager.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
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
	@Operation(summary = "List audit entries, newest first (page size at most 500)")
	PageResponse<AuditEntryResponse> list(@RequestParam(required = false) @Nullable String entityType,
			@RequestParam(required = false) @Nullable String entityName, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.auditLog.page(entityType, entityName, page, size);
	}

}
