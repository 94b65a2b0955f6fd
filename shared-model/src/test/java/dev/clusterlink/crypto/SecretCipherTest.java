package dev.clusterlink.crypto;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

	private static final String SECRET = "scram-password-4711";

	private final String oldKey = SecretCipher.generateKey();

	private final String newKey = SecretCipher.generateKey();

	@Test
	void roundTrip() {
		SecretCipher cipher = SecretCipher.of(this.oldKey, List.of());
		String token = cipher.encrypt(SECRET, "cluster/1/sasl.jaas.config");
		assertThat(token).startsWith("v1:" + cipher.currentKeyId() + ":").doesNotContain(SECRET);
		assertThat(cipher.decrypt(token, "cluster/1/sasl.jaas.config")).isEqualTo(SECRET);
		assertThat(cipher.encrypt(SECRET, "c")).as("random IV: same secret, different token")
			.isNotEqualTo(cipher.encrypt(SECRET, "c"));
	}

	@Test
	void aTokenOnlyDecryptsInItsOwnContext() {
		SecretCipher cipher = SecretCipher.of(this.oldKey, List.of());
		String token = cipher.encrypt(SECRET, "cluster/1/sasl.jaas.config");
		assertThatThrownBy(() -> cipher.decrypt(token, "cluster/2/sasl.jaas.config"))
			.isInstanceOf(SecretKeyException.class)
			.hasMessageNotContaining(SECRET);
		String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThatThrownBy(() -> cipher.decrypt(tampered, "cluster/1/sasl.jaas.config"))
			.isInstanceOf(SecretKeyException.class);
	}

	@Test
	void keyRotationKeepsOldTokensReadableUntilReEncrypted() {
		SecretCipher before = SecretCipher.of(this.oldKey, List.of());
		String oldToken = before.encrypt(SECRET, "ctx");

		SecretCipher rotated = SecretCipher.of(this.newKey, List.of(this.oldKey));
		assertThat(rotated.currentKeyId()).isNotEqualTo(before.currentKeyId());
		assertThat(rotated.decrypt(oldToken, "ctx")).isEqualTo(SECRET);
		assertThat(rotated.isCurrent(oldToken)).isFalse();

		String reEncrypted = rotated.encrypt(rotated.decrypt(oldToken, "ctx"), "ctx");
		assertThat(rotated.isCurrent(reEncrypted)).isTrue();

		SecretCipher oldKeyRemoved = SecretCipher.of(this.newKey, List.of());
		assertThat(oldKeyRemoved.decrypt(reEncrypted, "ctx")).isEqualTo(SECRET);
		assertThatThrownBy(() -> oldKeyRemoved.decrypt(oldToken, "ctx")).isInstanceOf(SecretKeyException.class)
			.hasMessageContaining(before.currentKeyId())
			.hasMessageContaining("CLUSTERLINK_SECRET_PREVIOUS");
	}

	@Test
	void badKeysAreExplainedWithoutRepeatingThem() {
		assertThatThrownBy(() -> SecretCipher.of("not base64 !!", List.of())).isInstanceOf(SecretKeyException.class)
			.hasMessageContaining("openssl rand -base64 32")
			.hasMessageNotContaining("not base64 !!");
		assertThatThrownBy(() -> SecretCipher.of("c2hvcnQ=", List.of())).hasMessageContaining("32 bytes");
	}

}
