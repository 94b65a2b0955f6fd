package dev.clusterlink.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferencesTest {

	@TempDir
	Path dir;

	@Test
	void resolvesEnvironmentAndFileReferencesInsideAValue() throws Exception {
		Path password = this.dir.resolve("password");
		Files.writeString(password, "s3cr3t\n");
		References references = References.system(Map.of("LINK_USER", "link"));

		String jaas = references.resolve(
				"ScramLoginModule required username=\"${env:LINK_USER}\" password=\"${file:" + password + "}\";",
				"cluster eu, property sasl.jaas.config");

		assertThat(jaas).isEqualTo("ScramLoginModule required username=\"link\" password=\"s3cr3t\";");
	}

	@Test
	void aMissingVariableIsNamedWithWhereItIsUsed() {
		assertThatThrownBy(() -> References.system(Map.of()).resolve("${env:NOPE}", "cluster eu, property x"))
			.isInstanceOf(CliException.class)
			.hasMessage("cluster eu, property x: environment variable NOPE is not set");
	}

	@Test
	void inlineSecretsAreRefusedWithoutShowingThem() {
		String yaml = """
				clusters:
				  - name: eu
				    bootstrapServers: eu:9092
				    properties:
				      security.protocol: SASL_SSL
				      sasl.jaas.config: "ScramLoginModule required password=hunter2;"
				""";

		assertThatThrownBy(() -> DesiredState.parse(yaml, "links.yaml")).isInstanceOf(CliException.class)
			.hasMessage("links.yaml: cluster eu: property sasl.jaas.config holds a credential inline; "
					+ "give it as ${env:NAME} or ${file:/path}")
			.hasMessageNotContaining("hunter2");
	}

	@Test
	void secretLookingKeys() {
		assertThat(References.isSecret("sasl.jaas.config")).isTrue();
		assertThat(References.isSecret("ssl.truststore.password")).isTrue();
		assertThat(References.isSecret("ssl.key.password")).isTrue();
		assertThat(References.isSecret("ssl.keystore.key")).isTrue();
		assertThat(References.isSecret("security.protocol")).isFalse();
		assertThat(References.isSecret("ssl.truststore.location")).isFalse();
		assertThat(References.isSecret("sasl.oauthbearer.token.endpoint.url")).isFalse();
	}

	@Test
	void theSecretRuleIsTheLinkManagers() {
		// what apply refuses inline is exactly what the link manager hides
		for (String key : dev.clusterlink.kafka.ClientPropertyPolicy.allowedKeys()) {
			assertThat(References.isSecret(key)).as(key)
				.isEqualTo(dev.clusterlink.kafka.ClientPropertyPolicy.isSecret(key));
		}
		for (String key : java.util.List.of("x.token", "my.private.thing", "custom.credentials", "a.secret.b")) {
			assertThat(References.isSecret(key)).as(key)
				.isEqualTo(dev.clusterlink.kafka.ClientPropertyPolicy.isSecret(key));
		}
	}

}
