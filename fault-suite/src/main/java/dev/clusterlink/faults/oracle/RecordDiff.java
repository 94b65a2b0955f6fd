package dev.clusterlink.faults.oracle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * How a destination record differs from the source record at the same offset: the first
 * of key, value, headers (keys, values, order) and timestamp (with its type) that
 * differs.
 */
final class RecordDiff {

	private static final int SHOWN_BYTES = 32;

	private RecordDiff() {
	}

	/** The mismatch, or {@code null} when both records are the same. */
	static Mismatch between(ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> destination) {
		Mismatch.Kind kind;
		String description;
		if (!Arrays.equals(source.key(), destination.key())) {
			kind = Mismatch.Kind.KEY;
			description = "source key " + show(source.key()) + ", destination key " + show(destination.key());
		}
		else if (!Arrays.equals(source.value(), destination.value())) {
			kind = Mismatch.Kind.VALUE;
			description = "values differ " + whereBytesDiffer(source.value(), destination.value()) + " (key "
					+ show(source.key()) + ")";
		}
		else if (!sameHeaders(source.headers().toArray(), destination.headers().toArray())) {
			kind = Mismatch.Kind.HEADERS;
			description = "source headers " + show(source.headers().toArray()) + ", destination headers "
					+ show(destination.headers().toArray());
		}
		else if (source.timestamp() != destination.timestamp()
				|| source.timestampType() != destination.timestampType()) {
			kind = Mismatch.Kind.TIMESTAMP;
			description = "source " + source.timestampType() + " " + source.timestamp() + ", destination "
					+ destination.timestampType() + " " + destination.timestamp();
		}
		else {
			return null;
		}
		return new Mismatch(destination.topic(), destination.partition(), destination.offset(), kind, description);
	}

	/** A key or value for a message: UTF-8 text when printable, else hex; shortened. */
	static String show(byte[] bytes) {
		if (bytes == null) {
			return "null";
		}
		byte[] shown = Arrays.copyOf(bytes, Math.min(bytes.length, SHOWN_BYTES));
		String more = (bytes.length > SHOWN_BYTES) ? "…(" + bytes.length + " bytes)" : "";
		String text = new String(shown, StandardCharsets.UTF_8);
		if (text.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			return "\"" + text + "\"" + more;
		}
		return "0x" + HexFormat.of().formatHex(shown) + more;
	}

	private static String whereBytesDiffer(byte[] source, byte[] destination) {
		if (source == null || destination == null) {
			return "(source " + show(source) + ", destination " + show(destination) + ")";
		}
		int at = Arrays.mismatch(source, destination);
		return "from byte " + at + " (" + source.length + " and " + destination.length + " bytes)";
	}

	private static boolean sameHeaders(Header[] source, Header[] destination) {
		if (source.length != destination.length) {
			return false;
		}
		for (int i = 0; i < source.length; i++) {
			if (!source[i].key().equals(destination[i].key())
					|| !Arrays.equals(source[i].value(), destination[i].value())) {
				return false;
			}
		}
		return true;
	}

	private static String show(Header[] headers) {
		StringBuilder text = new StringBuilder("[");
		for (Header header : headers) {
			text.append((text.length() > 1) ? ", " : "").append(header.key()).append('=').append(show(header.value()));
		}
		return text.append(']').toString();
	}

}
