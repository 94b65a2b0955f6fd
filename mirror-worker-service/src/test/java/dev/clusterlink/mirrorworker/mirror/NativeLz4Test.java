package dev.clusterlink.mirrorworker.mirror;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class NativeLz4Test {

	@Test
	void theKafkaClientsGetTheNativeCodecOnceTheLibraryIsLoaded() {
		String arch = System.getProperty("os.arch");
		assumeThat(System.getProperty("os.name")).startsWith("Linux");
		assumeThat(arch).isIn("amd64", "aarch64");
		assertThat(NativeLz4.load()).isTrue();
		// what Lz4BlockOutputStream and KafkaLZ4BlockInputStream ask for
		assertThat(LZ4Factory.fastestInstance()).isSameAs(LZ4Factory.nativeInstance());
	}

}
