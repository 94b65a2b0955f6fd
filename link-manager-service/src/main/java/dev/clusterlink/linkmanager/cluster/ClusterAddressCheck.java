package dev.clusterlink.linkmanager.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.clusterlink.kafka.NetworkPolicy;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.runtime.kafka.guard.ClusterEndpointGuard;

import org.springframework.stereotype.Component;

/**
 * The SSRF check of a registration (DESIGN.md §11): a bootstrap entry whose name, literal
 * address or resolved address the network policy ({@code clusterlink.network.*}) refuses
 * is a 400 {@code cluster-address-refused} naming the entry and the rule. Names are
 * resolved with a bound; a name that does not resolve (yet) is accepted, because every
 * client creation checks the freshly resolved addresses again.
 */
@Component
class ClusterAddressCheck {

	private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

	private static final Executor RESOLVERS = Executors.newVirtualThreadPerTaskExecutor();

	private final NetworkPolicy policy;

	ClusterAddressCheck(ClusterEndpointGuard guard) {
		this.policy = guard.policy();
	}

	/**
	 * Refuses a bootstrap list the policy denies.
	 * @param bootstrapServers a syntactically valid list
	 * @param properties the client properties (their identity provider URLs are checked
	 * too)
	 * @throws ApiException {@code cluster-address-refused} on field
	 * {@code bootstrapServers} or the property
	 */
	void check(String bootstrapServers, Map<String, String> properties) {
		String refusal = this.policy.refusalOf(bootstrapServers, ClusterAddressCheck::resolve);
		if (refusal != null) {
			throw new ApiException(ProblemType.CLUSTER_ADDRESS_REFUSED, "bootstrapServers: " + refusal).with("field",
					"bootstrapServers");
		}
		for (String key : ClusterEndpointGuard.URL_PROPERTIES) {
			String url = properties.get(key);
			String urlRefusal = (url != null) ? this.policy.refusalOfUrl(url, ClusterAddressCheck::resolve) : null;
			if (urlRefusal != null) {
				String field = "properties." + key;
				throw new ApiException(ProblemType.CLUSTER_ADDRESS_REFUSED, field + ": " + urlRefusal).with("field",
						field);
			}
		}
	}

	private static InetAddress[] resolve(String host) throws UnknownHostException {
		if (NetworkPolicy.isLiteral(host)) {
			return InetAddress.getAllByName(host); // no lookup
		}
		CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
			try {
				return InetAddress.getAllByName(host);
			}
			catch (UnknownHostException ex) {
				throw new java.util.concurrent.CompletionException(ex);
			}
		}, RESOLVERS);
		try {
			return lookup.get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new UnknownHostException(host); // checked again when a client resolves
													// it
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnknownHostException(host);
		}
	}

}
