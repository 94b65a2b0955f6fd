package dev.clusterlink.cli;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlink consumer-group …}: consumer-offset sync of a link.
 */
@Command(name = "consumer-group", description = "Consumer groups whose offsets a link syncs.",
		subcommands = { ConsumerGroupCommands.List.class, ConsumerGroupCommands.Describe.class })
class ConsumerGroupCommands {

	static String path(String link) {
		return LinkCommands.path(link) + "/consumer-groups";
	}

	@Command(name = "list", description = "List the groups a link syncs, with failover readiness.")
	static class List extends ApiCommand {

		@Option(names = { "-l", "--link" }, required = true, paramLabel = "LINK")
		String link;

		@Override
		int execute() {
			// the groups are a page inside the link's sync settings: follow the pages
			// here
			JsonNode first = null;
			var items = Api.JSON.createArrayNode();
			for (int page = 0;; page++) {
				JsonNode body = api().get(path(this.link), Map.of("page", page, "size", 500));
				first = (first != null) ? first : body;
				body.path("groups").path("items").forEach(items::add);
				if (page + 1 >= body.path("groups").path("totalPages").asInt(0)) {
					break;
				}
			}
			if (!printer().human()) {
				ObjectNode whole = (ObjectNode) first.deepCopy();
				whole.set("groups", items);
				printer().object(whole);
				return ExitCodes.OK;
			}
			printer()
				.note("link " + this.link + ": offset sync " + (first.path("syncEnabled").asBoolean() ? "on" : "off")
						+ ", every " + first.path("syncIntervalMs").asLong() + " ms");
			printer().table(items, "GROUP=group", "FAILOVER READY=failoverReady", "TRAILING BY=trailingBy",
					"DESTINATION MEMBERS=destinationMembers", "LAST SYNC=lastSyncAt", "SKIPPED=skipReason");
			return ExitCodes.OK;
		}

	}

	@Command(name = "describe", description = "Describe a synced group: per partition, source and destination offsets.")
	static class Describe extends ApiCommand {

		@Parameters(paramLabel = "GROUP")
		String group;

		@Option(names = { "-l", "--link" }, required = true, paramLabel = "LINK")
		String link;

		@Override
		int execute() {
			JsonNode group = api().get(path(this.link) + "/" + Api.seg(this.group));
			if (!printer().human()) {
				printer().object(group);
				return ExitCodes.OK;
			}
			ObjectNode summary = (ObjectNode) group.deepCopy();
			summary.remove("partitions");
			printer().object(summary);
			printer().out().println();
			JsonNode partitions = group.path("partitions");
			String[] columns = partitions.isEmpty() ? new String[] { "PARTITION=partition" }
					: partitions.get(0)
						.propertyNames()
						.stream()
						.map((n) -> n.toUpperCase() + "=" + n)
						.toArray(String[]::new);
			printer().table(partitions, columns);
			return ExitCodes.OK;
		}

	}

}
