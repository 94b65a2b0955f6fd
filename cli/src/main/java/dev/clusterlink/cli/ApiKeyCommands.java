package dev.clusterlink.cli;

import java.util.ArrayList;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlink apikey …}: the link manager's API keys (admin).
 */
@Command(name = "apikey", description = "Create, list and revoke API keys.",
		subcommands = { ApiKeyCommands.Create.class, ApiKeyCommands.List.class, ApiKeyCommands.Revoke.class })
class ApiKeyCommands {

	@Command(name = "create", description = "Create a key; the key is shown this once.")
	static class Create extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--role", required = true, paramLabel = "viewer|operator|admin")
		String role;

		@Option(names = "--link", paramLabel = "LINK", description = "limit the key to these links")
		java.util.List<String> links = new ArrayList<>();

		@Option(names = "--dry-run", description = "check the name is free; create nothing")
		boolean dryRun;

		@Override
		int execute() {
			ObjectNode body = Api.JSON.createObjectNode();
			body.put("name", this.name);
			body.put("role", this.role);
			if (!this.links.isEmpty()) {
				body.set("links", Api.JSON.valueToTree(this.links));
			}
			if (this.dryRun) {
				if (Lookups.exists(api(), "/api-keys/" + Api.seg(this.name))) {
					throw new CliException(ExitCodes.API_ERROR,
							"api-key-exists: a key named " + this.name + " exists (field: name) (dry run)");
				}
				printer().note("dry run: would create key " + this.name + " (" + this.role + "; nothing changed)");
				if (!printer().human()) {
					printer().object(body);
				}
				return ExitCodes.OK;
			}
			JsonNode created = api().post("/api-keys", Map.of(), body);
			printer().note("created key " + this.name + "; store it now, it is not shown again:");
			printer().object(created);
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List keys (never the keys themselves).")
	static class List extends ApiCommand {

		@Override
		int execute() {
			printer().table(api().getAll("/api-keys", Map.of()), "NAME=name", "KEY ID=keyId", "ROLE=role",
					"LINKS=links", "CREATED=createdAt", "LAST USED=lastUsedAt");
			return ExitCodes.OK;
		}

	}

	@Command(name = "revoke", description = "Revoke a key: its next request gets 401.")
	static class Revoke extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--dry-run", description = "show the key; revoke nothing")
		boolean dryRun;

		@Override
		int execute() {
			if (this.dryRun) {
				JsonNode key = api().get("/api-keys/" + Api.seg(this.name));
				printer().note("dry run: would revoke key " + this.name + " (nothing changed)");
				printer().object(key);
				return ExitCodes.OK;
			}
			api().delete("/api-keys/" + Api.seg(this.name), Map.of());
			printer().note("revoked key " + this.name);
			if (!printer().human()) {
				printer().structured(Map.of("revoked", this.name));
			}
			return ExitCodes.OK;
		}

	}

}
