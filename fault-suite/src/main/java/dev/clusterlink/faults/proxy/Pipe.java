package dev.clusterlink.faults.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of a proxied connection: a reader thread takes chunks off one socket and
 * a writer thread delivers them to the other, with the current faults applied.
 * <p>
 * Invariants: bytes are delivered in the order read, none is dropped or duplicated, and
 * the end of the stream is passed on (as a half close) only after every byte before it.
 * Latency is counted from the moment a chunk was read, so chunks are delayed while in
 * flight together rather than one after the other. At most {@value #QUEUED_CHUNKS} chunks
 * of at most {@value #CHUNK_BYTES} bytes wait per direction; beyond that the reader stops
 * reading and TCP flow control stalls the sender (so a latency {@code L} caps a direction
 * at about 1 MiB per {@code L}). Any I/O error aborts the whole connection.
 */
final class Pipe {

	static final int CHUNK_BYTES = 64 * 1024;

	static final int QUEUED_CHUNKS = 16;

	/** Slices of a paced chunk carry at most this fraction of a second of the limit. */
	private static final int SLICES_PER_SECOND = 20;

	private static final Chunk END = new Chunk(new byte[0], 0);

	private final Socket from;

	private final Socket to;

	private final Faults faults;

	private final AtomicLong forwarded;

	private final ProxiedConnection connection;

	private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);

	/** When the next paced slice may be written; used by the writer thread only. */
	private long nextSliceAt;

	Pipe(Socket from, Socket to, Faults faults, AtomicLong forwarded, ProxiedConnection connection) {
		this.from = from;
		this.to = to;
		this.faults = faults;
		this.forwarded = forwarded;
		this.connection = connection;
	}

	/** The reader thread's loop: until the end of the stream or an error. */
	void read() {
		try {
			InputStream in = this.from.getInputStream();
			byte[] buffer = new byte[CHUNK_BYTES];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				this.chunks.put(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime()));
			}
			this.chunks.put(END);
		}
		catch (IOException | InterruptedException ex) {
			this.connection.abort();
		}
	}

	/**
	 * The writer thread's loop: until the end of the stream is passed on, or an error.
	 */
	void write() {
		try {
			OutputStream out = this.to.getOutputStream();
			while (true) {
				Chunk chunk = this.chunks.take();
				this.faults.awaitFlowing();
				if (chunk == END) {
					this.to.shutdownOutput();
					this.connection.directionEnded();
					return;
				}
				sleepUntil(chunk.readAt() + this.faults.latencyNanos());
				send(out, chunk.bytes());
			}
		}
		catch (IOException | InterruptedException ex) {
			this.connection.abort();
		}
	}

	private void send(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
		int offset = 0;
		while (offset < bytes.length) {
			long limit = this.faults.bytesPerSecond();
			int slice = bytes.length - offset;
			if (limit > 0) {
				slice = (int) Math.min(slice, Math.max(1, limit / SLICES_PER_SECOND));
				long startAt = Math.max(this.nextSliceAt, System.nanoTime());
				sleepUntil(startAt);
				this.nextSliceAt = startAt + slice * TimeUnit.SECONDS.toNanos(1) / limit;
			}
			out.write(bytes, offset, slice);
			out.flush();
			this.forwarded.addAndGet(slice);
			offset += slice;
		}
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	/** Bytes read at one moment (monotonic nanoseconds). */
	private record Chunk(byte[] bytes, long readAt) {

	}

}
