package dev.clusterlink.faults.scenario;

import java.time.Duration;

import dev.clusterlink.faults.proxy.FaultProxy;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.junit.jupiter.api.Test;

/**
 * A slow and resetting network between the workers and each cluster, through the TCP
 * proxies in front of the brokers' link listeners: latency and a bandwidth limit, then
 * every connection reset every few seconds, then a stall.
 */
class NetworkFaultsIT extends FaultScenarios {

	@Test
	void aSlowAndResettingNetworkBetweenTheWorkersAndEachCluster() {
		MirrorUnderTest mirror = activeMirror("network");
		try (AckedLoad load = mirror.load(RATE, SEED + 40)) {
			for (FaultProxy proxy : new FaultProxy[] { stack().source().proxy(), stack().destination().proxy() }) {
				proxy.latency(Duration.ofMillis(150)).bandwidth(200_000);
				pause(Duration.ofSeconds(15));
				proxy.heal();
				for (int reset = 0; reset < 4; reset++) {
					pause(Duration.ofSeconds(4));
					proxy.resetAll();
				}
				proxy.blackhole(true);
				pause(Duration.ofSeconds(15));
				proxy.blackhole(false).heal();
			}
			pause(Duration.ofSeconds(5));
			finish("slow (150 ms, 200 kB/s), resetting (4 times) and stalled (15 s) network to each cluster", 2, mirror,
					load);
		}
	}

}
