package dev.clusterlink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an apply file and the running state, renders a plan, and applies it change by
 * change in the plan's order.
 */
final class Declarative {

	private Declarative() {
	}

	/**
	 * What a file asks for against the running state: the plan {@code apply} carries out
	 * and {@code diff} shows.
	 * @param file the file of clusters, links and mirrors
	 * @param api the link manager
	 * @param references resolves the file's {@code ${env:…}} and {@code ${file:…}}
	 * @param prune whether what the file does not name is deleted
	 */
	static Plan plan(Path file, Api api, References references, boolean prune) {
		DesiredState desired = read(file);
		return Plan.between(desired, running(api, desired, prune), prune,
				(where, value) -> references.resolve(value, where));
	}

	static DesiredState read(Path file) {
		try {
			return DesiredState.parse(Files.readString(file), file.toString());
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.CONFIG,
					"cannot read " + file + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	static Plan.Running running(Api api, DesiredState desired, boolean prune) {
		Map<String, JsonNode> clusters = byName(api.getAll("/clusters", Map.of()));
		Map<String, JsonNode> links = byName(api.getAll("/links", Map.of()));
		Map<String, List<JsonNode>> mirrors = new HashMap<>();
		for (String link : links.keySet()) {
			boolean wanted = desired.links().stream().anyMatch((l) -> l.name().equals(link));
			if (wanted || prune) {
				List<JsonNode> items = new ArrayList<>();
				api.getAll(LinkCommands.path(link) + "/mirrors", Map.of()).forEach(items::add);
				mirrors.put(link, items);
			}
		}
		return new Plan.Running(clusters, links, mirrors);
	}

	private static Map<String, JsonNode> byName(ArrayNode items) {
		Map<String, JsonNode> byName = new LinkedHashMap<>();
		items.forEach((item) -> byName.put(item.path("name").asString(), item));
		return byName;
	}

	/** The plan for humans: one line per object, one per changed key, then the counts. */
	static void render(Plan plan, Printer printer, boolean prune) {
		if (!printer.human()) {
			printer.structured(structured(plan));
			return;
		}
		if (plan.isEmpty()) {
			printer.note("no changes");
			return;
		}
		for (Plan.Change change : plan.changes()) {
			String sign = switch (change.action()) {
				case create -> "+";
				case update -> "~";
				case delete -> "-";
			};
			printer.note(sign + " " + change.kind() + " " + change.name() + " (" + change.action() + ")");
			for (Plan.KeyChange key : change.keys()) {
				if (key.before() == null) {
					printer.note("    + " + key.key() + ": " + key.after());
				}
				else if (key.after() == null) {
					printer.note("    - " + key.key() + ": " + key.before() + " (back to the default)");
				}
				else {
					printer.note("    ~ " + key.key() + ": " + key.before() + " -> " + key.after());
				}
			}
		}
		printer.note(summary(plan) + (prune ? "" : " (objects not in the file are kept; --prune deletes them)"));
	}

	static String summary(Plan plan) {
		return plan.count(Plan.Action.create) + " to create, " + plan.count(Plan.Action.update) + " to update, "
				+ plan.count(Plan.Action.delete) + " to delete";
	}

	static ObjectNode structured(Plan plan) {
		ObjectNode root = Api.JSON.createObjectNode();
		ArrayNode changes = root.putArray("changes");
		for (Plan.Change change : plan.changes()) {
			ObjectNode node = changes.addObject();
			node.put("kind", change.kind().name());
			node.put("name", change.name());
			node.put("action", change.action().name());
			ArrayNode keys = node.putArray("keys");
			for (Plan.KeyChange key : change.keys()) {
				ObjectNode k = keys.addObject();
				k.put("key", key.key());
				k.put("before", key.before());
				k.put("after", key.after());
			}
		}
		ObjectNode summary = root.putObject("summary");
		summary.put("create", plan.count(Plan.Action.create));
		summary.put("update", plan.count(Plan.Action.update));
		summary.put("delete", plan.count(Plan.Action.delete));
		return root;
	}

	/**
	 * Applies each change in order; stops at the first refusal (the changes before it
	 * stay).
	 */
	static void apply(Plan plan, Api api, References references, Printer printer) {
		for (Plan.Change change : plan.changes()) {
			switch (change.kind()) {
				case cluster -> applyCluster(change, api, references);
				case link -> applyLink(change, api);
				case mirror -> applyMirror(change, api);
			}
			String done = switch (change.action()) {
				case create -> "created";
				case update -> "updated";
				case delete -> "deleted";
			};
			printer.note(done + " " + change.kind() + " " + change.name());
		}
	}

	private static void applyCluster(Plan.Change change, Api api, References references) {
		String path = ClusterCommands.path(change.name());
		if (change.action() == Plan.Action.delete) {
			api.delete(path, Map.of());
			return;
		}
		DesiredState.Cluster cluster = (DesiredState.Cluster) change.desired();
		ObjectNode body = Api.JSON.createObjectNode();
		body.put("name", cluster.name());
		body.put("bootstrapServers", cluster.bootstrapServers());
		ObjectNode properties = body.putObject("properties");
		cluster.properties()
			.forEach((key, value) -> properties.put(key,
					references.resolve(value, "cluster " + cluster.name() + ", property " + key)));
		if (cluster.acceptInsecureSasl()) {
			body.put("acceptInsecureSasl", true);
		}
		if (change.action() == Plan.Action.create) {
			api.post("/clusters", Map.of(), body);
		}
		else {
			body.put("version", change.version());
			api.put(path, body);
		}
	}

	private static void applyLink(Plan.Change change, Api api) {
		String path = LinkCommands.path(change.name());
		switch (change.action()) {
			case delete -> api.delete(path, Map.of());
			case create -> {
				DesiredState.Link link = (DesiredState.Link) change.desired();
				ObjectNode body = Api.JSON.createObjectNode();
				body.put("name", link.name());
				body.put("sourceCluster", link.sourceCluster());
				body.put("destinationCluster", link.destinationCluster());
				body.set("configs", Api.JSON.valueToTree(link.configs()));
				api.post("/links", Map.of(), body);
			}
			case update -> api.put(path + "/configs", ((DesiredState.Link) change.desired()).configs());
		}
	}

	private static void applyMirror(Plan.Change change, Api api) {
		Plan.MirrorOf of = (Plan.MirrorOf) change.desired();
		if (change.action() == Plan.Action.delete) {
			api.delete(MirrorCommands.path(of.link(), of.mirror().name()),
					Map.of("direction", of.mirror().direction()));
			return;
		}
		ObjectNode body = Api.JSON.createObjectNode();
		body.put("sourceTopic", of.mirror().sourceTopic());
		if (of.mirror().name() != null) {
			body.put("mirrorTopic", of.mirror().name());
		}
		if (of.mirror().direction() != null) {
			body.put("direction", of.mirror().direction());
		}
		api.post(LinkCommands.path(of.link()) + "/mirrors", Map.of(), body);
	}

}
