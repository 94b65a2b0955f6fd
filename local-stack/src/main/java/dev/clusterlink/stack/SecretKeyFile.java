package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The stack's {@code CLUSTERLINK_SECRET_KEY}: taken from the environment when set,
 * otherwise generated once and kept in the stack's directory (owner-only), so that stored
 * cluster credentials stay readable across restarts. It is passed to the services in
 * their environment, never on a command line (visible to every user in {@code ps}).
 */
final class SecretKeyFile {

	private SecretKeyFile() {
	}

	static String load(Path workDir) {
		String fromEnvironment = System.getenv("CLUSTERLINK_SECRET_KEY");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment.trim();
		}
		Path file = workDir.resolve("secret.key");
		try {
			if (Files.exists(file)) {
				return Files.readString(file).trim();
			}
			Files.createDirectories(workDir);
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			String encoded = Base64.getEncoder().encodeToString(key);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, encoded + "\n");
			return encoded;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
