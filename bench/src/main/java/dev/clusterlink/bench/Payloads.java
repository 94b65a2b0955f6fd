package dev.clusterlink.bench;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Record values of a fixed size: 1,024 different random (incompressible) values, reused,
 * so that producing is not slowed by generating; keys are the record's 8-byte sequence
 * number.
 */
final class Payloads {

	private final byte[][] values;

	private final int size;

	Payloads(int size) {
		this.size = size;
		Random random = new Random(size);
		this.values = new byte[1024][];
		for (int i = 0; i < this.values.length; i++) {
			this.values[i] = new byte[size];
			random.nextBytes(this.values[i]);
		}
	}

	byte[] value(long sequence) {
		return this.values[(int) (sequence & 1023)];
	}

	static byte[] key(long sequence) {
		return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
	}

	/** Bytes of one record's key and value. */
	long recordBytes() {
		return this.size + Long.BYTES;
	}

	int size() {
		return this.size;
	}

}
