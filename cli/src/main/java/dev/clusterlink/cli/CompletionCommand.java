package dev.clusterlink.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clusterlink completion bash}: a completion script, e.g.
 * {@code source <(clusterlink completion bash)}.
 */
@Command(name = "completion", description = "Print a shell completion script (bash; zsh reads it with bashcompinit).")
class CompletionCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (default) or zsh")
	String shell;

	@Override
	public Integer call() {
		if (!this.shell.equals("bash") && !this.shell.equals("zsh")) {
			throw new CliException(ExitCodes.USAGE, "no completion for " + this.shell + " (bash or zsh)");
		}
		String script = AutoComplete.bash("clusterlink", this.spec.root().commandLine());
		this.spec.commandLine().getOut().print(script);
		this.spec.commandLine().getOut().flush();
		return ExitCodes.OK;
	}

}
