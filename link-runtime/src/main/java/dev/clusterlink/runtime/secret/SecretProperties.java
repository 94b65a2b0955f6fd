package dev.clusterlink.runtime.secret;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys that decrypt the cluster secrets the link manager stored (AES-256-GCM); the same
 * values as the link manager's.
 *
 * @param key the current key, base64 of 32 bytes ({@code CLUSTERLINK_SECRET_KEY});
 * required outside the {@code dev} profile
 * @param previous older keys that still decrypt after a rotation
 * ({@code CLUSTERLINK_SECRET_PREVIOUS}, comma-separated)
 * @param allowDevKey fall back to the fixed, public development key when {@code key} is
 * missing (set by the {@code dev} profile only)
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
