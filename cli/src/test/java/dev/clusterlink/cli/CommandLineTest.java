package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

	@TempDir
	Path home;

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	@Test
	void anUnreachableLinkManagerIsOneLineAndExitFiveWithoutTheKey() {
		int code = run("cluster", "list", "--url", "http://127.0.0.1:9", "--api-key", "clk_abcdefghijkl_secret");

		assertThat(code).isEqualTo(ExitCodes.CONFIG);
		assertThat(this.err.toString()).startsWith("error: cannot reach the link manager at http://127.0.0.1:9")
			.doesNotContain("clk_abcdefghijkl_secret")
			.doesNotContain("\tat ")
			.hasLineCount(1);
	}

	@Test
	void globalOptionsWorkBeforeTheCommandToo() {
		int code = run("--url", "http://127.0.0.1:9", "-o", "json", "link", "list");

		assertThat(code).isEqualTo(ExitCodes.CONFIG);
		assertThat(this.err.toString()).startsWith("error: cannot reach the link manager at http://127.0.0.1:9");
	}

	@Test
	void wrongUsageIsExitTwo() {
		assertThat(run("mirror", "promote")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Missing required");
	}

	@Test
	void bashCompletionKnowsTheCommands() {
		assertThat(run("completion", "bash")).isZero();
		assertThat(this.out.toString()).contains("complete -F _complete_clusterlink", "cutover", "consumer-group",
				"--dry-run");
	}

	private int run(String... args) {
		Clusterlink root = new Clusterlink(Map.of(), this.home, false);
		return Clusterlink.commandLine(root, new PrintWriter(this.out, true), new PrintWriter(this.err, true))
			.execute(args);
	}

}
