package dev.clusterlink.mirrorworker;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys that decrypt cluster secrets (the same for every service of the suite).
 *
 * @param key the current key ({@code CLUSTERLINK_SECRET_KEY}); required outside the
 * {@code dev} profile
 * @param previous older keys that still decrypt ({@code CLUSTERLINK_SECRET_PREVIOUS})
 * @param allowDevKey fall back to the public development key (the {@code dev} profile)
 */
@ConfigurationProperties("clusterlink.secret")
public record SecretProperties(@Nullable String key, @DefaultValue List<String> previous,
		@DefaultValue("false") boolean allowDevKey) {

	@Override
	public String toString() {
		return "SecretProperties[key=" + ((this.key != null) ? "[hidden]" : "null") + ", previous="
				+ this.previous.size() + " key(s), allowDevKey=" + this.allowDevKey + "]";
	}

}
