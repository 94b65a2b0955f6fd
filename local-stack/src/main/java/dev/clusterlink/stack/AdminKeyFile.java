package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.clusterlink.security.ApiKeyFormat;

/**
 * The stack's admin API key: {@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY} when set, otherwise
 * generated once and kept in the stack's directory ({@code admin.key}, owner-only). The
 * link manager gets it in its environment and stores it as its first admin key; the
 * stack's own calls ({@code demo}) send it.
 */
final class AdminKeyFile {

	static final String FILE = "admin.key";

	private AdminKeyFile() {
	}

	/** How a shell command reads the key, e.g. for a curl hint. */
	static String shellReference(Path workDir) {
		String fromEnvironment = System.getenv(ApiKeyFormat.BOOTSTRAP_VARIABLE);
		return (fromEnvironment != null && !fromEnvironment.isBlank()) ? "$" + ApiKeyFormat.BOOTSTRAP_VARIABLE
				: "$(cat " + workDir.resolve(FILE) + ")";
	}

	/** The key if there is one (never creates it), for {@code status}. */
	static java.util.Optional<String> existing(Path workDir) {
		String fromEnvironment = System.getenv(ApiKeyFormat.BOOTSTRAP_VARIABLE);
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return java.util.Optional.of(fromEnvironment.trim());
		}
		try {
			Path file = workDir.resolve(FILE);
			return Files.exists(file) ? java.util.Optional.of(Files.readString(file).trim())
					: java.util.Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String load(Path workDir) {
		String fromEnvironment = System.getenv(ApiKeyFormat.BOOTSTRAP_VARIABLE);
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return ApiKeyFormat.parse(fromEnvironment)
				.orElseThrow(() -> new StackException(
						ApiKeyFormat.BOOTSTRAP_VARIABLE + " is not an API key (clk_<12 of a-z0-9>_<43 of base64url>)"))
				.value();
		}
		Path file = workDir.resolve(FILE);
		try {
			if (Files.exists(file)) {
				return Files.readString(file).trim();
			}
			Files.createDirectories(workDir);
			String key = ApiKeyFormat.generate().value();
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, key + "\n");
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
