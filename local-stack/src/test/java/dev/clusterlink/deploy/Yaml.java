package dev.clusterlink.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** YAML documents as plain maps and lists, with a few null-safe ways to walk them. */
final class Yaml {

	private static final ObjectReader READER = YAMLMapper.shared().readerFor(Object.class);

	private Yaml() {
	}

	/** The first document of a file, as a map. */
	static Map<String, Object> read(Path file) {
		List<Map<String, Object>> documents = documents(Repo.read(file));
		if (documents.isEmpty()) {
			throw new IllegalStateException(file + " holds no YAML document");
		}
		return documents.get(0);
	}

	/** Every non-empty document of a text (separated by {@code ---}). */
	static List<Map<String, Object>> documents(String text) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : READER.readValues(text).readAll()) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	/** The value at a path of keys, or null where the path ends early. */
	static @Nullable Object at(@Nullable Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	/** The map at a path of keys, empty where there is none. */
	static Map<String, Object> mapAt(@Nullable Object node, String... keys) {
		Object found = at(node, keys);
		return (found != null) ? map(found) : Map.of();
	}

	/** The list at a path of keys, empty where there is none. */
	static List<Object> listAt(@Nullable Object node, String... keys) {
		Object found = at(node, keys);
		return (found instanceof List<?> list) ? new ArrayList<>(list) : List.of();
	}

	/** The scalar at a path of keys as text, or null. */
	static @Nullable String textAt(@Nullable Object node, String... keys) {
		Object found = at(node, keys);
		return (found != null && !(found instanceof Map) && !(found instanceof List)) ? found.toString() : null;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		if (!(node instanceof Map<?, ?>)) {
			throw new IllegalStateException("expected a YAML mapping, found " + node);
		}
		return (Map<String, Object>) node;
	}

	/**
	 * A deep copy, so that a render can be changed without touching what it was read
	 * from.
	 */
	static Object copy(@Nullable Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, value) -> copy.put(Objects.toString(key), copy(value)));
			return copy;
		}
		if (node instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((value) -> copy.add(copy(value)));
			return copy;
		}
		return node;
	}

}
