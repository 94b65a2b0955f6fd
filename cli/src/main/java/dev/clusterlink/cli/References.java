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
	 * Whether a property holds a credential: passwords, keys, JAAS configs, secrets and
	 * tokens (the link manager answers these as {@code [hidden]}).
	 */
	static boolean isSecret(String key) {
		String k = key.toLowerCase(Locale.ROOT);
		return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
				|| k.endsWith(".key") || k.contains(".key.") || k.endsWith("credentials") || k.contains("private");
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
