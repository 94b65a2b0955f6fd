package dev.clusterlink.linkmanager.security;

import java.util.Map;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.linkmanager.LinkManagerApplication;
import dev.clusterlink.testsupport.TestKafka;
import dev.clusterlink.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code dev} profile's switch-off: with
 * {@code clusterlink.security.authentication=disabled} every request, with or without a
 * key, acts as the admin {@code dev-unauthenticated}, the audit log says so, and the
 * start-up log warns loudly. Without the {@code dev} profile the same setting stops the
 * service at start-up.
 */
@ActiveProfiles("dev")
@TestPropertySource(properties = "clusterlink.security.authentication=disabled")
@ExtendWith(OutputCaptureExtension.class)
class DevAuthenticationIT extends LinkManagerIT {

	@Test
	void everyRequestActsAsTheDevAdminAndIsAuditedAsSuch() throws Exception {
		callAs(null, get("/api/v1/api-keys")).andExpect(status().isOk());
		String name = unique("dev-cluster");
		callAs(null,
				org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/clusters")
					.contentType("application/json")
					.content(json(Map.of("name", name, "bootstrapServers", TestKafka.sourceBootstrap()))))
			.andExpect(status().isCreated());
		callAs(null, get("/api/v1/audit?entityType=cluster&entityName=" + name))
			.andExpect(jsonPath("$.items[0].action").value("cluster.create"))
			.andExpect(jsonPath("$.items[0].actor").value("dev-unauthenticated"));
	}

	@Test
	void theStartUpLogWarnsLoudly(CapturedOutput output) throws Exception {
		// the context of this class started before the capture began: run its start-up
		// runner again
		new SecurityConfiguration(new LinkScope()).apiKeyBootstrap(null, SecuritySettings.of("disabled", null))
			.run(null);
		assertThat(output.getAll()).contains("API AUTHENTICATION IS DISABLED (dev profile)")
			.contains("Never run this in production");
	}

	@Test
	void withoutTheDevProfileTheSwitchOffStopsTheStart() {
		TestPostgres.Database db = TestPostgres.database();
		// command-line arguments: they win over application.yml, as the environment does
		String[] arguments = { "--clusterlink.security.authentication=disabled",
				"--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(),
				"--clusterlink.control.bootstrap-servers=" + TestKafka.destinationBootstrap(),
				"--clusterlink.secret.key=" + SECRET_KEY, "--server.port=0", "--management.server.port=0" };
		SpringApplicationBuilder builder = new SpringApplicationBuilder(LinkManagerApplication.class);
		assertThatThrownBy(() -> builder.run(arguments).close()).rootCause()
			.hasMessageContaining("clusterlink.security.authentication=disabled is accepted only with the dev profile");
	}

}
