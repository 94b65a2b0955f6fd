package dev.clusterlink.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ClientPropertyPolicyTest {

	private static final String CANARY = "canary-Secret-4711";

	@Test
	void acceptsTheUsualSecurityProperties() {
		assertThatCode(() -> ClientPropertyPolicy
			.check(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
					"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"link\" password=\""
							+ CANARY + "\";",
					"ssl.truststore.location", "/etc/kafka/truststore.jks", "ssl.truststore.password", CANARY,
					"request.timeout.ms", "20000", "client.dns.lookup", "use_all_dns_ips")))
			.doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "interceptor.classes", "sasl.login.callback.handler.class", "config.providers",
			"config.providers.file.class", "ssl.engine.factory.class", "metric.reporters.classes",
			"sasl.client.callback.handler.class" })
	void refusesPropertiesThatLoadCode(String key) {
		InvalidClientPropertyException ex = refused(Map.of(key, CANARY));
		assertThat(ex.key()).isEqualTo(key);
		assertThat(ex.getMessage()).contains("refused").doesNotContain(CANARY);
	}

	@Test
	void refusesKeysOutsideTheAllowList() {
		InvalidClientPropertyException ex = refused(Map.of("group.id", "x"));
		assertThat(ex.getMessage()).startsWith("group.id: not an allowed client property; allowed: ")
			.contains("security.protocol");
		assertThat(refused(Map.of("bootstrap.servers", "x:1")).getMessage()).contains("bootstrapServers");
	}

	@Test
	void refusesLoginModulesOutsidePlainScramAndOAuthBearer() {
		for (String module : new String[] { "com.sun.security.auth.module.JndiLoginModule",
				"com.sun.security.auth.module.LdapLoginModule", "com.sun.security.auth.module.Krb5LoginModule" }) {
			InvalidClientPropertyException ex = refused(
					Map.of("sasl.jaas.config", module + " required user.provider.url=\"ldap://evil/" + CANARY + "\";"));
			assertThat(ex.key()).isEqualTo("sasl.jaas.config");
			assertThat(ex.getMessage()).doesNotContain(CANARY);
		}
		assertThatCode(() -> ClientPropertyPolicy.check(Map.of("sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";")))
			.doesNotThrowAnyException();
		assertThatCode(() -> ClientPropertyPolicy.check(Map.of("sasl.jaas.config",
				"org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")))
			.doesNotThrowAnyException();
	}

	@Test
	void malformedJaasIsRefusedWithoutEchoingIt() {
		InvalidClientPropertyException ex = refused(Map.of("sasl.jaas.config", "password=" + CANARY));
		assertThat(ex.getMessage()).contains("not a valid JAAS configuration").doesNotContain(CANARY);
	}

	@Test
	void hostNameVerificationStaysOn() {
		assertThat(refused(Map.of("ssl.endpoint.identification.algorithm", "")).getMessage()).contains("https");
		assertThat(refused(Map.of("ssl.endpoint.identification.algorithm", "none")).getMessage()).contains("https");
		assertThatCode(() -> ClientPropertyPolicy.check(Map.of("ssl.endpoint.identification.algorithm", "HTTPS")))
			.doesNotThrowAnyException();
	}

	@Test
	void enumeratedValuesAreChecked() {
		assertThat(refused(Map.of("security.protocol", "TLS")).getMessage()).contains("PLAINTEXT, SASL_PLAINTEXT");
		assertThat(refused(Map.of("sasl.mechanism", "GSSAPI")).getMessage()).contains("OAUTHBEARER");
		assertThat(refused(Map.of("sasl.oauthbearer.token.endpoint.url", "file:///etc/passwd")).getMessage())
			.contains("http(s) URL");
	}

	@Test
	void secretKeysAreRecognised() {
		assertThat(ClientPropertyPolicy.isSecret("sasl.jaas.config")).isTrue();
		assertThat(ClientPropertyPolicy.isSecret("ssl.keystore.password")).isTrue();
		assertThat(ClientPropertyPolicy.isSecret("ssl.key.password")).isTrue();
		assertThat(ClientPropertyPolicy.isSecret("ssl.keystore.key")).isTrue();
		assertThat(ClientPropertyPolicy.isSecret("security.protocol")).isFalse();
		assertThat(ClientPropertyPolicy.isSecret("ssl.truststore.location")).isFalse();
	}

	@Test
	void bootstrapServers() {
		assertThat(BootstrapServers.problem("127.0.0.1:9092,kafka-1.example.com:9093,[::1]:9094")).isNull();
		assertThat(BootstrapServers.problem("")).isNotNull();
		assertThat(BootstrapServers.problem("localhost")).isNotNull();
		assertThat(BootstrapServers.problem("localhost:99999")).isNotNull();
		assertThat(BootstrapServers.problem("http://x:1")).isNotNull();
	}

	@Test
	void connectionToStringHidesPropertyValues() {
		ClusterConnection connection = new ClusterConnection("src", "x:1", Map.of("sasl.jaas.config", CANARY));
		assertThat(connection.toString()).contains("sasl.jaas.config").doesNotContain(CANARY);
	}

	private static InvalidClientPropertyException refused(Map<String, String> properties) {
		InvalidClientPropertyException ex = catchThrowableOfType(InvalidClientPropertyException.class,
				() -> ClientPropertyPolicy.check(properties));
		assertThat(ex).as("expected %s to be refused", properties.keySet()).isNotNull();
		return ex;
	}

}
