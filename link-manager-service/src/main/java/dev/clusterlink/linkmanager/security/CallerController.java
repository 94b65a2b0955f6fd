package dev.clusterlink.linkmanager.security;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is: its name, its role and the roles that role includes, and the links
 * it may see, so that a client (the console) shows only the actions the caller may run.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "caller", description = "The caller's identity and roles")
class CallerController {

	@GetMapping("/me")
	@PreAuthorize("hasRole('viewer')")
	@Operation(summary = "The caller: principal name, role, the roles it includes, the links it may see (null: all)")
	CallerResponse me() {
		ClusterlinkPrincipal principal = ClusterlinkPrincipal.current();
		if (principal == null) {
			throw new ApiException(ProblemType.UNAUTHENTICATED, "authentication required");
		}
		List<String> roles = principal.role()
			.authorities()
			.stream()
			.map((authority) -> authority.getAuthority().substring("ROLE_".length()))
			.toList();
		Set<String> links = (principal.links() != null) ? new TreeSet<>(principal.links()) : null;
		return new CallerResponse(principal.name(), principal.role().value(), roles, links);
	}

	/**
	 * The caller.
	 *
	 * @param name the principal as the audit log records it, e.g. {@code apikey:ci}
	 * @param role {@code viewer}, {@code operator} or {@code admin}
	 * @param roles the role and every role below it
	 * @param links the links the caller may see, or {@code null} for every link
	 */
	record CallerResponse(String name, String role, List<String> roles, @Nullable Set<String> links) {
	}

}
