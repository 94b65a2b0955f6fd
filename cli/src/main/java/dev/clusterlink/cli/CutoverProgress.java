package dev.clusterlink.cli;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the synchronous cutover call while drawing the lag of the link's stopping mirrors,
 * once a second.
 */
final class CutoverProgress {

	private CutoverProgress() {
	}

	static JsonNode run(LinkCommands.Cutover command, ObjectNode body) {
		String path = LinkCommands.path(command.link);
		CompletableFuture<JsonNode> call = CompletableFuture
			.supplyAsync(() -> command.api().post(path + ":cutover", Map.of(), body));
		Waiter.ProgressLine line = new Waiter.ProgressLine(command.err(), command.root().console);
		try {
			while (true) {
				try {
					JsonNode report = call.get(1, TimeUnit.SECONDS);
					line.done();
					return report;
				}
				catch (TimeoutException ex) {
					line.update(describe(command.api().getAll(path + "/mirrors", Map.of())));
				}
			}
		}
		catch (ExecutionException ex) {
			line.done();
			if (ex.getCause() instanceof CliException cli) {
				throw cli;
			}
			throw new CliException(ExitCodes.API_ERROR, "cutover: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.TIMEOUT,
					"interrupted while the cutover runs (it continues on the server)");
		}
	}

	private static String describe(JsonNode mirrors) {
		int stopping = 0;
		int stopped = 0;
		long lag = 0;
		for (JsonNode mirror : mirrors) {
			String state = mirror.path("state").asString();
			stopping += state.equals("PENDING_STOPPED") ? 1 : 0;
			stopped += state.equals("STOPPED") ? 1 : 0;
			if (state.equals("PENDING_STOPPED")) {
				lag += Waiter.Sample.of(mirror, 0).lag() != null ? Waiter.Sample.of(mirror, 0).lag() : 0;
			}
		}
		return String.format(java.util.Locale.ROOT, "cutover: %d stopping (lag %,d), %d stopped", stopping, lag,
				stopped);
	}

}
