package dev.clusterlink.cli;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clusterlink apply -f links.yaml}: makes the running state match the file.
 * Idempotent: a second apply changes nothing.
 */
@Command(name = "apply",
		description = "Create or update the clusters, links and mirrors of a file (deletes only with --prune).")
class ApplyCommand extends ApiCommand {

	@Option(names = { "-f", "--file" }, required = true, paramLabel = "FILE")
	Path file;

	@Option(names = "--prune", description = "also delete clusters, links and mirrors the file does not name")
	boolean prune;

	@Option(names = "--dry-run", description = "show the difference (as diff); change nothing")
	boolean dryRun;

	@Override
	int execute() {
		References references = References.system(root().env);
		Plan plan = Declarative.plan(this.file, api(), references, this.prune);
		if (this.dryRun || plan.isEmpty()) {
			if (this.dryRun) {
				printer().note("dry run: nothing changed");
			}
			Declarative.render(plan, printer(), this.prune);
			return ExitCodes.OK;
		}
		Declarative.apply(plan, api(), references, printer());
		if (printer().human()) {
			printer().note("applied: " + plan.count(Plan.Action.create) + " created, " + plan.count(Plan.Action.update)
					+ " updated, " + plan.count(Plan.Action.delete) + " deleted");
		}
		else {
			printer().structured(Declarative.structured(plan));
		}
		return ExitCodes.OK;
	}

}
