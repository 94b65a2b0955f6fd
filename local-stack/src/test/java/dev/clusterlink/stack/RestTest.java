package dev.clusterlink.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Rest#getAll} follows the pages of a list to the last one. */
class RestTest {

	private final List<String> queries = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@BeforeEach
	void serveSevenItemsInPagesOfThree() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/v1/mirrors", (exchange) -> {
			String query = exchange.getRequestURI().getQuery();
			this.queries.add(query);
			int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
			StringBuilder items = new StringBuilder();
			for (int i = page * 3; i < Math.min(page * 3 + 3, 7); i++) {
				items.append((items.isEmpty()) ? "" : ",").append("{\"name\":\"m").append(i).append("\"}");
			}
			byte[] body = ("{\"items\":[" + items + "],\"page\":" + page + ",\"size\":3,\"totalItems\":7,"
					+ "\"totalPages\":3}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("content-type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void getAllReadsEveryPageInOrder() {
		Rest rest = new Rest("http://127.0.0.1:" + this.server.getAddress().getPort(), null);
		List<JsonNode> items = rest.getAll("/api/v1/mirrors?state=ACTIVE");
		assertThat(items).map((item) -> item.get("name").asString())
			.containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
		assertThat(this.queries).containsExactly("state=ACTIVE&page=0&size=500", "state=ACTIVE&page=1&size=500",
				"state=ACTIVE&page=2&size=500");
	}

}
