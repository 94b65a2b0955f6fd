package dev.clusterlink.linkmanager.security;

import java.util.List;
import java.util.Map;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * After a key rotation (new CLUSTERLINK_SECRET_KEY, the old one in
 * CLUSTERLINK_SECRET_PREVIOUS), secrets stored under the old key still work and are moved
 * to the new key by the re-encryption endpoint.
 */
class KeyRotationIT extends LinkManagerIT {

	@Test
	void secretsUnderThePreviousKeyAreReencrypted() throws Exception {
		String name = unique("rotated");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "x:1", "properties",
				Map.of("ssl.truststore.password", "before-rotation")))
			.andExpect(status().isCreated());
		String id = sqlString("select id::text from clusters where name = ?", name);
		String context = "cluster/" + id + "/ssl.truststore.password";
		// as if the row had been written before the rotation, under the old key
		String oldToken = SecretCipher.of(OLD_SECRET_KEY, List.of()).encrypt("from-the-old-key", context);
		sqlUpdate("update clusters set secret_properties = jsonb_build_object('ssl.truststore.password', ?::text) "
				+ "where id = ?::uuid", oldToken, id);

		call(post("/api/v1/clusters:reencrypt-secrets")).andExpect(status().isOk())
			.andExpect(jsonPath("$.clustersReencrypted").value(1));
		String newToken = sqlString(
				"select secret_properties->>'ssl.truststore.password' from clusters where id = ?::uuid", id);
		SecretCipher current = SecretCipher.of(SECRET_KEY, List.of());
		assertThat(current.isCurrent(newToken)).isTrue();
		assertThat(current.decrypt(newToken, context)).isEqualTo("from-the-old-key");
		call(post("/api/v1/clusters:reencrypt-secrets")).andExpect(jsonPath("$.clustersReencrypted").value(0));
		getJson("/api/v1/audit?entityType=cluster&entityName=" + name)
			.andExpect(jsonPath("$.items[0].action").value("cluster.reencrypt-secrets"));
	}

	private static String sqlString(String sql, String arg) throws Exception {
		try (var connection = TestPostgres.database().connect(); var statement = connection.prepareStatement(sql)) {
			statement.setString(1, arg);
			try (var rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				return rs.getString(1);
			}
		}
	}

	private static void sqlUpdate(String sql, String... args) throws Exception {
		try (var connection = TestPostgres.database().connect(); var statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setString(i + 1, args[i]);
			}
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
	}

}
