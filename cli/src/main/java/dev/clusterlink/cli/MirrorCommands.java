package dev.clusterlink.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlink mirror …}: mirror topics of a link.
 */
@Command(name = "mirror",
		description = "Create, list, describe, pause, resume, promote, fail over, verify, reverse and delete mirror topics.",
		subcommands = { MirrorCommands.Create.class, MirrorCommands.List.class, MirrorCommands.Describe.class,
				MirrorCommands.Pause.class, MirrorCommands.Resume.class, MirrorCommands.Promote.class,
				MirrorCommands.Failover.class, MirrorCommands.Verify.class, MirrorCommands.Reverse.class,
				MirrorCommands.Delete.class })
class MirrorCommands {

	static String path(String link, String mirror) {
		return LinkCommands.path(link) + "/mirrors/" + Api.seg(mirror);
	}

	static final String[] COLUMNS = { "LINK=link", "NAME=name", "SOURCE TOPIC=sourceTopic", "DIRECTION=direction",
			"STATE=state", "MAX LAG=maxLag", "OFFSETS=offsetMode", "REASON=stateReason" };

	abstract static class OnLink extends ApiCommand {

		@Option(names = { "-l", "--link" }, required = true, paramLabel = "LINK")
		String link;

	}

	abstract static class Waiting extends OnLink {

		@Option(names = "--wait", description = "wait for the goal, drawing lag, records/s and ETA")
		boolean wait;

		@Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION", defaultValue = "10m",
				description = "how long --wait waits (default 10m); exit 4 after it")
		Duration timeout;

		int await(String mirror, Waiter.Goal goal) {
			return Waiter.system(err(), root().console)
				.await(this.link + "/" + mirror, () -> api().get(path(this.link, mirror)), goal, this.timeout);
		}

	}

	@Command(name = "create", description = "Mirror a source topic (--wait: until ACTIVE with lag 0).")
	static class Create extends Waiting {

		@Parameters(paramLabel = "SOURCE_TOPIC")
		String sourceTopic;

		@Option(names = "--mirror-topic", paramLabel = "NAME",
				description = "the mirror topic's name (default: the link's prefix + the source topic)")
		@Nullable String mirrorTopic;

		@Option(names = "--direction", paramLabel = "forward|reverse",
				description = "reverse: from the link's destination to its source (bidirectional links)")
		@Nullable String direction;

		@Option(names = "--dry-run", description = "check the link and the name; create nothing")
		boolean dryRun;

		@Override
		int execute() {
			ObjectNode body = Api.JSON.createObjectNode();
			body.put("sourceTopic", this.sourceTopic);
			if (this.mirrorTopic != null) {
				body.put("mirrorTopic", this.mirrorTopic);
			}
			if (this.direction != null) {
				body.put("direction", this.direction);
			}
			if (this.dryRun) {
				// POST …/mirrors has no dry run: check what the client can see
				JsonNode link = api().get(LinkCommands.path(this.link));
				String name = (this.mirrorTopic != null) ? this.mirrorTopic
						: link.path("configs").path("cluster.link.prefix").path("value").asString("")
								+ this.sourceTopic;
				if (Lookups.exists(api(), path(this.link, name))) {
					throw new CliException(ExitCodes.API_ERROR,
							"mirror-exists: link " + this.link + " already has a mirror " + name + " (dry run)");
				}
				printer().note("dry run: would create mirror " + name + " of " + this.sourceTopic + " on link "
						+ this.link + " (nothing changed; the source topic is checked when it is created)");
				if (!printer().human()) {
					printer().object(body.put("name", name).put("link", this.link));
				}
				return ExitCodes.OK;
			}
			JsonNode mirror = api().post(LinkCommands.path(this.link) + "/mirrors", Map.of(), body);
			String name = mirror.path("name").asString();
			printer().note(
					"created mirror " + name + " on link " + this.link + " (" + mirror.path("state").asString() + ")");
			if (!printer().human()) {
				printer().object(mirror);
			}
			return this.wait ? await(name, Waiter.Goal.CAUGHT_UP) : ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List mirrors of a link, or of every link.")
	static class List extends ApiCommand {

		@Option(names = { "-l", "--link" }, paramLabel = "LINK", description = "only this link's mirrors")
		@Nullable String link;

		@Option(names = "--state", split = ",", paramLabel = "STATE",
				description = "only these states, e.g. ACTIVE,PAUSED")
		java.util.List<String> states = new ArrayList<>();

		@Override
		int execute() {
			Map<String, Object> query = this.states.isEmpty() ? Map.of()
					: Map.of("state", String.join(",", this.states));
			String path = (this.link != null) ? LinkCommands.path(this.link) + "/mirrors" : "/mirrors";
			printer().table(api().getAll(path, query), COLUMNS);
			return ExitCodes.OK;
		}

	}

	@Command(name = "describe", description = "Describe a mirror: state, reason, offset mode, partitions.")
	static class Describe extends OnLink {

		@Parameters(paramLabel = "MIRROR")
		String mirror;

		@Override
		int execute() {
			JsonNode mirror = api().get(path(this.link, this.mirror));
			if (!printer().human()) {
				printer().object(mirror);
				return ExitCodes.OK;
			}
			ObjectNode summary = (ObjectNode) mirror.deepCopy();
			summary.remove("partitions");
			printer().object(summary);
			printer().out().println();
			printer().table(mirror.path("partitions"), "PARTITION=partition", "STATE=state", "MODE=offsetMode",
					"SOURCE END=sourceEndOffset", "MIRRORED=mirroredOffset", "LAG=lag", "LOST=recordsLost",
					"ERROR=lastError");
			return ExitCodes.OK;
		}

	}

	/**
	 * pause, resume, promote, failover: one request per named mirror, {@code dryRun=true}
	 * on the API.
	 */
	abstract static class Action extends Waiting {

		@Parameters(paramLabel = "MIRROR", arity = "1..*")
		java.util.List<String> mirrors;

		@Option(names = "--dry-run", description = "what would happen (the API's dryRun=true); change nothing")
		boolean dryRun;

		abstract String action();

		Map<String, Object> extraQuery() {
			return Map.of();
		}

		Waiter.@Nullable Goal goal() {
			return null;
		}

		@Override
		int execute() {
			java.util.List<JsonNode> results = new ArrayList<>();
			for (String mirror : this.mirrors) {
				Map<String, Object> query = new java.util.LinkedHashMap<>(extraQuery());
				if (this.dryRun) {
					query.put("dryRun", true);
				}
				JsonNode result = api().post(path(this.link, mirror) + ":" + action(), query, null);
				results.add(result);
				printer().note((this.dryRun ? "dry run: " : "") + this.link + "/" + mirror + ": "
						+ result.path("fromState").asString() + " -> " + result.path("toState").asString()
						+ (result.path("changed").asBoolean(false) ? "" : " (no change)") + ": "
						+ result.path("description").asString(""));
			}
			if (!printer().human()) {
				printer().structured((results.size() == 1) ? results.get(0) : results);
			}
			if (this.wait && !this.dryRun && goal() != null) {
				for (String mirror : this.mirrors) {
					int code = await(mirror, goal());
					if (code != ExitCodes.OK) {
						return code;
					}
				}
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "pause", description = "Pause mirrors.")
	static class Pause extends Action {

		@Override
		String action() {
			return "pause";
		}

	}

	@Command(name = "resume",
			description = "Resume mirrors (also out of a fail-closed state with --acknowledge-data-loss).")
	static class Resume extends Action {

		@Option(names = "--acknowledge-data-loss",
				description = "accept what a fail-closed halt reported (recorded in the audit log)")
		boolean acknowledgeDataLoss;

		@Override
		String action() {
			return "resume";
		}

		@Override
		Map<String, Object> extraQuery() {
			return this.acknowledgeDataLoss ? Map.of("acknowledgeDataLoss", true) : Map.of();
		}

	}

	@Command(name = "promote",
			description = "Promote mirrors: copy until lag 0, then stop and make writable (--wait: until STOPPED).")
	static class Promote extends Action {

		@Override
		String action() {
			return "promote";
		}

		@Override
		Waiter.Goal goal() {
			return Waiter.Goal.STOPPED;
		}

	}

	@Command(name = "failover",
			description = "Fail mirrors over: stop at once and make writable (--wait: until STOPPED).")
	static class Failover extends Action {

		@Override
		String action() {
			return "failover";
		}

		@Override
		Waiter.Goal goal() {
			return Waiter.Goal.STOPPED;
		}

	}

	@Command(name = "verify",
			description = "Start a background comparison of source and destination (202 + the verification).")
	static class Verify extends OnLink {

		@Parameters(paramLabel = "MIRROR")
		String mirror;

		@Option(names = "--from-offset")
		@Nullable Long fromOffset;

		@Option(names = "--to-offset")
		@Nullable Long toOffset;

		@Option(names = "--dry-run", description = "show the mirror's last verification; start nothing")
		boolean dryRun;

		@Override
		int execute() {
			if (this.dryRun) {
				JsonNode mirror = api().get(path(this.link, this.mirror));
				printer().note("dry run: would verify " + this.link + "/" + this.mirror + " (nothing started)");
				printer().object(mirror.path("lastVerification").isObject() ? mirror.path("lastVerification")
						: Api.JSON.createObjectNode());
				return ExitCodes.OK;
			}
			JsonNode verification = api().post(path(this.link, this.mirror) + ":verify",
					Api.query("fromOffset", this.fromOffset, "toOffset", this.toOffset), null);
			printer().note("verification " + verification.path("id").asString() + " started");
			printer().object(verification);
			return ExitCodes.OK;
		}

	}

	@Command(name = "reverse", description = "Fail back a STOPPED mirror through a link back (POST …:reverse).")
	static class Reverse extends OnLink {

		@Parameters(paramLabel = "MIRROR")
		String mirror;

		@Option(names = "--reverse-link", paramLabel = "LINK",
				description = "the link from the destination back to the source (optional on bidirectional links)")
		@Nullable String reverseLink;

		@Option(names = "--dry-run", description = "per partition where copying back starts; change nothing")
		boolean dryRun;

		@Override
		int execute() {
			ObjectNode body = Api.JSON.createObjectNode();
			if (this.reverseLink != null) {
				body.put("reverseLink", this.reverseLink);
			}
			JsonNode answer = api().post(path(this.link, this.mirror) + ":reverse",
					Api.query("dryRun", this.dryRun ? true : null), body);
			printer().note(this.dryRun ? "dry run: reverse of " + this.mirror + " (nothing changed)"
					: "reversed " + this.link + "/" + this.mirror);
			printer().object(answer);
			return ExitCodes.OK;
		}

	}

	@Command(name = "delete", description = "Stop mirroring (the destination topic stays unless --delete-topic).")
	static class Delete extends OnLink {

		@Parameters(paramLabel = "MIRROR")
		String mirror;

		@Option(names = "--delete-topic")
		boolean deleteTopic;

		@Option(names = "--dry-run", description = "show the mirror; delete nothing")
		boolean dryRun;

		@Override
		int execute() {
			if (this.dryRun) {
				JsonNode mirror = api().get(path(this.link, this.mirror));
				printer().note("dry run: would delete mirror " + this.link + "/" + this.mirror + " ("
						+ mirror.path("state").asString() + (this.deleteTopic ? ", and its topic" : "")
						+ "; nothing changed)");
				return ExitCodes.OK;
			}
			api().delete(path(this.link, this.mirror), Api.query("deleteTopic", this.deleteTopic ? true : null));
			printer().note("deleted mirror " + this.link + "/" + this.mirror);
			if (!printer().human()) {
				printer().structured(Map.of("deleted", this.mirror, "link", this.link));
			}
			return ExitCodes.OK;
		}

	}

}
