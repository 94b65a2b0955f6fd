package dev.clusterlink.faults.traffic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * What an {@link AckedLoad} record says about itself: its run, partition and sequence
 * number, in a value that also carries a checksum and padding.
 * <p>
 * Value layout (big-endian): CRC32 of everything after it (4 bytes), run id length (2)
 * and UTF-8 bytes, partition (4), seq (8), then padding up to the requested size. The
 * padding is a function of the seed, partition and seq only, so a value can be rebuilt
 * from its key and the run's settings.
 *
 * @param runId the run that wrote the record
 * @param partition the partition it was written to
 * @param seq its number within the partition and run, from 0
 */
public record Payload(String runId, int partition, long seq) {

	private static final int CRC_BYTES = 4;

	/** The record key: {@code p<partition>-<seq>}. */
	public static String key(int partition, long seq) {
		return "p" + partition + "-" + seq;
	}

	/** The value: at least the fields, padded to {@code size} bytes. */
	public byte[] encode(int size, long seed) {
		byte[] run = this.runId.getBytes(StandardCharsets.UTF_8);
		int fields = CRC_BYTES + 2 + run.length + 4 + 8;
		ByteBuffer value = ByteBuffer.allocate(Math.max(size, fields));
		value.position(CRC_BYTES);
		value.putShort((short) run.length).put(run).putInt(this.partition).putLong(this.seq);
		byte[] padding = new byte[value.remaining()];
		new SplittableRandom(seed ^ (31L * this.partition + 1) * 0x9E3779B97F4A7C15L ^ this.seq).nextBytes(padding);
		value.put(padding);
		value.putInt(0, crc(value.array()));
		return value.array();
	}

	/** Reads a value written by {@link #encode}; fails if its checksum does not match. */
	public static Payload decode(byte[] value) {
		if (value == null || value.length < CRC_BYTES + 2 || crc(value) != ByteBuffer.wrap(value).getInt()) {
			throw new IllegalArgumentException("not an intact AckedLoad value");
		}
		ByteBuffer buffer = ByteBuffer.wrap(value, CRC_BYTES, value.length - CRC_BYTES);
		byte[] run = new byte[buffer.getShort()];
		buffer.get(run);
		return new Payload(new String(run, StandardCharsets.UTF_8), buffer.getInt(), buffer.getLong());
	}

	private static int crc(byte[] value) {
		CRC32 crc = new CRC32();
		crc.update(value, CRC_BYTES, value.length - CRC_BYTES);
		return (int) crc.getValue();
	}

}
