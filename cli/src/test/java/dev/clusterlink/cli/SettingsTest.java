package dev.clusterlink.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

	@TempDir
	Path home;

	@Test
	void flagsWinOverEnvironmentWhichWinsOverTheConfigFile() throws Exception {
		writeConfig("url: http://file:1\napiKey: clk_file\n");
		Map<String, String> env = Map.of("CLUSTERLINK_URL", "http://env:2", "CLUSTERLINK_API_KEY", "clk_env");

		assertThat(Settings.resolve("http://flag:3", "clk_flag", null, env, this.home))
			.isEqualTo(new Settings("http://flag:3", "clk_flag"));
		assertThat(Settings.resolve(null, null, null, env, this.home))
			.isEqualTo(new Settings("http://env:2", "clk_env"));
		assertThat(Settings.resolve(null, null, null, Map.of(), this.home))
			.isEqualTo(new Settings("http://file:1", "clk_file"));
	}

	@Test
	void eachValueIsResolvedOnItsOwn() throws Exception {
		writeConfig("url: http://file:1\napi-key: clk_file\n");

		Settings settings = Settings.resolve("http://flag:3", null, null, Map.of("CLUSTERLINK_URL", "http://env:2"),
				this.home);

		assertThat(settings).isEqualTo(new Settings("http://flag:3", "clk_file"));
	}

	@Test
	void withoutAnythingTheLocalLinkManagerAndNoKey() {
		assertThat(Settings.resolve(null, null, null, Map.of(), this.home))
			.isEqualTo(new Settings("http://localhost:8080", null));
	}

	@Test
	void anExplicitConfigFileReplacesTheDefaultOneAndMustExist() throws Exception {
		writeConfig("url: http://default:1\n");
		Path other = this.home.resolve("other.yaml");
		Files.writeString(other, "url: http://other:9/api/v1/\n");

		assertThat(Settings.resolve(null, null, other, Map.of(), this.home).url()).isEqualTo("http://other:9");
		assertThatThrownBy(() -> Settings.resolve(null, null, this.home.resolve("missing.yaml"), Map.of(), this.home))
			.isInstanceOf(CliException.class)
			.hasMessageContaining("does not exist");
	}

	@Test
	void neverShowsTheKey() {
		assertThat(new Settings("http://x", "clk_secret").toString()).doesNotContain("clk_secret");
	}

	private void writeConfig(String yaml) throws Exception {
		Files.createDirectories(this.home.resolve(".clusterlink"));
		Files.writeString(this.home.resolve(".clusterlink/config.yaml"), yaml);
	}

}
