package dev.clusterlink.linkmanager.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bearer tokens from an OIDC issuer found over HTTP, as in production: only
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} is configured; the service
 * reads the issuer's discovery document and its JWK set from a small HTTP server in this
 * test, checks signatures with the key published there (chosen by {@code kid}), and
 * refuses tokens of another issuer or signed with a key that is not published.
 */
class JwtIssuerDiscoveryIT extends LinkManagerIT {

	private static final KeyPair PUBLISHED = rsa();

	private static final KeyPair UNPUBLISHED = rsa();

	private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();

	private static final HttpServer ISSUER = issuer();

	private static final String ISSUER_URI = "http://127.0.0.1:" + ISSUER.getAddress().getPort() + "/realms/ops";

	@DynamicPropertySource
	static void oidc(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER_URI);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "clusterlink");
	}

	@AfterAll
	static void stopIssuer() {
		ISSUER.stop(0);
	}

	@Test
	void aTokenOfTheDiscoveredIssuerIsCheckedWithItsPublishedKey() throws Exception {
		String viewer = token(ISSUER_URI, PUBLISHED, "published");
		bearer(viewer).andExpect(status().isOk());
		assertThat(REQUESTS).containsKeys("/realms/ops/.well-known/openid-configuration", "/realms/ops/keys");
	}

	@Test
	void tokensOfAnotherIssuerOrAnUnpublishedKeyAreRefused() throws Exception {
		expectProblem(bearer(token("http://127.0.0.1:1/realms/other", PUBLISHED, "published")), 401, "unauthenticated",
				null);
		expectProblem(bearer(token(ISSUER_URI, UNPUBLISHED, "published")), 401, "unauthenticated", null);
		expectProblem(bearer(token(ISSUER_URI, UNPUBLISHED, "unpublished")), 401, "unauthenticated", null);
	}

	private org.springframework.test.web.servlet.ResultActions bearer(String token) throws Exception {
		return callAs(null, get("/api/v1/clusters").header("Authorization", "Bearer " + token));
	}

	private static String token(String issuer, KeyPair signer, String keyId) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("grace")
			.issuer(issuer)
			.audience("clusterlink")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60)))
			.claim("clusterlink_roles", "viewer")
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
		return jwt.serialize();
	}

	/** The issuer: its discovery document and its JWK set, nothing else. */
	private static HttpServer issuer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/ops";
			String discovery = JSON.writeValueAsString(Map.of("issuer", base, "jwks_uri", base + "/keys",
					"subject_types_supported", new String[] { "public" }, "id_token_signing_alg_values_supported",
					new String[] { "RS256" }, "response_types_supported", new String[] { "code" },
					"authorization_endpoint", base + "/auth", "token_endpoint", base + "/token"));
			String keys = new JWKSet(
					new RSAKey.Builder((RSAPublicKey) PUBLISHED.getPublic()).keyID("published").build())
				.toString();
			server.createContext("/realms/ops/.well-known/openid-configuration",
					(exchange) -> answer(exchange, discovery));
			server.createContext("/realms/ops/keys", (exchange) -> answer(exchange, keys));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange, String json) throws IOException {
		REQUESTS.computeIfAbsent(exchange.getRequestURI().getPath(), (path) -> new AtomicInteger()).incrementAndGet();
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
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

}
