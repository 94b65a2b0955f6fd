package dev.clusterlink.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlink cluster …}: the Kafka clusters the link manager knows.
 */
@Command(name = "cluster", description = "Register, list, describe, check and delete Kafka clusters.",
		subcommands = { ClusterCommands.Register.class, ClusterCommands.List.class, ClusterCommands.Describe.class,
				ClusterCommands.Check.class, ClusterCommands.Delete.class })
class ClusterCommands {

	static String path(String name) {
		return "/clusters/" + Api.seg(name);
	}

	@Command(name = "register", description = "Register a cluster (POST /clusters).")
	static class Register extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,…]")
		String bootstrapServers;

		@Option(names = { "-p", "--property" }, paramLabel = "KEY=VALUE",
				description = "a client property; credentials as '${env:NAME}' or '${file:/path}' (single quotes)")
		Map<String, String> properties = new LinkedHashMap<>();

		@Option(names = "--accept-insecure-sasl", description = "allow SASL PLAIN/SCRAM without TLS")
		boolean acceptInsecureSasl;

		@Option(names = "--dry-run", description = "show the request; register nothing")
		boolean dryRun;

		@Override
		int execute() {
			References references = References.system(root().env);
			Map<String, String> resolved = new LinkedHashMap<>();
			this.properties.forEach((key, value) -> resolved.put(key,
					references.resolve(value, "cluster " + this.name + ", property " + key)));
			ObjectNode body = Api.JSON.createObjectNode();
			body.put("name", this.name);
			body.put("bootstrapServers", this.bootstrapServers);
			body.set("properties", Api.JSON.valueToTree(resolved));
			if (this.acceptInsecureSasl) {
				body.put("acceptInsecureSasl", true);
			}
			if (this.dryRun) {
				// POST /clusters has no dry run: show the request, secrets masked, and
				// whether the name is taken
				ObjectNode shown = body.deepCopy();
				ObjectNode masked = Api.JSON.createObjectNode();
				resolved.forEach((k, v) -> masked.put(k, References.isSecret(k) ? "***" : v));
				shown.set("properties", masked);
				printer().note("dry run: would register cluster " + this.name + " (nothing changed)");
				printer().object(shown);
				if (Lookups.exists(api(), path(this.name))) {
					throw new CliException(ExitCodes.API_ERROR,
							"cluster-exists: cluster " + this.name + " is already registered (field: name)");
				}
				return ExitCodes.OK;
			}
			JsonNode created = api().post("/clusters", Map.of(), body);
			printer().note("registered cluster " + this.name);
			printer().object(created);
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List clusters.")
	static class List extends ApiCommand {

		@Override
		int execute() {
			printer().table(api().getAll("/clusters", Map.of()), "NAME=name", "BOOTSTRAP SERVERS=bootstrapServers",
					"VERSION=version", "UPDATED=updatedAt");
			return ExitCodes.OK;
		}

	}

	@Command(name = "describe", description = "Describe a cluster (secret properties read [hidden]).")
	static class Describe extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		int execute() {
			printer().object(api().get(path(this.name)));
			return ExitCodes.OK;
		}

	}

	@Command(name = "check", description = "Check that a cluster answers (exit 1 when it does not).")
	static class Check extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		int execute() {
			JsonNode check = api().post(path(this.name) + ":check", Map.of(), null);
			printer().object(check);
			if (!check.path("reachable").asBoolean(false)) {
				throw new CliException(ExitCodes.API_ERROR, "cluster-unreachable: cluster " + this.name
						+ " does not answer: " + check.path("error").asString("unknown"));
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "delete", description = "Delete a cluster no link uses.")
	static class Delete extends ApiCommand {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--dry-run", description = "show what would be deleted; delete nothing")
		boolean dryRun;

		@Override
		int execute() {
			if (this.dryRun) {
				JsonNode cluster = api().get(path(this.name));
				TreeSet<String> users = new TreeSet<>();
				for (JsonNode link : api().getAll("/links", Map.of())) {
					if (this.name.equals(link.path("sourceCluster").asString())
							|| this.name.equals(link.path("destinationCluster").asString())) {
						users.add(link.path("name").asString());
					}
				}
				if (!users.isEmpty()) {
					throw new CliException(ExitCodes.API_ERROR, "cluster-in-use: cluster " + this.name
							+ " is used by links " + String.join(", ", users) + " (dry run)");
				}
				printer().note("dry run: would delete cluster " + this.name + " (nothing changed)");
				printer().object(cluster);
				return ExitCodes.OK;
			}
			api().delete(path(this.name), Map.of());
			printer().note("deleted cluster " + this.name);
			if (!printer().human()) {
				printer().structured(Map.of("deleted", this.name));
			}
			return ExitCodes.OK;
		}

	}

}
