package dev.clusterlink.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Renders a kustomization: with {@code kubectl kustomize} when kubectl is on the PATH,
 * else by reading the files and following the kustomization's resources. The fallback
 * knows only what this repository's kustomizations use ({@code resources},
 * {@code replicas}, {@code images}, {@code namespace}, and {@code patches} given as files
 * that are merged into the resource of the same kind and name); anything else fails
 * loudly rather than render something kubectl would not.
 */
final class Kustomize {

	private static final Set<String> FALLBACK_FIELDS = Set.of("apiVersion", "kind", "resources", "replicas", "images",
			"namespace", "patches");

	private Kustomize() {
	}

	static Optional<Path> kubectl() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "kubectl");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** The rendered resources of a kustomization directory. */
	static Rendered render(Path dir) {
		Optional<Path> kubectl = kubectl();
		return kubectl.isPresent() ? withKubectl(kubectl.get(), dir) : withoutKubectl(dir);
	}

	static Rendered withKubectl(Path kubectl, Path dir) {
		try {
			Path stderr = Files.createTempFile("kustomize", ".err");
			try {
				Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
					.redirectError(stderr.toFile())
					.start();
				process.getOutputStream().close();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(
							"kubectl kustomize " + dir + " failed: " + Files.readString(stderr));
				}
				return new Rendered(Yaml.documents(output));
			}
			finally {
				Files.deleteIfExists(stderr);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run kubectl kustomize " + dir, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Rendered withoutKubectl(Path dir) {
		Path file = dir.resolve("kustomization.yaml");
		Map<String, Object> kustomization = Yaml.read(file);
		for (String field : kustomization.keySet()) {
			if (!FALLBACK_FIELDS.contains(field)) {
				throw new IllegalStateException(file + ": '" + field + "' is not supported without kubectl");
			}
		}
		List<Map<String, Object>> resources = new ArrayList<>();
		for (Object entry : Yaml.listAt(kustomization, "resources")) {
			Path resource = dir.resolve(entry.toString()).normalize();
			if (Files.isDirectory(resource)) {
				resources.addAll(withoutKubectl(resource).resources());
			}
			else {
				Yaml.documents(Repo.read(resource)).forEach((document) -> resources.add(Yaml.map(Yaml.copy(document))));
			}
		}
		Rendered rendered = new Rendered(resources);
		for (Object patch : Yaml.listAt(kustomization, "patches")) {
			String path = Yaml.textAt(patch, "path");
			if (path == null || Yaml.mapAt(patch).size() != 1) {
				throw new IllegalStateException(file + ": only patches given as {path: file} work without kubectl");
			}
			for (Map<String, Object> document : Yaml.documents(Repo.read(dir.resolve(path)))) {
				String kind = Yaml.textAt(document, "kind");
				String name = Yaml.textAt(document, "metadata", "name");
				merge(rendered.require(kind, name), document);
			}
		}
		for (Object replicas : Yaml.listAt(kustomization, "replicas")) {
			Map<String, Object> deployment = rendered.require("Deployment", Yaml.textAt(replicas, "name"));
			Yaml.mapAt(deployment, "spec").put("replicas", Yaml.at(replicas, "count"));
		}
		for (Object image : Yaml.listAt(kustomization, "images")) {
			rendered.ofKind("Deployment")
				.forEach((deployment) -> Yaml.listAt(deployment, "spec", "template", "spec", "containers")
					.forEach((container) -> retag(Yaml.map(container), Yaml.map(image))));
		}
		String namespace = Yaml.textAt(kustomization, "namespace");
		if (namespace != null) {
			resources.forEach((resource) -> Yaml.mapAt(resource, "metadata").put("namespace", namespace));
		}
		return rendered;
	}

	/**
	 * A strategic merge as far as this repository needs it: maps merge, the rest is
	 * replaced.
	 */
	private static void merge(Map<String, Object> target, Map<String, Object> patch) {
		patch.forEach((key, value) -> {
			Object existing = target.get(key);
			if (existing instanceof Map<?, ?> && value instanceof Map<?, ?>) {
				merge(Yaml.map(existing), Yaml.map(value));
			}
			else {
				target.put(key, Yaml.copy(value));
			}
		});
	}

	private static void retag(Map<String, Object> container, Map<String, Object> image) {
		String current = String.valueOf(container.get("image"));
		int colon = current.lastIndexOf(':');
		String name = (colon > current.lastIndexOf('/')) ? current.substring(0, colon) : current;
		String tag = (colon > current.lastIndexOf('/')) ? current.substring(colon + 1) : null;
		if (!name.equals(Yaml.textAt(image, "name"))) {
			return;
		}
		String newName = Optional.ofNullable(Yaml.textAt(image, "newName")).orElse(name);
		String newTag = Optional.ofNullable(Yaml.textAt(image, "newTag")).orElse(tag);
		container.put("image", (newTag != null) ? newName + ":" + newTag : newName);
	}

	/** The resources of a render. */
	record Rendered(List<Map<String, Object>> resources) {

		List<Map<String, Object>> ofKind(String kind) {
			return this.resources.stream().filter((r) -> kind.equals(Yaml.textAt(r, "kind"))).toList();
		}

		Optional<Map<String, Object>> find(String kind, @Nullable String name) {
			return ofKind(kind).stream()
				.filter((r) -> Objects.equals(Yaml.textAt(r, "metadata", "name"), name))
				.findFirst();
		}

		Map<String, Object> require(@Nullable String kind, @Nullable String name) {
			return find(String.valueOf(kind), name)
				.orElseThrow(() -> new IllegalStateException("no " + kind + " named " + name + " in the render"));
		}

	}

}
