package dev.clusterlink.linkmanager.cluster;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.HostileServer;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 12, "Safe cluster connections": link-local and cloud metadata addresses are
 * refused at registration in every spelling, and a registered endpoint that is not Kafka
 * (the real PostgreSQL, a server answering garbage) is refused before any client reads
 * its reply, so the link manager stays up.
 */
class SafeClusterConnectionsIT extends LinkManagerIT {

	@Test
	void metadataAddressesAreRefusedAtRegistrationWithNothingStored() throws Exception {
		for (String bootstrap : List.of("169.254.169.254:9092", "[fd00:ec2::254]:9092", "2852039166:9092",
				"metadata.google.internal:9092", "127.0.0.1:9092,169.254.170.2:80", "[::ffff:169.254.169.254]:9092")) {
			String name = unique("ssrf");
			expectProblem(postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", bootstrap)), 400,
					"cluster-address-refused", "bootstrapServers")
				.andExpect(jsonPath("$.detail").value(containsString("is refused")));
			expectProblem(getJson("/api/v1/clusters/" + name), 404, "cluster-not-found", null);
			getJson("/api/v1/audit?entityType=cluster&entityName=" + name).andExpect(status().isOk())
				.andExpect(jsonPath("$.totalItems").value(0));
		}
		expectProblem(
				postJson("/api/v1/clusters",
						Map.of("name", unique("ssrf"), "bootstrapServers", "169.254.169.254:9092")),
				400, "cluster-address-refused", "bootstrapServers")
			.andExpect(jsonPath("$.detail").value(containsString("169.254.0.0/16 (link-local / cloud metadata)")));
		// the attempt is on record: who tried, the path, the status and the problem
		getJson("/api/v1/audit?entityType=cluster&entityName=-")
			.andExpect(jsonPath("$.items[0].action").value("refused.post"))
			.andExpect(jsonPath("$.items[0].outcome").value("refused"))
			.andExpect(jsonPath("$.items[0].actor").value("apikey:bootstrap-admin"))
			.andExpect(jsonPath("$.items[0].details.status").value(400))
			.andExpect(jsonPath("$.items[0].details.problem").value("cluster-address-refused"));
	}

	@Test
	void identityProviderUrlsAreCheckedToo() throws Exception {
		String name = unique("oauth");
		expectProblem(
				postJson("/api/v1/clusters",
						Map.of("name", name, "bootstrapServers", "127.0.0.1:9092", "properties",
								Map.of("sasl.oauthbearer.token.endpoint.url", "http://169.254.169.254/token"))),
				400, "cluster-address-refused", "properties.sasl.oauthbearer.token.endpoint.url");
		expectProblem(getJson("/api/v1/clusters/" + name), 404, "cluster-not-found", null);
	}

	@Test
	void saslOverPlaintextNeedsTheOperatorsFlag() throws Exception {
		Map<String, String> sasl = Map.of("security.protocol", "sasl_plaintext", "sasl.mechanism", "PLAIN",
				"sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");
		String name = unique("sasl");
		expectProblem(
				postJson("/api/v1/clusters",
						Map.of("name", name, "bootstrapServers", "127.0.0.1:1", "properties", sasl)),
				400, "validation-failed", "properties.security.protocol")
			.andExpect(jsonPath("$.detail").value(containsString("acceptInsecureSasl")));
		expectProblem(getJson("/api/v1/clusters/" + name), 404, "cluster-not-found", null);
		postJson("/api/v1/clusters",
				Map.of("name", name, "bootstrapServers", "127.0.0.1:1", "properties", sasl, "acceptInsecureSasl", true))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.acceptInsecureSasl").value(true));
		putJson("/api/v1/clusters/" + name, Map.of("bootstrapServers", "127.0.0.1:2", "properties", sasl))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.acceptInsecureSasl").value(true));
		expectProblem(
				putJson("/api/v1/clusters/" + name,
						Map.of("bootstrapServers", "127.0.0.1:2", "properties", sasl, "acceptInsecureSasl", false)),
				400, "validation-failed", "properties.security.protocol");
		postJson("/api/v1/clusters", Map.of("name", unique("plain"), "bootstrapServers", "127.0.0.1:1"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.acceptInsecureSasl").value(false));
	}

	@Test
	void hostNameVerificationCannotBeSwitchedOff() throws Exception {
		ResultActions refused = postJson("/api/v1/clusters",
				Map.of("name", unique("tls"), "bootstrapServers", "127.0.0.1:1", "properties",
						Map.of("security.protocol", "SSL", "ssl.endpoint.identification.algorithm", "")));
		refused.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.field").value("properties.ssl.endpoint.identification.algorithm"));
	}

	@Test
	void anUpdateToAMetadataAddressIsRefusedAndChangesNothing() throws Exception {
		String name = unique("ok");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", TestKafka.sourceBootstrap()))
			.andExpect(status().isCreated());
		expectProblem(putJson("/api/v1/clusters/" + name, Map.of("bootstrapServers", "2852039166:9092")), 400,
				"cluster-address-refused", "bootstrapServers");
		getJson("/api/v1/clusters/" + name).andExpect(status().isOk())
			.andExpect(jsonPath("$.bootstrapServers").value(TestKafka.sourceBootstrap()));
		getJson("/api/v1/audit?entityType=cluster&entityName=" + name)
			.andExpect(jsonPath("$.items[0].action").value("refused.put"))
			.andExpect(jsonPath("$.items[0].details.problem").value("cluster-address-refused"))
			.andExpect(jsonPath("$.items[1].action").value("cluster.create"));
	}

	@Test
	void aClusterAtPostgresqlOrAGarbageServerChecksUnreachableAndTheServiceStaysUp() throws Exception {
		URI postgres = URI.create(TestPostgres.database().jdbcUrl().substring("jdbc:".length()));
		String postgresBootstrap = postgres.getHost() + ":" + ((postgres.getPort() > 0) ? postgres.getPort() : 5432);
		try (HostileServer garbage = HostileServer.answering(HostileServer.GARBAGE)) {
			for (String bootstrap : List.of(postgresBootstrap, garbage.bootstrap())) {
				String name = unique("hostile");
				postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", bootstrap))
					.andExpect(status().isCreated());
				for (int i = 0; i < 2; i++) {
					call(post("/api/v1/clusters/" + name + ":check")).andExpect(status().isOk())
						.andExpect(jsonPath("$.reachable").value(false))
						.andExpect(jsonPath("$.error").value(endsWith("answered, but not as a Kafka broker")))
						.andExpect(jsonPath("$.error").value(not(containsString("FATAL"))));
				}
				String destination = unique("dst");
				postJson("/api/v1/clusters",
						Map.of("name", destination, "bootstrapServers", TestKafka.destinationBootstrap()))
					.andExpect(status().isCreated());
				Map<String, Object> link = Map.of("name", unique("l"), "sourceCluster", name, "destinationCluster",
						destination);
				expectProblem(postJson("/api/v1/links?validateOnly=true", link), 503, "cluster-unavailable",
						"sourceCluster")
					.andExpect(jsonPath("$.detail").value(containsString("not as a Kafka broker")));
				postJson("/api/v1/links", link).andExpect(status().isCreated());
				getJson("/api/v1/links/" + link.get("name")).andExpect(status().isOk());
			}
		}
		getJson("/actuator/health/readiness").andExpect(status().isOk());
		getJson("/actuator/health/liveness").andExpect(status().isOk());
		assertThat(Thread.getAllStackTraces().keySet()).as("no Kafka admin thread died or leaked for them")
			.noneMatch((thread) -> thread.getName().contains("clusterlink-link-manager-hostile"));
	}

}
