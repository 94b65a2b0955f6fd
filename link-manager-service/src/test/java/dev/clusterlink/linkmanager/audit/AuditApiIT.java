package dev.clusterlink.linkmanager.audit;

import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every accepted change leaves one audit row; the log is paginated, newest first. */
class AuditApiIT extends LinkManagerIT {

	@Test
	void changesAreAuditedAndPaginated() throws Exception {
		String link = createLink(Map.of());
		call(post("/api/v1/links/" + link + ":pause").header("X-Request-Id", "req-42")).andExpect(status().isOk());
		call(post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk()); // no
																					// change,
																					// no
																					// row
		call(post("/api/v1/links/" + link + ":resume")).andExpect(status().isOk());
		expectProblem(call(post("/api/v1/links/nope-" + link + ":resume")), 404, "link-not-found", null);

		getJson("/api/v1/audit?entityType=link&entityName=" + link).andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(3))
			.andExpect(jsonPath("$.items[0].action").value("link.resume"))
			.andExpect(jsonPath("$.items[1].action").value("link.pause"))
			.andExpect(jsonPath("$.items[1].requestId").value("req-42"))
			.andExpect(jsonPath("$.items[1].actor").value("apikey:bootstrap-admin"))
			.andExpect(jsonPath("$.items[1].entityVersion").value(1))
			.andExpect(jsonPath("$.items[2].action").value("link.create"));

		call(get("/api/v1/audit?entityType=link&entityName=" + link + "&size=2&page=1")).andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.page").value(1))
			.andExpect(jsonPath("$.size").value(2))
			.andExpect(jsonPath("$.totalPages").value(2));
		call(get("/api/v1/audit?size=100000")).andExpect(jsonPath("$.size").value(500));
		expectProblem(getJson("/api/v1/audit?page=x"), 400, "validation-failed", "page");
	}

}
