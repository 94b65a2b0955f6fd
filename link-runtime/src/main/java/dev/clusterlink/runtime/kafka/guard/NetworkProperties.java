package dev.clusterlink.runtime.kafka.guard;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which networks registered clusters may point at, and how their listeners are probed
 * ({@code clusterlink.network.*}, the same in every service; DESIGN.md §11).
 *
 * @param allow CIDRs or addresses clusters may resolve to; empty allows every network
 * that is not denied (e.g. {@code 10.0.0.0/8,192.168.0.0/16})
 * @param deny CIDRs or addresses denied in addition to the built-in list (link-local,
 * cloud metadata, multicast, broadcast), e.g. {@code 127.0.0.0/8,::1} in production; deny
 * wins over allow
 * @param probeConnectTimeout bound of the TCP connect of the listener probe
 * @param probeReplyTimeout bound of the listener probe's TLS handshake, request and reply
 */
@ConfigurationProperties("clusterlink.network")
public record NetworkProperties(@DefaultValue List<String> allow, @DefaultValue List<String> deny,
		@DefaultValue("5s") Duration probeConnectTimeout, @DefaultValue("5s") Duration probeReplyTimeout) {

}
