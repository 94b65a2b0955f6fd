package dev.clusterlink.linkmanager.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every list of the API is one paginated shape: walking the pages of a list longer than a
 * page sees every item once, in name order; the size is clamped; a negative page or a
 * size below 1 is a 400 naming the parameter.
 */
class PaginationIT extends LinkManagerIT {

	private static final List<String> LISTS = List.of("/api/v1/clusters", "/api/v1/links", "/api/v1/mirrors",
			"/api/v1/api-keys", "/api/v1/audit");

	@Test
	void walkingThePagesSeesEveryItemOnceInNameOrder() throws Exception {
		String prefix = unique("page");
		Set<String> created = new HashSet<>();
		for (int i = 0; i < 12; i++) {
			String name = prefix + "-" + i;
			postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "127.0.0.1:1"))
				.andExpect(status().isCreated());
			created.add(name);
		}
		int size = 5;
		JsonNode first = body(getJson("/api/v1/clusters?size=" + size).andExpect(status().isOk()));
		long total = first.get("totalItems").asLong();
		int pages = first.get("totalPages").asInt();
		assertThat(total).isGreaterThanOrEqualTo(12);
		assertThat(pages).isEqualTo((int) ((total + size - 1) / size));

		List<String> seen = new ArrayList<>();
		for (int page = 0; page < pages; page++) {
			JsonNode body = body(getJson("/api/v1/clusters?page=" + page + "&size=" + size));
			assertThat(body.get("page").asInt()).isEqualTo(page);
			assertThat(body.get("size").asInt()).isEqualTo(size);
			assertThat(body.get("totalItems").asLong()).isEqualTo(total);
			List<String> names = body.get("items").valueStream().map((item) -> item.get("name").asString()).toList();
			assertThat(names).hasSize((page < pages - 1) ? size : (int) (total - (long) size * (pages - 1)));
			seen.addAll(names);
		}
		assertThat(seen).doesNotHaveDuplicates().hasSize((int) total).isSorted().containsAll(created);
		// past the end: an empty page, the same totals
		getJson("/api/v1/clusters?page=" + pages + "&size=" + size).andExpect(status().isOk())
			.andExpect(jsonPath("$.items").isEmpty())
			.andExpect(jsonPath("$.totalItems").value(total));
	}

	@Test
	void aKeyLimitedToSomeLinksPagesThroughThoseOnly() throws Exception {
		List<String> mine = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			mine.add(createLink(Map.of()));
		}
		String key = body(postJson("/api/v1/api-keys", Map.of("name", unique("paged"), "role", "viewer", "links", mine))
			.andExpect(status().isCreated())).path("key").asString();

		List<String> seen = new ArrayList<>();
		for (int page = 0; page < 2; page++) {
			JsonNode body = body(callAs(key, get("/api/v1/links?size=2&page=" + page)).andExpect(status().isOk()));
			assertThat(body.get("totalItems").asLong()).isEqualTo(3);
			assertThat(body.get("totalPages").asInt()).isEqualTo(2);
			body.get("items").valueStream().map((item) -> item.get("name").asString()).forEach(seen::add);
		}
		assertThat(seen).containsExactlyElementsOf(mine.stream().sorted().toList());
		callAs(key, get("/api/v1/mirrors?size=2")).andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(0));
	}

	@Test
	void theSizeIsClampedTo500() throws Exception {
		for (String list : LISTS) {
			getJson(list + "?size=100000").andExpect(status().isOk())
				.andExpect(jsonPath("$.size").value(PageResponse.MAX_SIZE));
		}
		getJson("/api/v1/clusters").andExpect(jsonPath("$.size").value(50)).andExpect(jsonPath("$.page").value(0));
	}

	@Test
	void aNegativePageOrASizeBelowOneIsABadRequestNamingTheParameter() throws Exception {
		String link = createLink(Map.of());
		List<String> lists = new ArrayList<>(LISTS);
		lists.addAll(List.of("/api/v1/links/" + link + "/mirrors", "/api/v1/links/" + link + "/consumer-groups",
				"/api/v1/links/" + link + "/acls"));
		for (String list : lists) {
			expectProblem(getJson(list + "?page=-1"), 400, "validation-failed", "page")
				.andExpect(jsonPath("$.errors[0].field").value("page"));
			expectProblem(getJson(list + "?size=0"), 400, "validation-failed", "size");
			expectProblem(getJson(list + "?size=-3"), 400, "validation-failed", "size");
			expectProblem(getJson(list + "?page=first"), 400, "validation-failed", "page");
		}
	}

}
