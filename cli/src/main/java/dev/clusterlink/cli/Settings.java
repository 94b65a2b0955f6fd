package dev.clusterlink.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where the link manager is and the key to send: from flags, else the environment
 * ({@code CLUSTERLINK_URL}, {@code CLUSTERLINK_API_KEY}), else the config file
 * ({@code --config}, default {@code ~/.clusterlink/config.yaml}), else
 * {@code http://localhost:8080} and no key. Each value is resolved on its own.
 *
 * @param url the link manager's base URL, without {@code /api/v1}
 * @param apiKey the API key, or {@code null} to send none
 */
record Settings(String url, @Nullable String apiKey) {

	static final String DEFAULT_URL = "http://localhost:8080";

	static final String URL_ENV = "CLUSTERLINK_URL";

	static final String KEY_ENV = "CLUSTERLINK_API_KEY";

	static Settings resolve(@Nullable String flagUrl, @Nullable String flagKey, @Nullable Path configFlag,
			Map<String, String> env, Path home) {
		Path configFile = (configFlag != null) ? configFlag : home.resolve(".clusterlink").resolve("config.yaml");
		JsonNode file = readConfig(configFile, configFlag != null);
		String url = first(flagUrl, env.get(URL_ENV), text(file, "url"), DEFAULT_URL);
		String key = first(flagKey, env.get(KEY_ENV), firstOrNull(text(file, "apiKey"), text(file, "api-key")));
		return new Settings(stripApiPath(url), key);
	}

	private static JsonNode readConfig(Path file, boolean required) {
		if (!Files.isRegularFile(file)) {
			if (required) {
				throw new CliException(ExitCodes.CONFIG, "config file " + file + " does not exist");
			}
			return YAMLMapper.builder().build().createObjectNode();
		}
		try {
			JsonNode node = YAMLMapper.builder().build().readTree(file.toFile());
			return (node == null || node.isMissingNode() || node.isNull())
					? YAMLMapper.builder().build().createObjectNode() : node;
		}
		catch (JacksonException ex) {
			throw new CliException(ExitCodes.CONFIG,
					"config file " + file + " is not valid YAML: " + ex.getOriginalMessage());
		}
	}

	private static String stripApiPath(String url) {
		String stripped = url.strip();
		while (stripped.endsWith("/")) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		return stripped.endsWith("/api/v1") ? stripped.substring(0, stripped.length() - "/api/v1".length()) : stripped;
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static String first(@Nullable String a, @Nullable String b, @Nullable String c, String fallback) {
		String value = first(a, b, c);
		return (value != null) ? value : fallback;
	}

	private static @Nullable String first(@Nullable String a, @Nullable String b, @Nullable String c) {
		return firstOrNull(firstOrNull(a, b), c);
	}

	private static @Nullable String firstOrNull(@Nullable String a, @Nullable String b) {
		return (a != null && !a.isBlank()) ? a : ((b != null && !b.isBlank()) ? b : null);
	}

	/** Never shows the key. */
	@Override
	public String toString() {
		return "Settings[url=" + this.url + ", apiKey=" + ((this.apiKey != null) ? "(set)" : "(none)") + "]";
	}

}
