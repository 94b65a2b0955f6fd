package dev.clusterlink.runtime.task;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * The runtime settings every sync service has, under its own prefix (e.g.
 * {@code clusterlink.acl-sync.*}).
 *
 * @param instanceId this instance in client ids and logs, resolved
 * @param sessionTimeout how long a silent instance keeps its links before another
 * instance takes them over
 * @param adminTimeout how long one Admin API call to a source or destination cluster may
 * take
 * @param resyncInterval how often the list of links is re-read (commands or not), and how
 * often an idle link (paused, disabled) is looked at again
 * @param tick how often the loop looks for links whose round is due
 * @param maxBackoff the longest wait between two rounds of a link that keeps failing
 * @param statusRefresh how often an unchanged ACTIVE task status is written again, so
 * that the link's {@code lastSuccessAt} moves on
 * @param parallelism how many links run a round at the same time
 */
public record LinkTaskSettings(String instanceId, Duration sessionTimeout, Duration adminTimeout,
		Duration resyncInterval, Duration tick, Duration maxBackoff, Duration statusRefresh, int parallelism) {

	/**
	 * The configured instance id, or the host name with a random suffix when none is.
	 * @param configured the configured id, maybe blank
	 * @param fallback the host name to use when the host's is unknown
	 * @return the id
	 */
	public static String resolveInstanceId(String configured, String fallback) {
		if (!configured.isBlank()) {
			return configured;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			host = fallback;
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

}
