package dev.clusterlink.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

/**
 * One service of the suite: a {@code *-service} module of the build, or one whose
 * Dockerfile is here before the module itself is (a service developed on another branch).
 * Its deployment name drops the suffix: {@code link-manager-service} runs as
 * {@code link-manager}, the name of its compose service, Kubernetes Deployment and image.
 *
 * @param module the module directory, e.g. {@code link-manager-service}
 */
record ServiceModule(String module) {

	/**
	 * The scale-out services: replicas share the work through the command-topic group
	 * (DESIGN.md §2, §3).
	 */
	static final Set<String> SCALE_OUT = Set.of("mirror-worker", "offset-sync", "acl-sync");

	static List<ServiceModule> all() {
		Set<String> modules = new TreeSet<>(Repo.bootServiceModules());
		try (Stream<Path> entries = Files.list(Repo.ROOT)) {
			entries.filter((dir) -> dir.getFileName().toString().endsWith("-service"))
				.filter((dir) -> Files.exists(dir.resolve("Dockerfile")) || Files.exists(dir.resolve("pom.xml")))
				.forEach((dir) -> modules.add(dir.getFileName().toString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return modules.stream().map(ServiceModule::new).toList();
	}

	static ServiceModule named(String name) {
		return new ServiceModule(name + "-service");
	}

	String name() {
		return this.module.replaceFirst("-service$", "");
	}

	Path dir() {
		return Repo.path(this.module);
	}

	/** The image compose builds and Kubernetes runs. */
	String image() {
		return "clusterlink/" + name() + ":" + Repo.projectVersion();
	}

	/** The jar {@code ./mvnw package} builds, relative to the repository root. */
	String jar() {
		String artifactId = Repo.artifactId(this.module).orElse(this.module);
		return this.module + "/target/" + artifactId + "-" + Repo.projectVersion() + ".jar";
	}

	Optional<SpringConfig> config() {
		Path yml = dir().resolve("src/main/resources/application.yml");
		return Files.exists(yml) ? Optional.of(SpringConfig.load(yml)) : Optional.empty();
	}

	/**
	 * The service's configuration; skips the calling check when the module is not on this
	 * branch yet (only its Dockerfile is).
	 */
	SpringConfig requireConfig() {
		return config().orElseThrow(() -> new TestAbortedException(this.module
				+ " has no src/main/resources/application.yml on this branch yet: nothing to compare with"));
	}

	@Override
	public String toString() {
		return name();
	}

}
