package dev.clusterlink.deploy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The Dockerfile at the root, one target per service: its build stage packages the
 * service's module from the sources, and the target runs that jar on the build's Java, as
 * a numeric non-root user, exposes the port the service listens on, and starts the JVM
 * with Kafka config providers off.
 */
class DockerfilesTest {

	private static final String CONFIG_PROVIDERS_OFF = "-Dorg.apache.kafka.automatic.config.providers=none";

	@TestFactory
	Stream<DynamicNode> everyServiceHasADockerfile() {
		return ServiceModule.all()
			.stream()
			.map((module) -> dynamicContainer(module.name(),
					Stream.of(
							dynamicTest("runs the jar the build stage's ./mvnw package builds",
									() -> copiesTheJar(module)),
							dynamicTest("runs on a JRE of the build's Java version", () -> runsOnTheBuildsJava(module)),
							dynamicTest("runs as a numeric non-root user", () -> runsAsNonRoot(module)),
							dynamicTest("exposes the port the service listens on", () -> exposesTheServicePort(module)),
							dynamicTest(
									"starts the JVM with Kafka config providers off and a heap that fits the container",
									() -> startsAHardenedJvm(module)))));
	}

	private static Dockerfile whole() {
		assertThat(Files.exists(Repo.path("Dockerfile"))).as("Dockerfile at the root").isTrue();
		return Dockerfile.parse(Repo.path("Dockerfile"));
	}

	private static Dockerfile dockerfile(ServiceModule module) {
		return whole().target(module.name());
	}

	private void copiesTheJar(ServiceModule module) {
		Dockerfile build = whole().target("build");
		assertThat(build.all("RUN")).as("the build stage packages the module from the sources")
			.anySatisfy((run) -> assertThat(run).contains("./mvnw")
				.contains("package")
				.contains("-DskipTests")
				.containsPattern("-pl \\S*\\b" + module.module() + "\\b"));
		assertThat(build.all("RUN")).as("Spring Boot's layered extraction of the jar ./mvnw package builds")
			.anySatisfy((run) -> assertThat(run).contains("-Djarmode=tools")
				.contains("extract")
				.contains("--layers")
				.containsPattern("for service in [^;]*\\b" + module.name() + "\\b")
				.contains(module.jar().replace(module.module(), "$service-service")));
		assertThat(dockerfile(module).finalStage("COPY")).as("the target holds this service's layers")
			.isNotEmpty()
			.allSatisfy((copy) -> assertThat(copy).startsWith("--from=build /layers/" + module.name() + "/"));
	}

	private void runsOnTheBuildsJava(ServiceModule module) {
		assertThat(dockerfile(module).baseImage()).isEqualTo("eclipse-temurin:" + Repo.javaVersion() + "-jre");
	}

	private void runsAsNonRoot(ServiceModule module) {
		String user = dockerfile(module).last("USER");
		assertThat(user).as("USER of the final stage").isNotNull().matches("\\d+(:\\d+)?");
		assertThat(Integer.parseInt(user.split(":")[0])).as("uid").isPositive();
	}

	private void exposesTheServicePort(ServiceModule module) {
		int port = module.requireConfig().serverPort(Map.of());
		assertThat(dockerfile(module).finalStage("EXPOSE")).contains(String.valueOf(port));
	}

	private void startsAHardenedJvm(ServiceModule module) {
		Dockerfile dockerfile = dockerfile(module);
		List<String> entrypoint = dockerfile.entrypoint();
		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(entrypoint).as("the launcher of the extracted layers")
			.endsWith("org.springframework.boot.loader.launch.JarLauncher");
		assertThat(entrypoint).as("on the command line, so that no environment variable drops it")
			.contains(CONFIG_PROVIDERS_OFF);
		assertThat(entrypoint.indexOf(CONFIG_PROVIDERS_OFF)).as("a JVM option, before the main class")
			.isLessThan(entrypoint.indexOf("org.springframework.boot.loader.launch.JarLauncher"));
		assertThat(String.join(" ", dockerfile.finalStage("ENV")) + " " + String.join(" ", entrypoint))
			.contains("-XX:MaxRAMPercentage=");
	}

}
