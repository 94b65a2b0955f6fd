package dev.clusterlink.linkmanager.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * OAuth2/OIDC bearer tokens beside API keys: a token signed by the configured key, for
 * the configured audience, gets the role its roles claim names (or maps to); anything
 * else is a 401 problem with RFC 6750's {@code WWW-Authenticate}. The key pair is made
 * here; the service reads the public key from a file
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}).
 */
class JwtAuthenticationIT extends LinkManagerIT {

	private static final KeyPair ISSUER = rsa();

	private static final KeyPair STRANGER = rsa();

	@DynamicPropertySource
	static void jwt(DynamicPropertyRegistry registry) throws Exception {
		Path publicKey = Files.createTempFile("clusterlink-jwt", ".pem");
		publicKey.toFile().deleteOnExit();
		Files.writeString(publicKey,
				"-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + publicKey);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "clusterlink");
		registry.add("clusterlink.security.jwt.role-mapping[ops-admins]", () -> "admin");
	}

	@Test
	void theRolesClaimGivesTheRoleAndTheSubjectIsTheActor() throws Exception {
		String link = createLink(Map.of());
		String operator = token("alice", Map.of("clusterlink_roles", "operator"), ISSUER, "clusterlink", 60);
		bearer(operator, get("/api/v1/clusters")).andExpect(status().isOk());
		bearer(operator, post("/api/v1/links/" + link + ":pause")).andExpect(status().isOk());
		expectProblem(bearer(operator, delete("/api/v1/links/" + link)), 403, "forbidden", null);
		getJson("/api/v1/audit?entityType=link&entityName=" + link)
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[0].actor").value("jwt:alice"))
			.andExpect(jsonPath("$.items[1].action").value("link.pause"))
			.andExpect(jsonPath("$.items[1].actor").value("jwt:alice"));
	}

	@Test
	void mappedAndListedRolesTheHighestWins() throws Exception {
		String admin = token("bob", Map.of("clusterlink_roles", List.of("viewer", "ops-admins")), ISSUER, "clusterlink",
				60);
		bearer(admin, get("/api/v1/api-keys")).andExpect(status().isOk());
		String nobody = token("carol", Map.of("clusterlink_roles", List.of("guests")), ISSUER, "clusterlink", 60);
		expectProblem(bearer(nobody, get("/api/v1/clusters")), 403, "forbidden", null);
	}

	@Test
	void aLinksClaimLimitsTheToken() throws Exception {
		String mine = createLink(Map.of());
		String other = createLink(Map.of());
		String limited = token("dave", Map.of("clusterlink_roles", "operator", "clusterlink_links", List.of(mine)),
				ISSUER, "clusterlink", 60);
		bearer(limited, get("/api/v1/links/" + mine)).andExpect(status().isOk());
		expectProblem(bearer(limited, get("/api/v1/links/" + other)), 404, "link-not-found", null);
	}

	@Test
	void badTokensAreRefused() throws Exception {
		for (String bad : new String[] {
				token("eve", Map.of("clusterlink_roles", "admin"), ISSUER, "clusterlink", -120),
				token("eve", Map.of("clusterlink_roles", "admin"), ISSUER, "another-service", 60),
				token("eve", Map.of("clusterlink_roles", "admin"), STRANGER, "clusterlink", 60), "not.a.token" }) {
			expectProblem(bearer(bad, get("/api/v1/clusters")), 401, "unauthenticated", null)
				.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token")));
		}
		// a token and a key together: never a guess which one counts
		String good = token("frank", Map.of("clusterlink_roles", "admin"), ISSUER, "clusterlink", 60);
		expectProblem(callAs(ADMIN_KEY, get("/api/v1/clusters").header("Authorization", "Bearer " + good)), 401,
				"unauthenticated", null);
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(String subject, Map<String, Object> claims, KeyPair signer, String audience,
			long validSeconds) throws Exception {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject)
			.audience(audience)
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(validSeconds)));
		claims.forEach(builder::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
		jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
		return jwt.serialize();
	}

	private ResultActions bearer(String token, MockHttpServletRequestBuilder request) throws Exception {
		return callAs(null, request.header("Authorization", "Bearer " + token));
	}

}
