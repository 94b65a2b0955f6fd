package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that call the link manager: settings, client and printer.
 */
abstract class ApiCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	private @Nullable Api api;

	private @Nullable Printer printer;

	@Override
	public Integer call() {
		return execute();
	}

	abstract int execute();

	Clusterlink root() {
		return (Clusterlink) this.spec.root().userObject();
	}

	Api api() {
		if (this.api == null) {
			this.api = new Api(root().settings(), requestTimeout());
		}
		return this.api;
	}

	/** How long one request may take; commands that wait on the server raise it. */
	Duration requestTimeout() {
		return Duration.ofSeconds(60);
	}

	Printer printer() {
		if (this.printer == null) {
			this.printer = new Printer(out(), root().format());
		}
		return this.printer;
	}

	PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

	/** A line for the operator on stderr, so that stdout stays parseable. */
	void status(String line) {
		err().println(line);
		err().flush();
	}

}
