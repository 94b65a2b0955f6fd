package dev.clusterlink.faults.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A value says which run, partition and seq wrote it, and notices corruption. */
class PayloadTest {

	@Test
	void roundTripsAndPadsToTheRequestedSize() {
		Payload payload = new Payload("run-1", 3, 1234567890123L);
		byte[] value = payload.encode(500, 42);
		assertThat(value).hasSize(500);
		assertThat(Payload.decode(value)).isEqualTo(payload);
	}

	@Test
	void neverShorterThanItsFields() {
		Payload payload = new Payload("run-1", 0, 7);
		byte[] value = payload.encode(0, 42);
		assertThat(value).hasSize(4 + 2 + 5 + 4 + 8);
		assertThat(Payload.decode(value)).isEqualTo(payload);
	}

	@Test
	void paddingDependsOnSeedPartitionAndSeqOnly() {
		assertThat(new Payload("run", 1, 2).encode(300, 9)).isEqualTo(new Payload("run", 1, 2).encode(300, 9));
		assertThat(new Payload("run", 1, 2).encode(300, 9)).isNotEqualTo(new Payload("run", 1, 3).encode(300, 9));
		assertThat(new Payload("run", 1, 2).encode(300, 9)).isNotEqualTo(new Payload("run", 1, 2).encode(300, 10));
	}

	@Test
	void aFlippedBitIsNoticed() {
		byte[] value = new Payload("run", 1, 2).encode(300, 9);
		value[200] ^= 1;
		assertThatIllegalArgumentException().isThrownBy(() -> Payload.decode(value));
		assertThatIllegalArgumentException().isThrownBy(() -> Payload.decode(new byte[] { 1, 2 }));
	}

	@Test
	void keysNamePartitionAndSeq() {
		assertThat(Payload.key(4, 17)).isEqualTo("p4-17");
	}

}
