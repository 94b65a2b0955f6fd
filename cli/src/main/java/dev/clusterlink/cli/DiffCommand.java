package dev.clusterlink.cli;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clusterlink diff -f links.yaml}: what apply would change, secret values masked.
 */
@Command(name = "diff", description = "Show what apply would create, update and (with --prune) delete.")
class DiffCommand extends ApiCommand {

	@Option(names = { "-f", "--file" }, required = true, paramLabel = "FILE")
	Path file;

	@Option(names = "--prune", description = "also show the deletions apply --prune would make")
	boolean prune;

	@Override
	int execute() {
		References references = References.system(root().env);
		Plan plan = Declarative.plan(this.file, api(), references, this.prune);
		Declarative.render(plan, printer(), this.prune);
		return ExitCodes.OK;
	}

}
