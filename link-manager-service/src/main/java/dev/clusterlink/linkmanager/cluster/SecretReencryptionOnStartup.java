package dev.clusterlink.linkmanager.cluster;

import dev.clusterlink.linkmanager.LinkManagerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a key rotation, moves stored secrets to the current key when the service starts.
 */
@Component
class SecretReencryptionOnStartup {

	private static final Logger log = LoggerFactory.getLogger(SecretReencryptionOnStartup.class);

	private final ClusterService clusters;

	private final LinkManagerProperties properties;

	SecretReencryptionOnStartup(ClusterService clusters, LinkManagerProperties properties) {
		this.clusters = clusters;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void reencrypt() {
		if (!this.properties.reencryptSecretsOnStartup()) {
			return;
		}
		try {
			this.clusters.reencryptSecrets();
		}
		catch (RuntimeException ex) {
			log.warn("re-encryption of stored secrets failed; POST /api/v1/clusters:reencrypt-secrets retries: {}",
					ex.getMessage());
		}
	}

}
