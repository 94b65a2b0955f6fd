package dev.clusterlink.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;

/**
 * The link manager's REST API over the JDK's HttpClient: JSON in, JSON out, every error
 * answer turned into a {@link CliException} carrying its {@link Problem}.
 */
class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int PAGE_SIZE = 500;

	private final HttpClient http;

	private final Settings settings;

	private final Duration requestTimeout;

	Api(Settings settings, Duration requestTimeout) {
		this.settings = settings;
		this.requestTimeout = requestTimeout;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/** A path segment, percent-encoded. */
	static String seg(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** Query parameters, leaving out null values. */
	static Map<String, Object> query(Object... pairs) {
		Map<String, Object> query = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				query.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return query;
	}

	JsonNode get(String path) {
		return get(path, Map.of());
	}

	JsonNode get(String path, Map<String, Object> query) {
		return send("GET", path, query, null, null);
	}

	JsonNode post(String path, Map<String, Object> query, @Nullable Object body) {
		return send("POST", path, query, body, null);
	}

	JsonNode put(String path, @Nullable Object body) {
		return send("PUT", path, Map.of(), body, null);
	}

	JsonNode patch(String path, @Nullable Object body) {
		return send("PATCH", path, Map.of(), body, "application/merge-patch+json");
	}

	JsonNode delete(String path, Map<String, Object> query) {
		return send("DELETE", path, query, null, null);
	}

	/** Every item of a paginated list, following the pages. */
	ArrayNode getAll(String path, Map<String, Object> query) {
		ArrayNode items = JSON.createArrayNode();
		for (int page = 0;; page++) {
			Map<String, Object> pageQuery = new LinkedHashMap<>(query);
			pageQuery.put("page", page);
			pageQuery.put("size", PAGE_SIZE);
			JsonNode body = get(path, pageQuery);
			body.path("items").forEach(items::add);
			if (page + 1 >= body.path("totalPages").asInt(0)) {
				return items;
			}
		}
	}

	private JsonNode send(String method, String path, Map<String, Object> query, @Nullable Object body,
			@Nullable String contentType) {
		URI uri = URI.create(this.settings.url() + "/api/v1" + path + queryString(query));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.requestTimeout)
			.header("Accept", "application/json, application/problem+json");
		if (this.settings.apiKey() != null) {
			request.header("X-API-Key", this.settings.apiKey());
		}
		if (body != null) {
			request.header("Content-Type", (contentType != null) ? contentType : "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.CONFIG, "cannot reach the link manager at " + this.settings.url() + ": "
					+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.CONFIG, "interrupted");
		}
		JsonNode parsed = parse(response.body());
		if (response.statusCode() >= 400) {
			throw new CliException(Problem.of(response.statusCode(), parsed));
		}
		return (parsed != null) ? parsed : NullNode.getInstance();
	}

	private static @Nullable JsonNode parse(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String queryString(Map<String, Object> query) {
		if (query.isEmpty()) {
			return "";
		}
		List<String> parts = new ArrayList<>();
		query.forEach((name, value) -> parts
			.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
		return "?" + String.join("&", parts);
	}

}
