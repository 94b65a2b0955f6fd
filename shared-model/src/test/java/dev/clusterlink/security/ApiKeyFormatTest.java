package dev.clusterlink.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeyFormatTest {

	@Test
	void generatedKeysParseBackAndDiffer() {
		ApiKeyFormat key = ApiKeyFormat.generate();
		assertThat(key.value()).matches("clk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
		assertThat(ApiKeyFormat.parse(key.value())).contains(key);
		assertThat(ApiKeyFormat.generate()).isNotEqualTo(key);
	}

	@Test
	void toStringNeverShowsTheSecret() {
		ApiKeyFormat key = ApiKeyFormat.generate();
		assertThat(key.toString()).doesNotContain(key.secret()).startsWith("clk_" + key.keyId());
	}

	@Test
	void malformedKeysDoNotParse() {
		assertThat(ApiKeyFormat.parse(null)).isEmpty();
		assertThat(ApiKeyFormat.parse("")).isEmpty();
		assertThat(ApiKeyFormat.parse("clk_short_x")).isEmpty();
		assertThat(ApiKeyFormat.parse("clk_ABCDEFGHIJKL_" + "a".repeat(43))).isEmpty();
		assertThat(ApiKeyFormat.parse("xyz_abcdefghijkl_" + "a".repeat(43))).isEmpty();
		assertThat(ApiKeyFormat.parse("clk_abcdefghijkl_" + "a".repeat(43))).isPresent();
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeyFormat("abc", "secret"))
			.withMessageNotContaining("secret");
	}

}
