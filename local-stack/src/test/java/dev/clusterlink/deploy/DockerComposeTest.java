package dev.clusterlink.deploy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * docker-compose.yml, checked without a Docker engine: every service can be built or
 * pulled, is health-checked and memory-limited, waits for healthy dependencies; each of
 * the suite's services is checked against its own application.yml (port, readiness group,
 * settings without a usable default); secrets come only from the uncommitted .env.
 */
class DockerComposeTest {

	private static final Path COMPOSE_FILE = Repo.path("docker-compose.yml");

	private static final Map<String, Object> COMPOSE = Yaml.read(COMPOSE_FILE);

	/**
	 * A value compose takes from the environment or .env: {@code ${VAR}},
	 * {@code ${VAR:?error}}, …
	 */
	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?:(:?[-?+])[^}]*)?}");

	private static final List<String> BROKERS = List.of("source-kafka", "destination-kafka");

	@Test
	void everyServiceHasAnImageOrABuildAHealthCheckAndAMemoryLimit() {
		SoftAssertions softly = new SoftAssertions();
		services().forEach((name, service) -> {
			softly.assertThat(Yaml.at(service, "image") != null || Yaml.at(service, "build") != null)
				.as("%s has an image or a build", name)
				.isTrue();
			softly.assertThat(Yaml.listAt(service, "healthcheck", "test"))
				.as("%s has a health check", name)
				.isNotEmpty();
			softly.assertThat(memoryLimit(service)).as("%s has a memory limit", name).isNotNull();
		});
		softly.assertAll();
	}

	@Test
	void dependenciesAreWaitedForUntilHealthy() {
		SoftAssertions softly = new SoftAssertions();
		services().forEach((name, service) -> {
			Object dependsOn = Yaml.at(service, "depends_on");
			softly.assertThat(dependsOn == null || dependsOn instanceof Map)
				.as("%s: depends_on in the long form (the short form does not wait for health)", name)
				.isTrue();
			if (!(dependsOn instanceof Map<?, ?>)) {
				return;
			}
			Yaml.map(dependsOn).forEach((dependency, condition) -> {
				softly.assertThat(services()).as("%s depends on %s", name, dependency).containsKey(dependency);
				softly.assertThat(Yaml.textAt(condition, "condition"))
					.as("%s waits for %s", name, dependency)
					.isEqualTo("service_healthy");
			});
		});
		softly.assertAll();
	}

	@Test
	void everyServiceOfTheSuiteIsBuiltFromItsDockerfileUnderItsImageName() {
		SoftAssertions softly = new SoftAssertions();
		for (ServiceModule module : ServiceModule.all()) {
			Map<String, Object> service = services().get(module.name());
			softly.assertThat(service).as("compose service %s", module.name()).isNotNull();
			if (service == null) {
				continue;
			}
			Path context = COMPOSE_FILE.getParent().resolve(textOr(Yaml.at(service, "build", "context"), "."));
			Path dockerfile = context.resolve(textOr(Yaml.at(service, "build", "dockerfile"), "Dockerfile"))
				.normalize();
			softly.assertThat(dockerfile)
				.as("%s is built from the Dockerfile at the root", module)
				.isEqualTo(Repo.path("Dockerfile"));
			softly.assertThat(Yaml.textAt(service, "build", "target"))
				.as("%s is its own target of the Dockerfile", module)
				.isEqualTo(module.name());
			softly.assertThat(Files.exists(dockerfile)).as("%s exists", dockerfile).isTrue();
			softly.assertThat(Yaml.textAt(service, "image")).as("image of %s", module).isEqualTo(module.image());
		}
		softly.assertAll();
	}

	@TestFactory
	Stream<DynamicNode> everyServiceMatchesItsOwnConfiguration() {
		return ServiceModule.all()
			.stream()
			.map((module) -> dynamicContainer(module.name(),
					Stream.of(
							dynamicTest("health check asks the readiness group on the port the service listens on",
									() -> healthCheckAsksReadiness(module)),
							dynamicTest("every setting without a usable default is set, in production mode",
									() -> requiredSettingsAreSet(module)),
							dynamicTest("its database and control cluster are compose services it waits for",
									() -> dependenciesAreComposeServices(module)))));
	}

	private void healthCheckAsksReadiness(ServiceModule module) {
		SpringConfig config = module.requireConfig();
		Map<String, Object> service = service(module.name());
		Map<String, String> environment = environment(service);
		HttpCheck check = HttpCheck.parse(Yaml.listAt(service, "healthcheck", "test"));
		assertThat(check.host()).as("the check asks the container itself").isIn("127.0.0.1", "localhost");
		assertThat(check.port()).as("the port of the Actuator").isEqualTo(config.managementPort(environment));
		assertThat(config.healthGroupMembers("readiness")).as("the readiness group of %s", module).isNotEmpty();
		assertThat(check.path()).as("the readiness group's path")
			.isNotNull()
			.isEqualTo(config.healthGroupPath("readiness", environment));
		assertThat(check.failsUnlessOk()).as("the check fails unless the group answers 200 (it answers 503 when down)")
			.isTrue();
	}

	private void requiredSettingsAreSet(ServiceModule module) {
		SpringConfig config = module.requireConfig();
		Map<String, String> environment = environment(service(module.name()));
		assertThat(config.requiredEnvironment()).as("what %s's application.yml needs", module)
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(environment.get(name)).as(name).isNotBlank());
		assertThat(environment.getOrDefault("SPRING_PROFILES_ACTIVE", ""))
			.as("no dev profile: it would encrypt with the public development key")
			.doesNotContain("dev");
		assertThat(environment).doesNotContainKey("CLUSTERLINK_SECRET_ALLOWDEVKEY");
	}

	private void dependenciesAreComposeServices(ServiceModule module) {
		SpringConfig config = module.requireConfig();
		Map<String, Object> service = service(module.name());
		Map<String, String> environment = environment(service);
		Object declared = Yaml.at(service, "depends_on");
		assertThat(declared).as("%s: depends_on in the long form", module).isInstanceOf(Map.class);
		Set<String> dependsOn = Yaml.map(declared).keySet();

		String jdbcUrl = config.resolve("spring.datasource.url", environment);
		assertThat(jdbcUrl).startsWith("jdbc:postgresql://");
		String databaseHost = URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
		assertThat(services()).containsKey(databaseHost);
		assertThat(dependsOn).as("%s waits for its database", module).contains(databaseHost);

		String control = environment.get("CLUSTERLINK_CONTROL_BOOTSTRAP");
		assertThat(control).as("the control cluster").isNotBlank();
		for (String address : control.split(",")) {
			String host = address.substring(0, address.lastIndexOf(':'));
			assertThat(host).as("the control cluster is the destination cluster").isEqualTo("destination-kafka");
			assertThat(dependsOn).as("%s waits for the control cluster", module).contains(host);
			assertThat(environment(service(host)).get("KAFKA_ADVERTISED_LISTENERS"))
				.as("%s is a listener the broker advertises to the containers", address)
				.contains("://" + address);
		}
	}

	@Test
	void brokersAreSingleNodeKraftClustersOfTheBuildsKafkaVersionWithAnAuthorizer() {
		SoftAssertions softly = new SoftAssertions();
		Set<String> clusterIds = new TreeSet<>();
		for (String name : BROKERS) {
			Map<String, Object> broker = service(name);
			Map<String, String> environment = environment(broker);
			softly.assertThat(Yaml.textAt(broker, "image"))
				.as("%s: the official image of the Kafka the build uses", name)
				.isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
			softly.assertThat(environment.get("KAFKA_PROCESS_ROLES"))
				.as(name)
				.contains("broker")
				.contains("controller");
			softly.assertThat(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).as(name).contains("@" + name + ":");
			softly.assertThat(environment.get("KAFKA_AUTHORIZER_CLASS_NAME"))
				.as("%s has an authorizer, so that ACL sync has ACLs to read and write", name)
				.isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
			softly.assertThat(environment.get("KAFKA_SUPER_USERS")).as(name).contains("User:ANONYMOUS");
			softly.assertThat(environment.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).as(name).isEqualTo("1");
			clusterIds.add(environment.get("CLUSTER_ID"));

			String advertised = environment.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
			softly.assertThat(advertised)
				.as("%s is reachable from the other containers", name)
				.contains("://" + name + ":");
			Matcher host = Pattern.compile("://localhost:(\\d+)").matcher(advertised);
			softly.assertThat(host.find()).as("%s advertises a listener for the host", name).isTrue();
			if (host.find(0)) {
				int port = Integer.parseInt(host.group(1));
				softly.assertThat(ports(broker))
					.as("%s publishes its host listener on the same port", name)
					.anySatisfy((mapping) -> assertThat(mapping.published()).isEqualTo(port));
			}
		}
		softly.assertThat(clusterIds).as("two clusters, two cluster ids").hasSize(BROKERS.size());
		softly.assertAll();
	}

	@Test
	void theLinkManagerApiIsPublishedAndNoHostPortIsTakenTwice() {
		int apiPort = ServiceModule.named("link-manager")
			.requireConfig()
			.serverPort(environment(service("link-manager")));
		assertThat(ports(service("link-manager"))).as("the API on the host")
			.anySatisfy((mapping) -> assertThat(mapping.target()).isEqualTo(apiPort));
		List<Integer> published = new ArrayList<>();
		services().values()
			.forEach((service) -> ports(service).stream()
				.map(PortMapping::published)
				.filter((port) -> port != null)
				.forEach(published::add));
		assertThat(published).doesNotHaveDuplicates();
	}

	@Test
	void secretsComeOnlyFromTheUncommittedEnvFile() {
		SoftAssertions softly = new SoftAssertions();
		services().forEach((name, service) -> environment(service).forEach((variable, value) -> {
			if (Secrets.SECRET_NAME.matcher(variable).matches()) {
				softly.assertThat(value)
					.as("%s: %s is taken from .env, never written here", name, variable)
					.matches(INTERPOLATION);
			}
		}));
		services().forEach((name, service) -> Yaml.listAt(service, "env_file")
			.forEach((file) -> softly.assertThat(Repo.read(Repo.path(".gitignore")).lines().toList())
				.as("%s: env_file %s is not committed", name, file)
				.contains(String.valueOf(file))));
		String text = Repo.read(COMPOSE_FILE);
		softly.assertThat(Secrets.BASE64_KEY.matcher(text).find()).as("no key in docker-compose.yml").isFalse();
		softly.assertThat(text).doesNotContain("PRIVATE KEY");
		softly.assertAll();
	}

	@Test
	void envExampleListsWhatComposeReadsWithPlaceholdersAndEnvStaysOutOfGitAndImages() {
		Map<String, String> example = new LinkedHashMap<>();
		Repo.read(Repo.path(".env.example"))
			.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.forEach(
					(line) -> example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
		Matcher interpolations = INTERPOLATION.matcher(Repo.read(COMPOSE_FILE));
		Set<String> read = new TreeSet<>();
		while (interpolations.find()) {
			read.add(interpolations.group(1));
		}
		assertThat(read).contains("CLUSTERLINK_SECRET_KEY", "CLUSTERLINK_DB_PASSWORD");
		assertThat(example).as(".env.example names every variable compose reads")
			.containsKeys(read.toArray(String[]::new));
		assertThat(example.values()).as("placeholders only")
			.allSatisfy((value) -> assertThat(Secrets.isPlaceholder(value)).isTrue());
		assertThat(Secrets.isUsableKey(example.get("CLUSTERLINK_SECRET_KEY")))
			.as("the example key is not a usable key, so nobody runs with a published one")
			.isFalse();
		assertThat(Repo.read(Repo.path(".gitignore")).lines()).as(".env is never committed").contains(".env");
		List<String> dockerignore = Repo.read(Repo.path(".dockerignore"))
			.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(dockerignore).as("the build context never holds .env, nor what local builds and runs leave")
			.contains(".env", ".git", "**/target", ".local-stack");
		assertThat(dockerignore).noneMatch((line) -> line.startsWith("!") && line.contains(".env"));
	}

	static Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		Yaml.mapAt(COMPOSE, "services").forEach((name, service) -> services.put(name, Yaml.map(service)));
		return services;
	}

	static Map<String, Object> service(String name) {
		Object service = services().get(name);
		assertThat(service).as("compose service %s", name).isNotNull();
		return Yaml.map(service);
	}

	/**
	 * The environment of a service as written (values compose interpolates stay
	 * {@code ${…}}).
	 */
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = Yaml.at(service, "environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((key, value) -> environment.put(key.toString(), (value != null) ? value.toString() : ""));
		}
		else if (declared instanceof List<?> list) {
			for (Object entry : list) {
				String[] pair = entry.toString().split("=", 2);
				environment.put(pair[0], (pair.length > 1) ? pair[1] : "");
			}
		}
		return environment;
	}

	private static @Nullable Object memoryLimit(Map<String, Object> service) {
		Object limit = Yaml.at(service, "mem_limit");
		return (limit != null) ? limit : Yaml.at(service, "deploy", "resources", "limits", "memory");
	}

	private static String textOr(@Nullable Object value, String fallback) {
		return (value != null) ? value.toString() : fallback;
	}

	static List<PortMapping> ports(Map<String, Object> service) {
		List<PortMapping> mappings = new ArrayList<>();
		for (Object entry : Yaml.listAt(service, "ports")) {
			if (entry instanceof Map<?, ?> map) {
				Object published = map.get("published");
				mappings.add(new PortMapping((published != null) ? Integer.valueOf(published.toString()) : null,
						Integer.parseInt(map.get("target").toString())));
				continue;
			}
			String[] parts = entry.toString().replaceFirst("/(tcp|udp)$", "").split(":");
			String published = (parts.length >= 2) ? parts[parts.length - 2] : "";
			mappings.add(new PortMapping(published.isEmpty() ? null : Integer.valueOf(published),
					Integer.parseInt(parts[parts.length - 1])));
		}
		return mappings;
	}

	/** A published port: the host port (null: any free one) and the container port. */
	record PortMapping(@Nullable Integer published, int target) {
	}

	/**
	 * The HTTP request a health check makes: by URL (curl, wget) or through bash's
	 * {@code /dev/tcp}.
	 */
	record HttpCheck(String host, int port, String path, boolean failsUnlessOk) {

		private static final Pattern URL = Pattern.compile("https?://([^/:\\s]+):(\\d+)(/[^\\s'\"]*)");

		private static final Pattern DEV_TCP = Pattern.compile("/dev/tcp/([^/\\s]+)/(\\d+)");

		private static final Pattern REQUEST_LINE = Pattern.compile("GET (/\\S*) HTTP/1\\.[01]");

		static HttpCheck parse(List<Object> test) {
			String command = String.join(" ", test.stream().map(String::valueOf).toList());
			Matcher url = URL.matcher(command);
			if (url.find()) {
				boolean fails = command.matches("(?s).*\\bwget\\s.*")
						|| command.matches("(?s).*\\bcurl\\s.*(-f|--fail).*");
				return new HttpCheck(url.group(1), Integer.parseInt(url.group(2)), url.group(3), fails);
			}
			Matcher tcp = DEV_TCP.matcher(command);
			Matcher request = REQUEST_LINE.matcher(command);
			if (tcp.find() && request.find()) {
				return new HttpCheck(tcp.group(1), Integer.parseInt(tcp.group(2)), request.group(1),
						command.contains(" 200"));
			}
			throw new AssertionError("the health check makes no HTTP request: " + command);
		}

	}

}
