package dev.clusterlink.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.clusterlink.deploy.Kustomize.Rendered;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * k8s/, rendered as {@code kubectl kustomize} renders it (or read file by file without
 * kubectl), for the base and the example overlay: one Deployment and Service per service,
 * ports and probes that match each service's application.yml, the management port kept
 * off the Services, the compose images, resources, a non-root read-only security context,
 * disruption budgets for the scale-out services, and no secret in the manifests.
 */
class KubernetesManifestsTest {

	private static final Path BASE = Repo.path("k8s", "base");

	private static final Path OVERLAY = Repo.path("k8s", "overlays", "two-workers");

	private static final Path SECRET_TEMPLATE = BASE.resolve("secret.example.yaml");

	private static final Map<Path, Rendered> RENDERS = new ConcurrentHashMap<>();

	static Stream<Arguments> kustomizations() {
		return Stream.of(BASE, OVERLAY).map((dir) -> Arguments.of(Named.of(label(dir), dir)));
	}

	private static Rendered render(Path dir) {
		return RENDERS.computeIfAbsent(dir, Kustomize::render);
	}

	private static String label(Path dir) {
		return Repo.ROOT.relativize(dir).toString();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kustomizations")
	void everyServiceHasADeploymentAndAService(Path dir) {
		Rendered rendered = render(dir);
		SoftAssertions softly = new SoftAssertions();
		for (ServiceModule module : ServiceModule.all()) {
			softly.assertThat(rendered.find("Deployment", module.name())).as("Deployment %s", module).isPresent();
			softly.assertThat(rendered.find("Service", module.name())).as("Service %s", module).isPresent();
		}
		softly.assertAll();
	}

	@TestFactory
	Stream<DynamicNode> everyServiceMatchesItsOwnConfiguration() {
		return Stream.of(BASE, OVERLAY)
			.map((dir) -> dynamicContainer(label(dir),
					ServiceModule.all()
						.stream()
						.map((module) -> dynamicContainer(module.name(), Stream.of(
								dynamicTest("container ports and probes are the service's ports and Actuator groups",
										() -> portsAndProbesMatch(render(dir), module)),
								dynamicTest("the Service exposes the application port, never the management port",
										() -> serviceExposesTheApplicationPortOnly(render(dir), module)),
								dynamicTest("every setting without a usable default is set; secrets from Secrets",
										() -> requiredSettingsAreSet(render(dir), module)))))));
	}

	private void portsAndProbesMatch(Rendered rendered, ServiceModule module) {
		SpringConfig config = module.requireConfig();
		Map<String, Object> container = container(rendered, module);
		Map<String, String> environment = environment(rendered, container);
		int applicationPort = config.serverPort(environment);
		int managementPort = config.managementPort(environment);
		assertThat(managementPort).as("the Actuator on a port of its own (MANAGEMENT_SERVER_PORT)")
			.isNotEqualTo(applicationPort);
		assertThat(containerPorts(container)).as("container ports")
			.containsEntry("http", applicationPort)
			.containsEntry("management", managementPort);

		Map<String, String> probes = Map.of("livenessProbe", "liveness", "readinessProbe", "readiness", "startupProbe",
				"liveness");
		probes.forEach((probe, group) -> {
			Object httpGet = Yaml.at(container, probe, "httpGet");
			if (probe.equals("startupProbe") && httpGet == null) {
				return;
			}
			assertThat(httpGet).as("%s of %s is an HTTP probe", probe, module).isNotNull();
			assertThat(Yaml.textAt(httpGet, "path")).as("%s of %s", probe, module)
				.isNotNull()
				.isEqualTo(config.healthGroupPath(group, environment));
			assertThat(portNumber(container, Yaml.at(httpGet, "port")))
				.as("%s of %s uses the management port", probe, module)
				.isEqualTo(managementPort);
		});
		assertThat(config.healthGroupMembers("liveness")).as("liveness never depends on Kafka or PostgreSQL")
			.doesNotContain("db", "kafka", "controlKafka", "commandMembership");
	}

	private void serviceExposesTheApplicationPortOnly(Rendered rendered, ServiceModule module) {
		SpringConfig config = module.requireConfig();
		Map<String, Object> deployment = rendered.require("Deployment", module.name());
		Map<String, Object> container = container(rendered, module);
		Map<String, String> environment = environment(rendered, container);
		Map<String, Object> service = rendered.require("Service", module.name());
		assertThat(selects(Yaml.mapAt(service, "spec", "selector"), podLabels(deployment)))
			.as("the Service selects the Deployment's pods")
			.isTrue();
		List<Object> ports = Yaml.listAt(service, "spec", "ports");
		assertThat(ports).isNotEmpty();
		List<Integer> targets = new ArrayList<>();
		for (Object port : ports) {
			Object target = (Yaml.at(port, "targetPort") != null) ? Yaml.at(port, "targetPort") : Yaml.at(port, "port");
			targets.add(portNumber(container, target));
			assertThat(Integer.parseInt(Yaml.textAt(port, "port"))).isNotEqualTo(config.managementPort(environment));
		}
		assertThat(targets).contains(config.serverPort(environment)).doesNotContain(config.managementPort(environment));
	}

	private void requiredSettingsAreSet(Rendered rendered, ServiceModule module) {
		SpringConfig config = module.requireConfig();
		Map<String, Object> container = container(rendered, module);
		Map<String, String> environment = environment(rendered, container);
		assertThat(config.requiredEnvironment()).as("what %s's application.yml needs", module)
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(environment.get(name)).as(name).isNotBlank());
		assertThat(environment.getOrDefault("SPRING_PROFILES_ACTIVE", "")).doesNotContain("dev");
		for (Object variable : Yaml.listAt(container, "env")) {
			String name = String.valueOf(Yaml.textAt(variable, "name"));
			if (Secrets.SECRET_NAME.matcher(name).matches()) {
				assertThat(Yaml.at(variable, "valueFrom", "secretKeyRef")).as("%s comes from a Secret", name)
					.isNotNull();
			}
		}
		for (Map<String, Object> configMap : rendered.ofKind("ConfigMap")) {
			assertThat(Yaml.mapAt(configMap, "data").keySet())
				.as("no secret in ConfigMap %s", Yaml.textAt(configMap, "metadata", "name"))
				.noneMatch((key) -> Secrets.SECRET_NAME.matcher(key).matches());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kustomizations")
	void imagesAreTheOnesComposeBuilds(Path dir) {
		Rendered rendered = render(dir);
		for (ServiceModule module : ServiceModule.all()) {
			String image = Yaml.textAt(container(rendered, module), "image");
			assertThat(image).as("image of %s", module).isEqualTo(module.image());
			assertThat(image).isEqualTo(Yaml.textAt(DockerComposeTest.service(module.name()), "image"));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kustomizations")
	void everyContainerHasResourcesAndRunsNonRootOnAReadOnlyFilesystem(Path dir) {
		SoftAssertions softly = new SoftAssertions();
		for (Map<String, Object> deployment : render(dir).ofKind("Deployment")) {
			String name = Yaml.textAt(deployment, "metadata", "name");
			Map<String, Object> pod = Yaml.mapAt(deployment, "spec", "template", "spec");
			Map<String, Object> volumes = new HashMap<>();
			Yaml.listAt(pod, "volumes").forEach((volume) -> volumes.put(Yaml.textAt(volume, "name"), volume));
			for (Object container : Yaml.listAt(pod, "containers")) {
				for (String kind : List.of("requests", "limits")) {
					for (String resource : List.of("cpu", "memory")) {
						softly.assertThat(Yaml.textAt(container, "resources", kind, resource))
							.as("%s: resources.%s.%s", name, kind, resource)
							.isNotBlank();
					}
				}
				String runAsNonRoot = firstNonNull(Yaml.textAt(container, "securityContext", "runAsNonRoot"),
						Yaml.textAt(pod, "securityContext", "runAsNonRoot"));
				softly.assertThat(runAsNonRoot).as("%s: runAsNonRoot", name).isEqualTo("true");
				String runAsUser = firstNonNull(Yaml.textAt(container, "securityContext", "runAsUser"),
						Yaml.textAt(pod, "securityContext", "runAsUser"));
				softly.assertThat(runAsUser).as("%s: runAsUser", name).isNotNull().isNotEqualTo("0");
				softly.assertThat(Yaml.textAt(container, "securityContext", "allowPrivilegeEscalation"))
					.as("%s: allowPrivilegeEscalation", name)
					.isEqualTo("false");
				softly.assertThat(Yaml.textAt(container, "securityContext", "readOnlyRootFilesystem"))
					.as("%s: readOnlyRootFilesystem", name)
					.isEqualTo("true");
				softly.assertThat(Yaml.listAt(container, "securityContext", "capabilities", "drop"))
					.as("%s: capabilities dropped", name)
					.contains("ALL");
				softly.assertThat(Yaml.listAt(container, "volumeMounts"))
					.as("%s: a writable /tmp on an emptyDir", name)
					.anySatisfy((mount) -> {
						assertThat(Yaml.textAt(mount, "mountPath")).isEqualTo("/tmp");
						assertThat(Yaml.at(volumes.get(Yaml.textAt(mount, "name")), "emptyDir")).isNotNull();
					});
			}
		}
		softly.assertAll();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kustomizations")
	void scaleOutServicesHaveDisruptionBudgetsThatSelectTheirPodsOnly(Path dir) {
		Rendered rendered = render(dir);
		List<Map<String, Object>> budgets = rendered.ofKind("PodDisruptionBudget");
		for (String name : ServiceModule.SCALE_OUT) {
			Map<String, Object> deployment = rendered.require("Deployment", name);
			List<Map<String, Object>> selecting = budgets.stream()
				.filter((budget) -> selects(Yaml.mapAt(budget, "spec", "selector", "matchLabels"),
						podLabels(deployment)))
				.toList();
			assertThat(selecting).as("PodDisruptionBudget of %s", name).hasSize(1);
			Map<String, Object> budget = selecting.get(0);
			assertThat(Yaml.at(budget, "spec", "maxUnavailable") != null
					|| Yaml.at(budget, "spec", "minAvailable") != null)
				.as("%s's budget bounds something", name)
				.isTrue();
			for (Map<String, Object> other : rendered.ofKind("Deployment")) {
				if (!name.equals(Yaml.textAt(other, "metadata", "name"))) {
					assertThat(selects(Yaml.mapAt(budget, "spec", "selector", "matchLabels"), podLabels(other)))
						.as("%s's budget does not select %s", name, Yaml.textAt(other, "metadata", "name"))
						.isFalse();
				}
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kustomizations")
	void referencedSecretsAreRenderedOrTemplatedAndHoldPlaceholdersOnly(Path dir) {
		Rendered rendered = render(dir);
		Map<String, Map<String, Object>> template = new HashMap<>();
		Yaml.documents(Repo.read(SECRET_TEMPLATE))
			.forEach((secret) -> template.put(Yaml.textAt(secret, "metadata", "name"), secret));
		assertThat(Yaml.listAt(Yaml.read(BASE.resolve("kustomization.yaml")), "resources"))
			.as("the template is never applied with the manifests")
			.doesNotContain(SECRET_TEMPLATE.getFileName().toString());

		for (Map<String, Object> deployment : rendered.ofKind("Deployment")) {
			for (Object container : Yaml.listAt(deployment, "spec", "template", "spec", "containers")) {
				for (Object variable : Yaml.listAt(container, "env")) {
					Object reference = Yaml.at(variable, "valueFrom", "secretKeyRef");
					if (reference == null) {
						continue;
					}
					String secretName = Yaml.textAt(reference, "name");
					Map<String, Object> secret = rendered.find("Secret", secretName).orElse(template.get(secretName));
					assertThat(secret)
						.as("Secret %s is rendered, or documented in %s as created out of band", secretName,
								SECRET_TEMPLATE.getFileName())
						.isNotNull();
					if (!"true".equals(Yaml.textAt(reference, "optional"))) {
						assertThat(secretValues(secret)).as("Secret %s", secretName)
							.containsKey(Yaml.textAt(reference, "key"));
					}
				}
			}
		}
		assertThat(Repo.read(SECRET_TEMPLATE)).as("how to create the Secret").contains("kubectl create secret generic");

		List<Map<String, Object>> secrets = new ArrayList<>(rendered.ofKind("Secret"));
		secrets.addAll(template.values());
		for (Map<String, Object> secret : secrets) {
			secretValues(secret).forEach((key, value) -> assertThat(Secrets.isPlaceholder(value))
				.as("Secret %s holds a placeholder for %s, not a secret", Yaml.textAt(secret, "metadata", "name"), key)
				.isTrue());
		}
	}

	@Test
	void theOverlayRunsTwoMirrorWorkers() {
		assertThat(Yaml.textAt(render(OVERLAY).require("Deployment", "mirror-worker"), "spec", "replicas"))
			.isEqualTo("2");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kustomizations")
	void theRenderWithoutKubectlIsTheRenderOfKubectl(Path dir) {
		assumeTrue(Kustomize.kubectl().isPresent(), "kubectl is not on the PATH");
		Rendered withKubectl = Kustomize.withKubectl(Kustomize.kubectl().orElseThrow(), dir);
		Rendered withoutKubectl = Kustomize.withoutKubectl(dir);
		assertThat(withoutKubectl.resources()).containsExactlyInAnyOrderElementsOf(withKubectl.resources());
	}

	private static Map<String, Object> container(Rendered rendered, ServiceModule module) {
		List<Object> containers = Yaml.listAt(rendered.require("Deployment", module.name()), "spec", "template", "spec",
				"containers");
		return containers.stream()
			.map(Yaml::map)
			.filter((container) -> containers.size() == 1 || module.name().equals(Yaml.textAt(container, "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container " + module.name() + " in Deployment " + module.name()));
	}

	private static Map<String, Object> podLabels(Map<String, Object> deployment) {
		return Yaml.mapAt(deployment, "spec", "template", "metadata", "labels");
	}

	private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
		return !selector.isEmpty() && selector.entrySet()
			.stream()
			.allMatch((entry) -> String.valueOf(entry.getValue()).equals(String.valueOf(labels.get(entry.getKey()))));
	}

	/**
	 * The container's environment as the pod gets it; values from Secrets are only
	 * marked.
	 */
	private static Map<String, String> environment(Rendered rendered, Map<String, Object> container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object source : Yaml.listAt(container, "envFrom")) {
			String configMap = Yaml.textAt(source, "configMapRef", "name");
			if (configMap != null) {
				Yaml.mapAt(rendered.require("ConfigMap", configMap), "data")
					.forEach((key, value) -> environment.put(key, String.valueOf(value)));
			}
			String secret = Yaml.textAt(source, "secretRef", "name");
			if (secret != null) {
				throw new AssertionError("envFrom a Secret hides which settings are secret; use secretKeyRef");
			}
		}
		for (Object variable : Yaml.listAt(container, "env")) {
			String name = Yaml.textAt(variable, "name");
			String value = Yaml.textAt(variable, "value");
			if (value == null && Yaml.at(variable, "valueFrom", "configMapKeyRef") != null) {
				Object reference = Yaml.at(variable, "valueFrom", "configMapKeyRef");
				value = Yaml.textAt(rendered.require("ConfigMap", Yaml.textAt(reference, "name")), "data",
						Yaml.textAt(reference, "key"));
			}
			else if (value == null && Yaml.at(variable, "valueFrom") != null) {
				value = "<from " + Yaml.mapAt(variable, "valueFrom").keySet() + ">";
			}
			environment.put(name, (value != null) ? value : "");
		}
		return environment;
	}

	private static Map<String, Integer> containerPorts(Map<String, Object> container) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		Yaml.listAt(container, "ports")
			.forEach((port) -> ports.put(String.valueOf(Yaml.textAt(port, "name")),
					Integer.parseInt(Yaml.textAt(port, "containerPort"))));
		return ports;
	}

	/** A port given by number or by the name of a container port. */
	private static int portNumber(Map<String, Object> container, @Nullable Object port) {
		assertThat(port).as("a port").isNotNull();
		String text = port.toString();
		if (text.matches("\\d+")) {
			return Integer.parseInt(text);
		}
		Integer number = containerPorts(container).get(text);
		assertThat(number).as("container port named %s", text).isNotNull();
		return number;
	}

	private static Map<String, String> secretValues(Map<String, Object> secret) {
		Map<String, String> values = new LinkedHashMap<>();
		Yaml.mapAt(secret, "stringData").forEach((key, value) -> values.put(key, String.valueOf(value)));
		Yaml.mapAt(secret, "data")
			.forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(String.valueOf(value)))));
		return values;
	}

	private static @Nullable String firstNonNull(@Nullable String first, @Nullable String second) {
		return (first != null) ? first : second;
	}

}
