package dev.clusterlink.linkmanager.security;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Secrets never come back: a canary password goes through every endpoint, success and
 * error paths, and must not appear in any response, in the state store (except encrypted)
 * or in any log line.
 */
class SecretsIT extends LinkManagerIT {

	private static final String CANARY = "Canary-Pw-7f3a9c";

	private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
			+ "username=\"link\" password=\"" + CANARY + "\";";

	private final StringBuilder responses = new StringBuilder();

	private ListAppender<ILoggingEvent> logs;

	@BeforeEach
	void captureLogs() {
		this.logs = new ListAppender<>();
		this.logs.start();
		root().addAppender(this.logs);
	}

	@AfterEach
	void stopCapturing() {
		root().detachAppender(this.logs);
	}

	@Test
	void theCanaryNeverLeaves() throws Exception {
		String name = unique("secret");
		Map<String, String> properties = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
				"sasl.jaas.config", JAAS, "ssl.truststore.password", CANARY);
		record(postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "127.0.0.1:1", "properties",
				properties, "acceptInsecureSasl", true)))
			.andExpect(status().isCreated());
		record(getJson("/api/v1/clusters/" + name)).andExpect(status().isOk());
		record(getJson("/api/v1/clusters")).andExpect(status().isOk());
		record(putJson("/api/v1/clusters/" + name, Map.of("bootstrapServers", "127.0.0.1:1", "properties", properties)))
			.andExpect(status().isOk());
		record(call(post("/api/v1/clusters/" + name + ":check"))).andExpect(status().isOk());

		// a link from the cluster with the secret, its checks and its errors
		String destination = unique("dst");
		record(postJson("/api/v1/clusters",
				Map.of("name", destination, "bootstrapServers", TestKafka.destinationBootstrap())))
			.andExpect(status().isCreated());
		record(postJson("/api/v1/links?validateOnly=true",
				Map.of("name", unique("l"), "sourceCluster", name, "destinationCluster", destination)))
			.andExpect(status().isServiceUnavailable());
		String link = unique("l");
		record(postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", name, "destinationCluster", destination)))
			.andExpect(status().isCreated());
		record(postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", "orders")))
			.andExpect(status().isServiceUnavailable());

		// error paths that carry the canary in the request
		record(postJson("/api/v1/clusters",
				Map.of("name", unique("jndi"), "bootstrapServers", "x:1", "properties",
						Map.of("sasl.jaas.config",
								"com.sun.security.auth.module.JndiLoginModule required password=\"" + CANARY + "\";"))))
			.andExpect(status().isBadRequest());
		record(postJson("/api/v1/clusters", Map.of("name", unique("bad"), "bootstrapServers", "x:1", "properties",
				Map.of("sasl.jaas.config", "password=" + CANARY))))
			.andExpect(status().isBadRequest());
		record(postJson("/api/v1/clusters", "{\"name\":\"x\",\"properties\":{\"sasl.jaas.config\":\"" + CANARY + "}"))
			.andExpect(status().isBadRequest());
		record(postJson("/api/v1/clusters", Map.of("name", unique("c"), "bootstrapServers", "x:1", "properties",
				Map.of("security.protocol", CANARY))))
			.andExpect(status().isBadRequest());
		record(putJson("/api/v1/clusters/" + name,
				Map.of("bootstrapServers", "x:1", "version", 99, "properties", properties)))
			.andExpect(status().isConflict());
		record(getJson("/api/v1/audit?size=500")).andExpect(status().isOk());
		record(call(get("/actuator/env"))).andExpect(status().isNotFound());
		record(call(get("/actuator/configprops"))).andExpect(status().isNotFound());

		assertThat(this.responses.toString()).as("every response").contains("[hidden]").doesNotContain(CANARY);
		assertThat(stateStoreDump()).as("the state store").doesNotContain(CANARY).contains("v1:");
		List<String> lines = this.logs.list.stream().map(SecretsIT::render).toList();
		assertThat(lines).as("log lines were captured").anyMatch((line) -> line.contains(name));
		assertThat(lines).as("log lines").noneMatch((line) -> line.contains(CANARY));
	}

	@Test
	void storedSecretsDecryptWithTheServiceKeyOnly() throws Exception {
		String name = unique("enc");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", "x:1", "properties",
				Map.of("ssl.truststore.password", CANARY)))
			.andExpect(status().isCreated());
		String token;
		String id;
		try (var connection = TestPostgres.database().connect();
				var statement = connection.prepareStatement(
						"select id, secret_properties->>'ssl.truststore.password' from clusters where name = ?")) {
			statement.setString(1, name);
			try (var rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				id = rs.getString(1);
				token = rs.getString(2);
			}
		}
		SecretCipher cipher = SecretCipher.of(SECRET_KEY, List.of());
		assertThat(cipher.decrypt(token, "cluster/" + id + "/ssl.truststore.password")).isEqualTo(CANARY);
		assertThat(cipher.isCurrent(token)).isTrue();
	}

	private ResultActions record(ResultActions result) throws Exception {
		this.responses.append(result.andReturn().getResponse().getContentAsString()).append('\n');
		return result;
	}

	private static String stateStoreDump() throws Exception {
		StringBuilder dump = new StringBuilder();
		for (String table : new String[] { "clusters", "links", "mirrors", "audit_log" }) {
			try (var connection = TestPostgres.database().connect();
					var statement = connection.createStatement();
					var rs = statement.executeQuery("select t::text from " + table + " t")) {
				while (rs.next()) {
					dump.append(rs.getString(1)).append('\n');
				}
			}
		}
		return dump.toString();
	}

	private static String render(ILoggingEvent event) {
		String throwable = (event.getThrowableProxy() != null) ? ThrowableProxyUtil.asString(event.getThrowableProxy())
				: "";
		return event.getFormattedMessage() + " " + event.getMDCPropertyMap() + " " + throwable;
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
