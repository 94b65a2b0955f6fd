package dev.clusterlink.linkmanager.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.security.ApiKeyFormat;
import dev.clusterlink.testsupport.TestCa;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS on the API port and on the management port, as the README configures it: a PEM SSL
 * bundle ({@code spring.ssl.bundle.pem.api.*}: certificate chain and private key files)
 * named by {@code server.ssl.bundle} and {@code management.server.ssl.bundle}. Real HTTPS
 * requests: a client that trusts the issuing authority gets the probes and, with a key,
 * the API; one that does not trust it fails the handshake; plain HTTP gets no answer from
 * the API.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "server.ssl.bundle=api",
		"management.server.port=0", "management.server.ssl.bundle=api", "clusterlink.link-manager.admin-timeout=3s" })
class ApiTlsIT extends LinkManagerIT {

	private static final TestCa CA = TestCa.create("clusterlink test API CA");

	private static final TestCa STRANGER = TestCa.create("someone else's CA");

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) throws IOException {
		TestCa.Issued server = CA.issue("link-manager", TestCa.LOCAL);
		Path directory = Files.createTempDirectory("clusterlink-api-tls");
		Path chain = Files.writeString(directory.resolve("tls.crt"), server.certificateChain());
		Path key = Files.writeString(directory.resolve("tls.key"), server.privateKey());
		chain.toFile().deleteOnExit();
		key.toFile().deleteOnExit();
		directory.toFile().deleteOnExit();
		registry.add("spring.ssl.bundle.pem.api.keystore.certificate", () -> "file:" + chain);
		registry.add("spring.ssl.bundle.pem.api.keystore.private-key", () -> "file:" + key);
	}

	@Test
	void aClientTrustingTheAuthorityReachesProbesApiAndManagement() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(CA.clientContext())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		assertThat(client
			.send(request("https://127.0.0.1:" + this.port + "/livez").build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		HttpResponse<String> clusters = client
			.send(request("https://127.0.0.1:" + this.port + "/api/v1/clusters").header(ApiKeyFormat.HEADER, ADMIN_KEY)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(clusters.statusCode()).isEqualTo(200);
		HttpResponse<String> anonymous = client.send(
				request("https://127.0.0.1:" + this.port + "/api/v1/clusters").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(client
			.send(request("https://localhost:" + this.managementPort + "/actuator/health/readiness").build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
		HttpClient client = HttpClient.newBuilder().sslContext(STRANGER.clientContext()).build();
		assertThatThrownBy(() -> client.send(request("https://127.0.0.1:" + this.port + "/livez").build(),
				HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(SSLHandshakeException.class)
			.hasMessageContaining("PKIX path building failed");
	}

	@Test
	void plainHttpGetsNoApiAnswer() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> response;
		try {
			response = client.send(
					request("http://127.0.0.1:" + this.port + "/api/v1/clusters").header(ApiKeyFormat.HEADER, ADMIN_KEY)
						.build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return; // the connection was closed: nothing was answered
		}
		// Tomcat answers plain HTTP on a TLS port with 400 and a fixed text, never the
		// API
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("clusters").doesNotContain("items");
	}

	private static HttpRequest.Builder request(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
	}

}
