package dev.clusterlink.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.clusterlink.security.ApiKeyFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client of the link manager's REST API, sending an API key. */
public final class Rest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The page size {@link #getAll} asks for: the largest the API serves. */
	static final int PAGE_SIZE = 500;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final @Nullable String apiKey;

	/**
	 * @param baseUrl the link manager, e.g. {@code http://127.0.0.1:8080}
	 * @param apiKey the API key every request sends as {@code X-API-Key}, or {@code null}
	 * for none
	 */
	public Rest(String baseUrl, @Nullable String apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	/** The same API with another key (or none). */
	public Rest as(@Nullable String otherKey) {
		return new Rest(this.baseUrl, otherKey);
	}

	/**
	 * A response: status, content type and body as text and, where it parses, as JSON.
	 *
	 * @param status the HTTP status
	 * @param contentType the content type, empty when absent
	 * @param text the body
	 */
	public record Response(int status, String contentType, String text) {

		public JsonNode json() {
			return this.text.isBlank() ? JSON.createObjectNode() : JSON.readTree(this.text);
		}

		public Response expect(int... statuses) {
			for (int expected : statuses) {
				if (this.status == expected) {
					return this;
				}
			}
			throw new StackException("the link manager answered " + this.status + ": " + this.text);
		}

	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/**
	 * Every item of a paginated list, page after page (500 a page, the largest size the
	 * API allows): {@code GET /api/v1/clusters}, {@code /links}, {@code /mirrors},
	 * {@code /links/{link}/mirrors}, {@code /api-keys}, {@code /audit}.
	 * @param path the list, with or without query parameters of its own (not {@code page}
	 * or {@code size})
	 * @return the items of every page, in the list's order
	 * @throws StackException when a page does not answer 200
	 */
	public List<JsonNode> getAll(String path) {
		List<JsonNode> items = new ArrayList<>();
		String separator = path.contains("?") ? "&" : "?";
		for (int page = 0;; page++) {
			JsonNode body = get(path + separator + "page=" + page + "&size=" + PAGE_SIZE).expect(200).json();
			body.path("items").forEach(items::add);
			if (page + 1 >= body.path("totalPages").asInt()) {
				return items;
			}
		}
	}

	public Response post(String path, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString((body instanceof String text) ? text : JSON.writeValueAsString(body))));
	}

	public Response put(String path, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("content-type", "application/json")
			.PUT(HttpRequest.BodyPublishers
				.ofString((body instanceof String text) ? text : JSON.writeValueAsString(body))));
	}

	public Response postEmpty(String path) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	private URI uri(String path) {
		return URI.create(this.baseUrl + path);
	}

	private Response send(HttpRequest.Builder request) {
		if (this.apiKey != null) {
			request.header(ApiKeyFormat.HEADER, this.apiKey);
		}
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new StackException("the link manager at " + this.baseUrl + " does not answer: " + ex.getMessage(),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
	}

}
