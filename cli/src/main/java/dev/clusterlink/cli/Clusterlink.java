package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code clusterlink}: the link manager's REST API on the command line, in Confluent's
 * vocabulary.
 */
@Command(name = "clusterlink", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
		version = "clusterlink 0.1.0",
		description = "Cluster linking for Apache Kafka: clusters, links, mirror topics, cutover, apply/diff.",
		subcommands = { ClusterCommands.class, LinkCommands.class, MirrorCommands.class, ConsumerGroupCommands.class,
				AuditCommand.class, ApiKeyCommands.class, ApplyCommand.class, DiffCommand.class,
				CompletionCommand.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done", "1:the link manager refused the request", "2:wrong usage",
				"3:a waited-for mirror halted in a fail-closed state, or a cutover failed",
				"4:--wait timed out, or a cutover ended incomplete",
				"5:the link manager could not be reached, or the configuration is invalid" })
public class Clusterlink implements Runnable {

	@Spec
	CommandLine.Model.CommandSpec spec;

	@Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
			description = "the link manager, e.g. http://localhost:8080 (else $CLUSTERLINK_URL, else the config file)")
	@Nullable String url;

	@Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
			description = "the API key (else $CLUSTERLINK_API_KEY, else the config file)")
	@Nullable String apiKey;

	@Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
			description = "the config file (default ~/.clusterlink/config.yaml): url, apiKey")
	@Nullable Path config;

	@Option(names = { "-o", "--output" }, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
			description = "human, json or yaml (default human)")
	Printer.@Nullable Format output;

	final Map<String, String> env;

	final Path home;

	final boolean console;

	Clusterlink(Map<String, String> env, Path home, boolean console) {
		this.env = env;
		this.home = home;
		this.console = console;
	}

	@Override
	public void run() {
		this.spec.commandLine().usage(this.spec.commandLine().getOut());
	}

	public static void main(String[] args) {
		Clusterlink root = new Clusterlink(System.getenv(), Path.of(System.getProperty("user.home")),
				System.console() != null);
		PrintWriter out = new PrintWriter(System.out, true);
		PrintWriter err = new PrintWriter(System.err, true);
		System.exit(commandLine(root, out, err).execute(args));
	}

	/** The command line with the tool's error handling: one line, an exit code. */
	static CommandLine commandLine(Clusterlink root, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(root);
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			PrintWriter stderr = cmd.getErr();
			if (ex instanceof CliException cli) {
				stderr.println(cli.line());
				stderr.flush();
				return cli.exitCode();
			}
			stderr.println("error: " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""));
			stderr.flush();
			return ExitCodes.API_ERROR;
		});
		return commandLine;
	}

	Settings settings() {
		return Settings.resolve(this.url, this.apiKey, this.config, this.env, this.home);
	}

	Printer.Format format() {
		return (this.output != null) ? this.output : Printer.Format.human;
	}

}
