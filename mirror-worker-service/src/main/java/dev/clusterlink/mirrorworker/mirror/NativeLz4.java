package dev.clusterlink.mirrorworker.mirror;

import java.lang.reflect.InvocationTargetException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Loads lz4-java's JNI library at startup, so that the Kafka clients compress and
 * decompress LZ4 batches with it. {@code LZ4Factory.fastestInstance()}, which the Kafka
 * clients call, only tries the JNI library itself when lz4-java sits on the system class
 * loader: inside a Spring Boot jar it falls back to the pure-Java codec, which took about
 * a third of the copy thread in the benchmark. Once the library is loaded, the same call
 * picks it. Where the library cannot load (another OS or architecture, a read-only
 * temporary directory), the Java codec stays: same bytes, more CPU.
 */
@Component
public class NativeLz4 {

	private static final Logger log = LoggerFactory.getLogger(NativeLz4.class);

	NativeLz4() {
		load();
	}

	static boolean load() {
		try {
			// by reflection: lz4-java is a runtime dependency of kafka-clients
			Class<?> nativeLibrary = Class.forName("net.jpountz.util.Native");
			nativeLibrary.getMethod("load").invoke(null);
			log.info("LZ4: using lz4-java's native library");
			return true;
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			Throwable cause = (ex instanceof InvocationTargetException invocation) ? invocation.getCause() : ex;
			log.info("LZ4: lz4-java's native library is not available here, using its Java codec: {}", cause);
			return false;
		}
	}

}
