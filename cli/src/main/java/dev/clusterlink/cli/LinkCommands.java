package dev.clusterlink.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlink link …}: links between a source and a destination cluster.
 */
@Command(name = "link", description = "Create, list, describe, update, delete, pause, resume and cut over links.",
		subcommands = { LinkCommands.Create.class, LinkCommands.List.class, LinkCommands.Describe.class,
				LinkCommands.Update.class, LinkCommands.Delete.class, LinkCommands.Pause.class,
				LinkCommands.Resume.class, LinkCommands.Cutover.class })
class LinkCommands {

	static String path(String name) {
		return "/links/" + Api.seg(name);
	}

	/** A link: for humans, each config on one line ({@code value (default)}). */
	static void printLink(Printer printer, JsonNode link) {
		if (!printer.human()) {
			printer.object(link);
			return;
		}
		ObjectNode shown = (ObjectNode) link.deepCopy();
		ObjectNode configs = Api.JSON.createObjectNode();
		for (Map.Entry<String, JsonNode> config : link.path("configs").properties()) {
			configs.put(config.getKey(), Printer.scalar(config.getValue().path("value"))
					+ (config.getValue().path("isDefault").asBoolean(false) ? " (default)" : ""));
		}
		shown.set("configs", configs);
		printer.object(shown);
	}

	@Command(name = "create", description = "Create a link (--dry-run: validateOnly, checks both clusters answer).")
	static class Create extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--source", required = true, paramLabel = "CLUSTER")
		String source;

		@Option(names = "--destination", required = true, paramLabel = "CLUSTER")
		String destination;

		@Option(names = { "-c", "--link-config" }, paramLabel = "KEY=VALUE",
				description = "a link config, e.g. cluster.link.prefix=eu.")
		Map<String, String> configs = new LinkedHashMap<>();

		@Option(names = "--dry-run", description = "validate only (validateOnly=true); create nothing")
		boolean dryRun;

		@Override
		int execute() {
			ObjectNode body = Api.JSON.createObjectNode();
			body.put("name", this.name);
			body.put("sourceCluster", this.source);
			body.put("destinationCluster", this.destination);
			body.set("configs", Api.JSON.valueToTree(this.configs));
			JsonNode answer = api().post("/links", Api.query("validateOnly", this.dryRun ? true : null), body);
			printer().note(this.dryRun ? "dry run: link " + this.name + " would be created (nothing changed)"
					: "created link " + this.name);
			if (this.dryRun) {
				printer().object(answer);
			}
			else {
				printLink(printer(), answer);
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List links.")
	static class List extends ApiCommand {

		@Override
		int execute() {
			printer().table(api().getAll("/links", Map.of()), "NAME=name", "SOURCE=sourceCluster",
					"DESTINATION=destinationCluster", "MODE=mode", "STATE=state", "MIRRORS=mirrorCount");
			return ExitCodes.OK;
		}

	}

	@Command(name = "describe", description = "Describe a link: state, reason, effective configs, tasks.")
	static class Describe extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		int execute() {
			printLink(printer(), api().get(path(this.name)));
			return ExitCodes.OK;
		}

	}

	@Command(name = "update", description = "Change a link's configs (PATCH: only the keys given).")
	static class Update extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = { "-c", "--link-config" }, paramLabel = "KEY=VALUE")
		Map<String, String> configs = new LinkedHashMap<>();

		@Option(names = "--reset", paramLabel = "KEY", description = "set a config back to its default")
		java.util.List<String> reset = new ArrayList<>();

		@Option(names = "--dry-run", description = "show the changes; change nothing")
		boolean dryRun;

		@Override
		int execute() {
			if (this.configs.isEmpty() && this.reset.isEmpty()) {
				throw new CliException(ExitCodes.USAGE,
						"nothing to change: give --link-config KEY=VALUE or --reset KEY");
			}
			Map<String, Object> changes = new LinkedHashMap<>(this.configs);
			this.reset.forEach((key) -> changes.put(key, null));
			if (this.dryRun) {
				// the configs endpoints have no dry run: compare with the link as it is
				JsonNode link = api().get(path(this.name));
				ObjectNode shown = Api.JSON.createObjectNode();
				changes.forEach((key, value) -> {
					JsonNode current = link.path("configs").path(key);
					shown.put(key,
							Printer.scalar(current.path("value")) + " -> " + ((value != null) ? value : "(default)"));
				});
				printer().note("dry run: would change link " + this.name + " (nothing changed)");
				printer().object(shown);
				return ExitCodes.OK;
			}
			JsonNode link = api().patch(path(this.name) + "/configs", changes);
			printer().note("updated link " + this.name);
			printLink(printer(), link);
			return ExitCodes.OK;
		}

	}

	@Command(name = "delete", description = "Delete a link (refused while it has live mirrors, unless --force).")
	static class Delete extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--force", description = "delete even with mirrors that are not STOPPED")
		boolean force;

		@Option(names = "--keep-acls", description = "leave the link's ACLs on the destination")
		boolean keepAcls;

		@Option(names = "--dry-run", description = "show what would be deleted; delete nothing")
		boolean dryRun;

		@Override
		int execute() {
			if (this.dryRun) {
				JsonNode link = api().get(path(this.name));
				long live = 0;
				for (JsonNode mirror : api().getAll(path(this.name) + "/mirrors", Map.of())) {
					live += mirror.path("state").asString().equals("STOPPED") ? 0 : 1;
				}
				if (live > 0 && !this.force) {
					throw new CliException(ExitCodes.API_ERROR, "link-has-mirrors: link " + this.name + " has " + live
							+ " mirror(s) that are not STOPPED; --force deletes it anyway (dry run)");
				}
				printer().note("dry run: would delete link " + this.name + " (nothing changed)");
				printer().object(link);
				return ExitCodes.OK;
			}
			api().delete(path(this.name),
					Api.query("force", this.force ? true : null, "keepAcls", this.keepAcls ? true : null));
			printer().note("deleted link " + this.name);
			if (!printer().human()) {
				printer().structured(Map.of("deleted", this.name));
			}
			return ExitCodes.OK;
		}

	}

	abstract static class StateChange extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--dry-run", description = "show the link's current state; change nothing")
		boolean dryRun;

		abstract String action();

		@Override
		int execute() {
			if (this.dryRun) {
				JsonNode link = api().get(path(this.name));
				printer().note("dry run: would " + action() + " link " + this.name + " (now "
						+ link.path("state").asString() + "; nothing changed)");
				if (!printer().human()) {
					printer().object(link);
				}
				return ExitCodes.OK;
			}
			JsonNode link = api().post(path(this.name) + ":" + action(), Map.of(), null);
			printer().note("link " + this.name + ": " + link.path("state").asString());
			if (!printer().human()) {
				printer().object(link);
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "pause", description = "Pause a whole link.")
	static class Pause extends StateChange {

		@Override
		String action() {
			return "pause";
		}

	}

	@Command(name = "resume", description = "Resume a paused link.")
	static class Resume extends StateChange {

		@Override
		String action() {
			return "resume";
		}

	}

	@Command(name = "cutover",
			description = "Fence the source's writers (optional), promote the selected mirrors, wait, report (POST /links/{link}:cutover).")
	static class Cutover extends ApiCommand {

		@Parameters(paramLabel = "LINK")
		String link;

		@ArgGroup(exclusive = true, multiplicity = "1")
		Selection selection;

		@Option(names = "--fence-principal", paramLabel = "PRINCIPAL",
				description = "a writer to fence on the source, e.g. User:orders-app")
		java.util.List<String> principals = new ArrayList<>();

		@Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION", defaultValue = "5m",
				description = "how long the link manager waits for the promotions (default 5m)")
		Duration timeout;

		@Option(names = "--wait", description = "show progress (lag of the selected mirrors) while the cutover runs")
		boolean wait;

		@Option(names = "--dry-run", description = "mirrors, lag and the fence's ACLs; change nothing")
		boolean dryRun;

		static class Selection {

			@Option(names = "--mirror", paramLabel = "MIRROR", required = true)
			java.util.List<String> mirrors;

			@Option(names = "--pattern", paramLabel = "GLOB", required = true)
			String pattern;

			@Option(names = "--all", required = true)
			boolean all;

		}

		@Override
		Duration requestTimeout() {
			return this.timeout.plusSeconds(60);
		}

		/**
		 * A dry run answers 200 even when the cutover would be refused: say so, exit 1.
		 */
		private int refusal(JsonNode plan) {
			java.util.List<String> problems = new ArrayList<>();
			JsonNode fence = plan.path("fence").path("problem");
			if (fence.isObject()) {
				problems.add("fence: " + Problem.of(fence.path("status").asInt(409), fence).render().substring(7));
			}
			for (JsonNode mirror : plan.path("mirrors")) {
				JsonNode problem = mirror.path("problem");
				if (problem.isObject()) {
					problems.add(mirror.path("mirror").asString() + ": "
							+ Problem.of(problem.path("status").asInt(409), problem).render().substring(7));
				}
			}
			if (problems.isEmpty() && !plan.path("next").asString("").contains("would be refused")) {
				return ExitCodes.OK;
			}
			status("error: cutover-refused: the cutover would be refused (dry run): "
					+ (problems.isEmpty() ? plan.path("next").asString() : String.join("; ", problems)));
			return ExitCodes.API_ERROR;
		}

		@Override
		int execute() {
			ObjectNode body = Api.JSON.createObjectNode();
			if (this.selection.mirrors != null) {
				body.set("mirrors", Api.JSON.valueToTree(this.selection.mirrors));
			}
			else if (this.selection.pattern != null) {
				body.put("pattern", this.selection.pattern);
			}
			else {
				body.put("all", true);
			}
			if (!this.principals.isEmpty()) {
				body.set("fence", Api.JSON.createObjectNode().set("principals", Api.JSON.valueToTree(this.principals)));
			}
			long seconds = Math.max(1, Math.min(3600, this.timeout.toSeconds()));
			body.put("timeoutSeconds", seconds);
			if (this.dryRun) {
				body.put("dryRun", true);
				JsonNode plan = api().post(path(this.link) + ":cutover", Map.of(), body);
				printer().note("dry run: cutover of link " + this.link + " (nothing changed)");
				printer().object(plan);
				return refusal(plan);
			}
			JsonNode report = this.wait ? CutoverProgress.run(this, body)
					: api().post(path(this.link) + ":cutover", Map.of(), body);
			printer().object(report);
			String outcome = report.path("outcome").asString("");
			return switch (outcome) {
				case "completed" -> ExitCodes.OK;
				case "incomplete" -> {
					status("error: cutover-incomplete: not every mirror was promoted within " + seconds + "s; "
							+ report.path("next").asString(""));
					yield ExitCodes.TIMEOUT;
				}
				default -> {
					status("error: cutover-failed: failed at step " + report.path("failedStep").asString("?") + ": "
							+ Problem.of(report.path("problem").path("status").asInt(500), report.path("problem"))
								.render()
								.substring("error: ".length()));
					yield ExitCodes.FAIL_CLOSED;
				}
			};
		}

	}

}
