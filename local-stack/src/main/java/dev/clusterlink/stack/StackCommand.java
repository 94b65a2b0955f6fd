package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import java.net.InetSocketAddress;

import dev.clusterlink.localdb.DatabaseDefaults;
import dev.clusterlink.stack.StackSettings.Database;

/**
 * The command line of the local stack ({@code ./local-stack/stack <command>}).
 */
public final class StackCommand {

	private static final String USAGE = """
			usage: ./local-stack/stack <command>
			  up [--workers N]   start two Kafka brokers and the four services (N mirror workers, default 1)
			  demo               register the clusters, link and mirror a topic, show both sides with offsets
			  status             the stack's processes and whether each service is ready
			  down [--purge]     stop exactly the processes up started; --purge also deletes the brokers'
			                     data and logs, and the database if up created it
			environment: CLUSTERLINK_DB_URL (unset: jdbc:postgresql://127.0.0.1:5432/clusterlink when a
			  server listens at 127.0.0.1:5432 (CLUSTERLINK_DB_PROBE moves that address), else an embedded
			  PostgreSQL that up starts on port 15432 with its data in .local-stack/postgres and down stops),
			  CLUSTERLINK_DB_USER (postgres), CLUSTERLINK_DB_PASSWORD (postgres), CLUSTERLINK_SECRET_KEY (else
			  generated once into .local-stack/secret.key), CLUSTERLINK_BOOTSTRAP_ADMIN_KEY (the admin API key,
			  else generated once into .local-stack/admin.key)
			""";

	private StackCommand() {
	}

	public static void main(String[] args) {
		Deque<String> arguments = new ArrayDeque<>(List.of(args));
		Path root = Path.of(".").toAbsolutePath().normalize();
		if ("--root".equals(arguments.peekFirst())) {
			arguments.removeFirst();
			root = Path.of(arguments.removeFirst()).toAbsolutePath().normalize();
		}
		String command = arguments.isEmpty() ? "help" : arguments.removeFirst();
		try {
			int exit = switch (command) {
				case "up" -> up(root, arguments);
				case "down" -> down(root, arguments);
				case "status" -> status(root);
				case "demo" -> Demo.run(LocalStack.saved(root.resolve(".local-stack")), System.out);
				default -> {
					System.out.print(USAGE);
					yield "help".equals(command) ? 0 : 2;
				}
			};
			System.exit(exit);
		}
		catch (StackException ex) {
			System.err.println("error: " + ex.getMessage());
			System.exit(1);
		}
	}

	private static int up(Path root, Deque<String> arguments) {
		int workers = 1;
		if ("--workers".equals(arguments.peekFirst())) {
			arguments.removeFirst();
			workers = Integer.parseInt(arguments.removeFirst());
		}
		Map<String, String> environment = System.getenv();
		String configured = environment.get(DatabaseDefaults.URL_VARIABLE);
		InetSocketAddress probe = DatabaseDefaults.probeAddress(environment);
		boolean embedded = (configured == null || configured.isBlank()) && !DatabaseDefaults.reachable(probe);
		StackSettings settings = StackSettings.defaults(root, database(environment, probe, embedded), workers);
		LocalStack stack = LocalStack.of(settings, true);
		if (embedded) {
			stack.withEmbeddedDatabase();
			System.out.println("no PostgreSQL configured (" + DatabaseDefaults.URL_VARIABLE + ") or listening at "
					+ probe.getHostString() + ":" + probe.getPort() + ": starting an embedded one on port "
					+ DatabaseDefaults.STACK_EMBEDDED_PORT + " (data in " + stack.embeddedDataDirectory() + ")");
		}
		System.out.println("starting the local stack (" + workers + " mirror worker" + ((workers == 1) ? "" : "s")
				+ "), logs in " + settings.workDir().resolve("logs"));
		long started = System.nanoTime();
		stack.up();
		System.out.printf("the local stack is up in %d s:%n", (System.nanoTime() - started) / 1_000_000_000L);
		System.out.print(stack.describe());
		System.out.println("next: ./local-stack/stack demo    (stop with ./local-stack/stack down)");
		return 0;
	}

	private static int down(Path root, Deque<String> arguments) {
		Path workDir = root.resolve(".local-stack");
		boolean purge = "--purge".equals(arguments.peekFirst());
		if (!Files.exists(workDir.resolve("stack.properties"))) {
			System.out.println("no local stack here");
			return 0;
		}
		LocalStack stack = LocalStack.saved(workDir);
		List<String> killed = stack.down();
		if (!killed.isEmpty()) {
			System.out.println("killed after the grace period: " + killed);
		}
		Map<String, Integer> open = stack.listening();
		if (!open.isEmpty()) {
			System.out.println("still listening (not started by this stack?): " + open);
		}
		System.out.println("the local stack is down");
		if (purge) {
			String database = StateStoreDatabase.databaseName(stack.settings().database().url());
			if (stack.embeddedDatabase()) {
				System.out.println("deleting the embedded PostgreSQL's data (database " + database + ")");
			}
			else if (stack.createdDatabase()) {
				StateStoreDatabase.drop(stack.settings().database());
				System.out.println("dropped database " + database);
			}
			else {
				System.out.println("kept database " + database + " (it existed before the stack): it still "
						+ "describes the deleted topics; drop it by hand for a fresh start");
			}
			deleteTree(workDir);
			System.out.println("deleted " + workDir);
		}
		return open.isEmpty() ? 0 : 1;
	}

	private static int status(Path root) {
		LocalStack stack = LocalStack.saved(root.resolve(".local-stack"));
		Map<String, StackProcess> processes = stack.processes();
		if (processes.isEmpty()) {
			System.out.println("the local stack is not running");
			return 0;
		}
		boolean allAlive = true;
		for (StackProcess process : processes.values()) {
			boolean alive = process.isAlive();
			allAlive &= alive;
			System.out.printf("  %-20s pid %-8d %s%n", process.name(), process.pid(), alive ? "running" : "stopped");
		}
		System.out.print(stack.describe());
		return allAlive ? 0 : 1;
	}

	private static Database database(Map<String, String> environment, InetSocketAddress probe, boolean embedded) {
		if (embedded) {
			return new Database(
					DatabaseDefaults.url(InetSocketAddress.createUnresolved(DatabaseDefaults.HOST,
							DatabaseDefaults.STACK_EMBEDDED_PORT), DatabaseDefaults.STACK_DATABASE),
					DatabaseDefaults.USER, LocalStack.dbPassword());
		}
		String url = DatabaseDefaults.get(environment, DatabaseDefaults.URL_VARIABLE,
				DatabaseDefaults.url(probe, DatabaseDefaults.STACK_DATABASE));
		String user = DatabaseDefaults.get(environment, DatabaseDefaults.USER_VARIABLE, DatabaseDefaults.USER);
		return new Database(url, user, LocalStack.dbPassword());
	}

	private static void deleteTree(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
