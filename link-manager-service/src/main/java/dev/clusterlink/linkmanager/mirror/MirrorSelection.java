package dev.clusterlink.linkmanager.mirror;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import dev.clusterlink.linkmanager.web.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Which mirrors of a link a batch action or a cutover applies to: exactly one of a list
 * of names, a glob pattern ({@code *} any characters, {@code ?} one character, everything
 * else literal) or every mirror of the link.
 *
 * @param mirrors mirror topic names, in the order they are handled (duplicates count
 * once)
 * @param pattern a glob over mirror topic names, e.g. {@code orders-*}
 * @param all every mirror of the link
 */
public record MirrorSelection(@Nullable List<String> mirrors, @Nullable String pattern, @Nullable Boolean all) {

	/** The most mirrors one call may select. */
	public static final int MAX_MIRRORS = 1000;

	/**
	 * The names this selection picks among a link's mirrors. Names listed explicitly are
	 * kept even when the link has no such mirror (each then gets its own
	 * {@code mirror-not-found}); a pattern or {@code all} picks existing mirrors only, by
	 * name.
	 * @param existing the names of the link's mirrors, sorted
	 * @return the selected names
	 * @throws ApiException {@code validation-failed} naming the field when not exactly
	 * one selector is given, a list is empty or a selection exceeds {@link #MAX_MIRRORS}
	 */
	public List<String> resolve(List<String> existing) {
		List<String> given = new ArrayList<>();
		if (this.mirrors != null) {
			given.add("mirrors");
		}
		if (this.pattern != null) {
			given.add("pattern");
		}
		if (Boolean.TRUE.equals(this.all)) {
			given.add("all");
		}
		if (given.isEmpty()) {
			throw ApiException.invalidField("mirrors",
					"select mirrors with exactly one of mirrors (names), pattern (a glob) or all=true");
		}
		if (given.size() > 1) {
			throw ApiException.invalidField(given.get(1),
					"give exactly one of mirrors, pattern or all; got " + String.join(" and ", given));
		}
		if (this.mirrors != null) {
			return listed(this.mirrors);
		}
		List<String> selected = (this.pattern != null) ? matching(this.pattern, existing) : existing;
		if (selected.size() > MAX_MIRRORS) {
			throw ApiException.invalidField(given.get(0), "selects " + selected.size() + " mirrors; at most "
					+ MAX_MIRRORS + " per call (narrow the pattern or list the names)");
		}
		return selected;
	}

	/** What the selection was, for the audit log. */
	public java.util.Map<String, Object> describe() {
		if (this.mirrors != null) {
			return java.util.Map.of("mirrors", this.mirrors);
		}
		if (this.pattern != null) {
			return java.util.Map.of("pattern", this.pattern);
		}
		return java.util.Map.of("all", true);
	}

	private static List<String> listed(List<String> names) {
		if (names.isEmpty()) {
			throw ApiException.invalidField("mirrors", "must name at least one mirror");
		}
		if (names.size() > MAX_MIRRORS) {
			throw ApiException.invalidField("mirrors",
					"names " + names.size() + " mirrors; at most " + MAX_MIRRORS + " per call");
		}
		for (int i = 0; i < names.size(); i++) {
			if (names.get(i) == null || names.get(i).isBlank()) {
				throw ApiException.invalidField("mirrors[" + i + "]", "must be a mirror topic name");
			}
		}
		return List.copyOf(new LinkedHashSet<>(names));
	}

	private static List<String> matching(String glob, List<String> existing) {
		if (glob.isBlank()) {
			throw ApiException.invalidField("pattern", "must not be blank");
		}
		Pattern regex = glob(glob);
		return existing.stream().filter((name) -> regex.matcher(name).matches()).toList();
	}

	/** A glob as a regular expression: {@code *} and {@code ?} are the only wildcards. */
	static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		StringBuilder literal = new StringBuilder();
		for (char c : glob.toCharArray()) {
			if (c == '*' || c == '?') {
				if (!literal.isEmpty()) {
					regex.append(Pattern.quote(literal.toString()));
					literal.setLength(0);
				}
				regex.append((c == '*') ? ".*" : ".");
			}
			else {
				literal.append(c);
			}
		}
		if (!literal.isEmpty()) {
			regex.append(Pattern.quote(literal.toString()));
		}
		return Pattern.compile(regex.toString(), Pattern.DOTALL);
	}

}
