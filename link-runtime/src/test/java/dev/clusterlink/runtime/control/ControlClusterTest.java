package dev.clusterlink.runtime.control;

import java.util.Map;

import dev.clusterlink.kafka.InvalidClientPropertyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The one way every service names the control cluster: {@code clusterlink.control.*}. */
class ControlClusterTest {

	@Test
	void defaultsAreTheLocalClusterAndTheDefaultCommandTopic() {
		ControlCluster control = bind(Map.of());
		assertThat(control.bootstrapServers()).isEqualTo("127.0.0.1:9092");
		assertThat(control.commandTopic()).isEqualTo("_clusterlink-commands");
		assertThat(control.clientConfig("c")).containsOnlyKeys("bootstrap.servers", "client.id");
	}

	@Test
	void environmentVariablesNameTheClusterAndItsSecurity() {
		ControlCluster control = bind(Map.of("CLUSTERLINK_CONTROL_BOOTSTRAPSERVERS", "kafka-1:9093",
				"CLUSTERLINK_CONTROL_COMMANDTOPIC", "cmds", "CLUSTERLINK_CONTROL_PROPERTIES_SECURITY_PROTOCOL", "SSL",
				"CLUSTERLINK_CONTROL_PROPERTIES_SSL_TRUSTSTORE_LOCATION", "/etc/ca.p12"));
		assertThat(control.commandTopic()).isEqualTo("cmds");
		assertThat(control.clientConfig("worker")).containsEntry("bootstrap.servers", "kafka-1:9093")
			.containsEntry("client.id", "worker")
			.containsEntry("security.protocol", "SSL")
			.containsEntry("ssl.truststore.location", "/etc/ca.p12");
	}

	@Test
	void secretsAreNeverPrinted() {
		ControlCluster control = new ControlCluster("k:1", "t",
				Map.of("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
						+ "username=\"u\" password=\"canary-secret\";"));
		assertThat(control.toString()).contains("sasl.jaas.config").doesNotContain("canary-secret");
	}

	@Test
	void propertiesOutsideTheAllowListAreRefusedAtStart() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(
					Map.of("CLUSTERLINK_CONTROL_PROPERTIES_SASL_LOGIN_CALLBACK_HANDLER_CLASS", "com.example.Evil")))
			.havingRootCause()
			.isInstanceOf(InvalidClientPropertyException.class);
	}

	private static ControlCluster bind(Map<String, Object> environment) {
		StandardEnvironment spring = new StandardEnvironment();
		spring.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		return new Binder(ConfigurationPropertySources.get(spring)).bindOrCreate("clusterlink.control",
				ControlCluster.class);
	}

}
