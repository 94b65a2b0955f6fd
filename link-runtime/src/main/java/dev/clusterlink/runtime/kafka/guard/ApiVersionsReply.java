package dev.clusterlink.runtime.kafka.guard;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The strict shape check of an ApiVersions v0 response body (after its size): response
 * header v0 (correlation id), then error code, then an array of {@code (api_key,
 * min_version, max_version)} int16 triples. A broker answers error 0, or error 35
 * (UNSUPPORTED_VERSION) with the same v0 layout.
 */
final class ApiVersionsReply {

	private static final int MAX_APIS = 1000;

	private ApiVersionsReply() {
	}

	/**
	 * Whether a reply body is an ApiVersions v0 response to our request.
	 * @param body the bytes after the 4-byte size
	 * @param correlation the request's correlation id
	 * @return {@link ProbeVerdict#KAFKA} or {@link ProbeVerdict#NOT_KAFKA}
	 */
	static ProbeVerdict verdict(ByteBuffer body, int correlation) {
		try {
			int size = body.remaining();
			if (body.getInt() != correlation) {
				return ProbeVerdict.NOT_KAFKA;
			}
			short error = body.getShort();
			int count = body.getInt();
			if ((error != 0 && error != 35) || count < 1 || count > MAX_APIS || size != 4 + 2 + 4 + 6 * count) {
				return ProbeVerdict.NOT_KAFKA;
			}
			boolean listsApiVersions = false;
			for (int i = 0; i < count; i++) {
				short key = body.getShort();
				short min = body.getShort();
				short max = body.getShort();
				if (key < 0 || min < 0 || max < min) {
					return ProbeVerdict.NOT_KAFKA;
				}
				listsApiVersions |= (key == 18);
			}
			return listsApiVersions ? ProbeVerdict.KAFKA : ProbeVerdict.NOT_KAFKA;
		}
		catch (BufferUnderflowException ex) {
			return ProbeVerdict.NOT_KAFKA;
		}
	}

}
