package dev.clusterlink.linkmanager;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the link manager.
 *
 * @param adminTimeout how long one Admin API call to a registered cluster may take
 * (cluster checks, topic lookups when a mirror is created)
 * @param availabilityCheckInterval how often every link's source and destination are
 * checked
 * @param autoCreateInterval how often links with {@code auto.create.mirror.topics.enable}
 * list their source topics
 * @param reencryptSecretsOnStartup re-encrypt secrets stored under an old key with the
 * current key at start-up
 * @param maxRequestBody the largest request body accepted (larger ones get 413)
 */
@ConfigurationProperties("clusterlink.link-manager")
public record LinkManagerProperties(@DefaultValue("5s") Duration adminTimeout,
		@DefaultValue("30s") Duration availabilityCheckInterval, @DefaultValue("30s") Duration autoCreateInterval,
		@DefaultValue("true") boolean reencryptSecretsOnStartup, @DefaultValue("256KB") DataSize maxRequestBody) {
}
