package dev.clusterlink.bench;

/**
 * Records and bytes moved in a time.
 *
 * @param records records moved
 * @param bytes key and value bytes moved
 * @param nanos the time it took
 */
record Throughput(long records, long bytes, long nanos) {

	double seconds() {
		return this.nanos / 1e9;
	}

	double recordsPerSecond() {
		return this.records / seconds();
	}

	double mibPerSecond() {
		return this.bytes / (1024.0 * 1024.0) / seconds();
	}

}
