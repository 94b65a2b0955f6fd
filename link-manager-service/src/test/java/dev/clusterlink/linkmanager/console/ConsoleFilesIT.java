package dev.clusterlink.linkmanager.console;

import dev.clusterlink.linkmanager.LinkManagerIT;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's static files are served without a key, under a content security policy
 * that allows nothing but this origin; the data stays behind the key.
 */
class ConsoleFilesIT extends LinkManagerIT {

	@Test
	void theConsoleLoadsWithoutAKey() throws Exception {
		callAs(null, get("/console")).andExpect(redirectedUrl("/console/"));
		callAs(null, get("/console/")).andExpect(status().isOk()).andExpect(forwardedUrl("/console/index.html"));
		for (String file : new String[] { "index.html", "app.js", "api.js", "dom.js", "chart.js", "console.css" }) {
			callAs(null, get("/console/" + file)).andExpect(status().isOk())
				.andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
				.andExpect(header().string("Content-Security-Policy", containsString("connect-src 'self'")));
		}
		callAs(null, get("/console/index.html")).andExpect(status().isOk())
			.andExpect(header().string("X-Frame-Options", "DENY"));
	}

	@Test
	void theDataStaysBehindTheKey() throws Exception {
		expectProblem(callAs(null, get("/api/v1/links")), 401, "unauthenticated", null);
	}

}
