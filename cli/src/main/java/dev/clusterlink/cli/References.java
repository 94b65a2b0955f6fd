package dev.clusterlink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Resolves credential references in cluster properties: {@code ${env:NAME}} reads an
 * environment variable, {@code ${file:/path}} a file (its trailing newline dropped).
 * Secret-looking properties must be given by reference only, so that files holding links
 * can be committed.
 */
final class References {

	private static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("sasl.jaas.config",
			"ssl.keystore.password", "ssl.key.password", "ssl.truststore.password", "ssl.keystore.key",
			"sasl.oauthbearer.client.credentials.client.secret", "sasl.oauthbearer.assertion.private.key.passphrase");

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

	private final Function<String, @Nullable String> env;

	private final Function<Path, String> files;

	References(Function<String, @Nullable String> env, Function<Path, String> files) {
		this.env = env;
		this.files = files;
	}

	static References system(java.util.Map<String, String> env) {
		return new References(env::get, References::read);
	}

	/**
	 * Whether a property holds a credential: the link manager's own rule
	 * ({@code ClientPropertyPolicy.isSecret} in shared-model, which the CLI does not
	 * ship; {@code ReferencesTest} keeps the two equal), so that what the CLI refuses
	 * inline is exactly what the link manager answers as {@code [hidden]}.
	 */
	static boolean isSecret(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return SECRET_KEYS.contains(key) || lower.contains("password") || lower.contains("secret")
				|| lower.endsWith(".key");
	}

	static boolean hasReference(String value) {
		return REFERENCE.matcher(value).find();
	}

	/**
	 * The value with every reference replaced.
	 * @param where what the value belongs to, for messages, e.g.
	 * {@code cluster eu, property sasl.jaas.config}
	 */
	String resolve(String value, String where) {
		Matcher matcher = REFERENCE.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(2).strip();
			String replacement;
			if (matcher.group(1).equals("env")) {
				replacement = this.env.apply(name);
				if (replacement == null) {
					throw new CliException(ExitCodes.CONFIG, where + ": environment variable " + name + " is not set");
				}
			}
			else {
				replacement = this.files.apply(Path.of(name));
			}
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	/**
	 * Refuses an inline value in a secret-looking property, naming the property and never
	 * the value.
	 */
	static void requireReference(String key, String value, String where) {
		if (isSecret(key) && !hasReference(value) && !value.equals("[hidden]")) {
			throw new CliException(ExitCodes.CONFIG, where + ": property " + key
					+ " holds a credential inline; give it as ${env:NAME} or ${file:/path}");
		}
	}

	private static String read(Path path) {
		try {
			String text = Files.readString(path);
			return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.CONFIG,
					"cannot read " + path + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

}
