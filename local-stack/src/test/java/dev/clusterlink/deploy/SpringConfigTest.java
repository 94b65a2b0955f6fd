package dev.clusterlink.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The reading of application.yml the deployment checks rely on. */
class SpringConfigTest {

	private final SpringConfig config = new SpringConfig(properties());

	private static Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "${PORT:8082}");
		properties.put("management.server.port", "${MANAGEMENT_PORT:${server.port}}");
		properties.put("spring.datasource.url", "${CLUSTERLINK_DB_URL:jdbc:postgresql://127.0.0.1:5432/clusterlink}");
		properties.put("spring.datasource.username", "${CLUSTERLINK_DB_USER:postgres}");
		properties.put("clusterlink.secret.key", "${CLUSTERLINK_SECRET_KEY:}");
		properties.put("clusterlink.instance-id", "${CLUSTERLINK_INSTANCE_ID:}");
		properties.put("clusterlink.topic", "${clusterlink.command-topic.name:_clusterlink-commands}");
		properties.put("clusterlink.token", "${CLUSTERLINK_TOKEN}");
		properties.put("management.endpoint.health.probes.enabled", "true");
		properties.put("management.endpoint.health.group.readiness.include", "readinessState,db");
		properties.put("management.endpoints.web.exposure.include", "health,info");
		return properties;
	}

	@Test
	void placeholdersTakeTheEnvironmentThenTheirDefaultsAndNestedProperties() {
		assertThat(this.config.serverPort(Map.of())).isEqualTo(8082);
		assertThat(this.config.serverPort(Map.of("PORT", "9000"))).isEqualTo(9000);
		assertThat(this.config.managementPort(Map.of("PORT", "9000"))).isEqualTo(9000);
		assertThat(this.config.managementPort(Map.of("MANAGEMENT_PORT", "9100"))).isEqualTo(9100);
		assertThat(this.config.resolve("clusterlink.topic", Map.of())).isEqualTo("_clusterlink-commands");
		assertThat(this.config.resolve("clusterlink.topic", Map.of("CLUSTERLINK_COMMANDTOPIC_NAME", "cmds")))
			.isEqualTo("cmds");
		assertThatIllegalStateException().isThrownBy(() -> this.config.resolve("clusterlink.token", Map.of()));
	}

	@Test
	void environmentVariablesOverridePropertiesByRelaxedName() {
		assertThat(SpringConfig.environmentName("management.server.port")).isEqualTo("MANAGEMENT_SERVER_PORT");
		assertThat(SpringConfig.environmentName("clusterlink.acl-sync.admin-timeout"))
			.isEqualTo("CLUSTERLINK_ACLSYNC_ADMINTIMEOUT");
		assertThat(this.config.managementPort(Map.of("MANAGEMENT_SERVER_PORT", "9090", "MANAGEMENT_PORT", "9100")))
			.isEqualTo(9090);
	}

	@Test
	void requiredAreVariablesWithoutADefaultAnEmptyOneOrOneOnTheLoopback() {
		assertThat(this.config.requiredEnvironment()).containsExactly("CLUSTERLINK_DB_URL", "CLUSTERLINK_SECRET_KEY",
				"CLUSTERLINK_TOKEN");
	}

	@Test
	void healthGroupPathsExistOnlyForGroupsThatExist() {
		assertThat(this.config.healthGroups()).containsExactly("liveness", "readiness");
		assertThat(this.config.healthGroupPath("readiness", Map.of())).isEqualTo("/actuator/health/readiness");
		assertThat(this.config.healthGroupPath("startup", Map.of())).isNull();
		assertThat(this.config.healthGroupMembers("readiness")).containsExactly("readinessState", "db");
	}

	@Test
	void placeholdersNestAndSplitAtTheirFirstColon() {
		assertThat(SpringConfig.Placeholder.parse("a${X:${Y:jdbc:z}}b${Z}"))
			.extracting(SpringConfig.Placeholder::key, SpringConfig.Placeholder::defaultValue)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("X", "${Y:jdbc:z}"),
					org.assertj.core.groups.Tuple.tuple("Z", null));
	}

}
