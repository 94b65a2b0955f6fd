package dev.clusterlink.linkmanager.security;

import java.util.List;
import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.security.ApiKeyFormat;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The lifecycle of an API key: created (shown once), listed without its secret, used,
 * revoked; the store holds only a slow salted hash.
 */
class ApiKeyIT extends LinkManagerIT {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ApiKeys keys;

	@Test
	void createUseListRevoke() throws Exception {
		String name = unique("ci-reader");
		var created = body(
				postJson("/api/v1/api-keys", Map.of("name", name, "role", "viewer")).andExpect(status().isCreated())
					.andExpect(header().string("Cache-Control", "no-store"))
					.andExpect(header().string("Location", "/api/v1/api-keys/" + name))
					.andExpect(jsonPath("$.role").value("viewer"))
					.andExpect(jsonPath("$.createdAt").isNotEmpty()));
		String key = created.path("key").asString();
		ApiKeyFormat parsed = ApiKeyFormat.parse(key).orElseThrow();
		assertThat(created.path("keyId").asString()).isEqualTo(parsed.keyId());

		// the store holds a PBKDF2 hash, never the key or its secret
		String hash = this.jdbc.queryForObject("select secret_hash from api_keys where key_id = ?", String.class,
				parsed.keyId());
		assertThat(hash).startsWith("{pbkdf2@SpringSecurity_v5_8}").doesNotContain(parsed.secret());
		String row = this.jdbc.queryForObject("select row_to_json(k)::text from api_keys k where key_id = ?",
				String.class, parsed.keyId());
		assertThat(row).doesNotContain(parsed.secret());

		// listed and described, never with the key
		String list = getJson("/api/v1/api-keys?size=500").andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(list).contains(name).doesNotContain(parsed.secret()).doesNotContain("\"key\"");
		getJson("/api/v1/api-keys/" + name).andExpect(jsonPath("$.keyId").value(parsed.keyId()))
			.andExpect(jsonPath("$.key").doesNotExist())
			.andExpect(jsonPath("$.lastUsedAt").doesNotExist());

		// used: last use recorded at the next flush, not per request
		for (int i = 0; i < 5; i++) {
			callAs(key, get("/api/v1/clusters")).andExpect(status().isOk());
		}
		this.keys.flushLastUses();
		assertThat(lastUsed(parsed)).isNotNull();
		long xmin = this.jdbc.queryForObject("select xmin::text::bigint from api_keys where key_id = ?", Long.class,
				parsed.keyId());
		for (int i = 0; i < 20; i++) {
			callAs(key, get("/api/v1/clusters")).andExpect(status().isOk());
		}
		this.keys.flushLastUses();
		assertThat(this.jdbc.queryForObject("select xmin::text::bigint from api_keys where key_id = ?", Long.class,
				parsed.keyId()))
			.as("no write within the minute")
			.isEqualTo(xmin);

		// a second key of the same name is refused; the audit names who created it
		expectProblem(postJson("/api/v1/api-keys", Map.of("name", name, "role", "admin")), 409, "api-key-exists",
				"name");
		getJson("/api/v1/audit?entityType=apikey&entityName=" + name)
			.andExpect(jsonPath("$.items[0].action").value("apikey.create"))
			.andExpect(jsonPath("$.items[0].actor").value("apikey:bootstrap-admin"))
			.andExpect(jsonPath("$.items[0].details.keyId").value(parsed.keyId()));

		// revoked: the next request is refused
		call(delete("/api/v1/api-keys/" + name)).andExpect(status().isNoContent());
		expectProblem(callAs(key, get("/api/v1/clusters")), 401, "unauthenticated", null);
		expectProblem(call(delete("/api/v1/api-keys/" + name)), 404, "api-key-not-found", null);
		assertThat(getJson("/api/v1/api-keys?size=500").andReturn().getResponse().getContentAsString())
			.doesNotContain(name);
	}

	@Test
	void guessingTheSecretOfAKnownKeyIdIsCutOffAfterTenTries() throws Exception {
		String name = unique("guessed");
		String key = body(
				postJson("/api/v1/api-keys", Map.of("name", name, "role", "viewer")).andExpect(status().isCreated()))
			.path("key")
			.asString();
		ApiKeyFormat real = ApiKeyFormat.parse(key).orElseThrow();
		String guess = new ApiKeyFormat(real.keyId(), ApiKeyFormat.generate().secret()).value();
		for (int i = 0; i < 2 * ApiKeys.MAX_FAILURES_PER_MINUTE; i++) {
			expectProblem(callAs(guess, get("/api/v1/clusters")), 401, "unauthenticated", null);
		}
		// cut off: for the rest of the minute this key id is not checked on this replica
		// (no hashing), so even the right key is refused, unless it was verified here
		// before (as every key in use is)
		expectProblem(callAs(key, get("/api/v1/clusters")), 401, "unauthenticated", null);
	}

	@Test
	void badRequestsAreProblems() throws Exception {
		expectProblem(postJson("/api/v1/api-keys", Map.of("name", unique("k"), "role", "root")), 400,
				"validation-failed", "role");
		expectProblem(postJson("/api/v1/api-keys", Map.of("name", "has space", "role", "viewer")), 400,
				"validation-failed", "name");
		expectProblem(postJson("/api/v1/api-keys", Map.of("name", unique("k"), "role", "viewer", "links", List.of())),
				400, "validation-failed", "links");
	}

	@Test
	void theLastAdminKeyForEveryLinkCannotBeRevoked() throws Exception {
		// other admin keys (made by other tests) go first, so that the bootstrap key is
		// the last
		List<String> otherAdmins = this.jdbc
			.queryForList("select name from api_keys where role = 'admin' and links is null and revoked_at is null "
					+ "and name <> 'bootstrap-admin'", String.class);
		for (String other : otherAdmins) {
			call(delete("/api/v1/api-keys/" + other)).andExpect(status().isNoContent());
		}
		expectProblem(call(delete("/api/v1/api-keys/bootstrap-admin")), 409, "last-admin-key", null);
		getJson("/api/v1/clusters").andExpect(status().isOk());
	}

	private Object lastUsed(ApiKeyFormat key) {
		return this.jdbc.queryForObject("select last_used_at from api_keys where key_id = ?", Object.class,
				key.keyId());
	}

}
