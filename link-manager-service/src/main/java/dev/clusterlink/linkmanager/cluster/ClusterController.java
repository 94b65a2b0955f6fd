package dev.clusterlink.linkmanager.cluster;

import java.net.URI;
import java.util.Map;

import dev.clusterlink.linkmanager.web.ApiProblems;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.Preconditions;
import dev.clusterlink.linkmanager.web.ProblemType;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "clusters", description = "Kafka clusters that links connect")
class ClusterController {

	private final ClusterService clusters;

	ClusterController(ClusterService clusters) {
		this.clusters = clusters;
	}

	@PostMapping("/clusters")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Register a cluster")
	@ApiResponse(responseCode = "201", description = "Registered; Location names the new cluster")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.INVALID_CLIENT_PROPERTY,
			ProblemType.CLUSTER_ADDRESS_REFUSED, ProblemType.CLUSTER_EXISTS })
	ResponseEntity<ClusterResponse> create(@RequestBody ClusterRequest request) {
		ClusterResponse created = this.clusters.create(request);
		return ResponseEntity.created(URI.create("/api/v1/clusters/" + created.name()))
			.eTag(Preconditions.etag(created.version()))
			.body(created);
	}

	@GetMapping("/clusters")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "List clusters, by name, one page at a time")
	@ApiProblems(ProblemType.VALIDATION_FAILED)
	PageResponse<ClusterResponse> list(
			@Parameter(description = Paging.PAGE_DOC) @RequestParam(defaultValue = "0") int page,
			@Parameter(description = Paging.SIZE_DOC) @RequestParam(defaultValue = Paging.DEFAULT_SIZE) int size) {
		return this.clusters.list(page, size);
	}

	@GetMapping("/clusters/{name}")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "Describe a cluster (secret properties read [hidden])")
	@ApiProblems(ProblemType.CLUSTER_NOT_FOUND)
	ResponseEntity<ClusterResponse> get(@PathVariable String name) {
		ClusterResponse cluster = this.clusters.get(name);
		return ResponseEntity.ok().eTag(Preconditions.etag(cluster.version())).body(cluster);
	}

	@PutMapping("/clusters/{name}")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Replace a cluster's bootstrap servers and properties",
			description = "A secret sent as [hidden] keeps the stored value. If-Match or a body version guard against lost updates.")
	@ApiProblems({ ProblemType.VALIDATION_FAILED, ProblemType.INVALID_CLIENT_PROPERTY,
			ProblemType.CLUSTER_ADDRESS_REFUSED, ProblemType.CLUSTER_NOT_FOUND, ProblemType.VERSION_CONFLICT,
			ProblemType.PRECONDITION_FAILED })
	ResponseEntity<ClusterResponse> update(@PathVariable String name, @RequestBody ClusterRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		ClusterResponse cluster = this.clusters.update(name, request, ifMatch);
		return ResponseEntity.ok().eTag(Preconditions.etag(cluster.version())).body(cluster);
	}

	@DeleteMapping("/clusters/{name}")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Delete a cluster that no link uses")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiProblems({ ProblemType.CLUSTER_NOT_FOUND, ProblemType.CLUSTER_IN_USE, ProblemType.PRECONDITION_FAILED })
	ResponseEntity<Void> delete(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.clusters.delete(name, ifMatch);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/clusters/{name}:check")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Check that a cluster answers the Admin API",
			description = "200 with reachable=false and the reason when it does not answer within the admin timeout.")
	@ApiProblems(ProblemType.CLUSTER_NOT_FOUND)
	ClusterCheckResponse check(@PathVariable String name) {
		return this.clusters.check(name);
	}

	@PostMapping("/clusters:reencrypt-secrets")
	@PreAuthorize("hasRole('admin')")
	@Operation(summary = "Re-encrypt stored secrets with the current key (after a key rotation)")
	Map<String, Object> reencrypt() {
		return Map.of("clustersReencrypted", this.clusters.reencryptSecrets());
	}

}
