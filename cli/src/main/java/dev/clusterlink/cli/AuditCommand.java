package dev.clusterlink.cli;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clusterlink audit}: who changed what, newest first.
 */
@Command(name = "audit", description = "The audit log, newest first.")
class AuditCommand extends ApiCommand {

	@Option(names = "--entity-type", paramLabel = "TYPE", description = "cluster, link, mirror, api-key, …")
	@Nullable String entityType;

	@Option(names = "--entity-name", paramLabel = "NAME")
	@Nullable String entityName;

	@Option(names = { "-n", "--limit" }, defaultValue = "50", paramLabel = "N",
			description = "entries (default 50, at most 500)")
	int limit;

	@Override
	int execute() {
		JsonNode page = api().get("/audit", Api.query("entityType", this.entityType, "entityName", this.entityName,
				"page", 0, "size", Math.max(1, Math.min(500, this.limit))));
		printer().table(page.path("items"), "TIME=occurredAt", "ACTOR=actor", "ACTION=action", "TYPE=entityType",
				"NAME=entityName", "OUTCOME=outcome");
		return ExitCodes.OK;
	}

}
