package dev.clusterlink.linkmanager.security;

import java.net.URI;

import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys, for admins whose key may see every link (a key limited to some links could
 * otherwise mint itself a wider one).
 */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "api-keys", description = "API keys (admin)")
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	@PostMapping
	@PreAuthorize("hasRole('admin') and @linkScope.unlimited()")
	@Operation(summary = "Create an API key; the response is the only place the key is ever shown")
	@ApiResponse(responseCode = "201", description = "Created; store the key now")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.API_KEY_EXISTS })
	ResponseEntity<CreatedApiKeyResponse> create(@Valid @RequestBody ApiKeyRequest request) {
		CreatedApiKeyResponse created = this.keys.create(request);
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.name()))
			.cacheControl(CacheControl.noStore())
			.body(created);
	}

	@GetMapping
	@PreAuthorize("hasRole('admin') and @linkScope.unlimited()")
	@Operation(summary = "List the API keys that are not revoked, by name, one page at a time",
			description = "Never the keys themselves.")
	@ApiProblems(ProblemType.VALIDATION_FAILED)
	PageResponse<ApiKeyResponse> list(
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.keys.list(page, size);
	}

	@GetMapping("/{name}")
	@PreAuthorize("hasRole('admin') and @linkScope.unlimited()")
	@Operation(summary = "Describe an API key")
	@ApiProblems(ProblemType.API_KEY_NOT_FOUND)
	ApiKeyResponse get(@PathVariable String name) {
		return this.keys.get(name);
	}

	@DeleteMapping("/{name}")
	@PreAuthorize("hasRole('admin') and @linkScope.unlimited()")
	@Operation(summary = "Revoke an API key: its next request gets 401")
	@ApiResponse(responseCode = "204", description = "Revoked")
	@ApiProblems({ ProblemType.API_KEY_NOT_FOUND, ProblemType.LAST_ADMIN_KEY })
	ResponseEntity<Void> revoke(@PathVariable String name) {
		this.keys.revoke(name);
		return ResponseEntity.noContent().build();
	}

}
