package dev.clusterlink.linkmanager.security;

import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /api/v1/me}: the caller's name, role, the roles it includes and its links,
 * never its key.
 */
class CallerIT extends LinkManagerIT {

	@Test
	void theBootstrapAdminIsAnAdminOfEveryLink() throws Exception {
		getJson("/api/v1/me").andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("apikey:bootstrap-admin"))
			.andExpect(jsonPath("$.role").value("admin"))
			.andExpect(jsonPath("$.roles").value(contains("viewer", "operator", "admin")))
			.andExpect(jsonPath("$.links").value(nullValue()));
	}

	@Test
	void aViewerLimitedToALinkSeesItsRoleAndLinks() throws Exception {
		String name = unique("me-viewer");
		String key = body(postJson("/api/v1/api-keys",
				Map.of("name", name, "role", "viewer", "links", java.util.List.of("orders-dr")))
			.andExpect(status().isCreated())).path("key").asString();
		callAs(key, get("/api/v1/me")).andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("apikey:" + name))
			.andExpect(jsonPath("$.role").value("viewer"))
			.andExpect(jsonPath("$.roles").value(contains("viewer")))
			.andExpect(jsonPath("$.links").value(contains("orders-dr")))
			.andExpect(jsonPath("$.key").doesNotExist());
	}

	@Test
	void withoutAKeyItIsTheUsual401() throws Exception {
		expectProblem(callAs(null, get("/api/v1/me")), 401, "unauthenticated", null);
	}

}
