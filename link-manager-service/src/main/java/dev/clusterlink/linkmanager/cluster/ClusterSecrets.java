package dev.clusterlink.linkmanager.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.ClientPropertyPolicy;
import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.runtime.store.StateStoreReader;

/**
 * Splits client properties into plain and secret ones, encrypts the secrets for storage
 * and decrypts them for use. The encryption context binds each token to its cluster and
 * key.
 */
final class ClusterSecrets {

	private ClusterSecrets() {
	}

	static String context(ClusterEntity cluster, String key) {
		return StateStoreReader.secretContext(cluster.id(), key);
	}

	/**
	 * The cluster's connection, secrets decrypted: for clients only, never for responses
	 * or logs.
	 */
	static ClusterConnection connection(ClusterEntity cluster, SecretCipher cipher) {
		Map<String, String> properties = new HashMap<>(cluster.properties());
		cluster.secretProperties()
			.forEach((key, token) -> properties.put(key, cipher.decrypt(token, context(cluster, key))));
		return new ClusterConnection(cluster.name(), cluster.bootstrapServers(), properties);
	}

	/**
	 * The properties as the API shows them: secret values replaced by {@code [hidden]}.
	 */
	static Map<String, String> visible(ClusterEntity cluster) {
		Map<String, String> visible = new TreeMap<>(cluster.properties());
		cluster.secretProperties().keySet().forEach((key) -> visible.put(key, ClientPropertyPolicy.HIDDEN));
		return visible;
	}

	/**
	 * Stores requested properties on a cluster: plain values as they are, secret values
	 * encrypted. A secret sent back as {@code [hidden]} keeps the stored value.
	 */
	static void store(ClusterEntity cluster, String bootstrapServers, Map<String, String> requested,
			SecretCipher cipher, java.time.Instant now) {
		Map<String, String> plain = new TreeMap<>();
		Map<String, String> secret = new TreeMap<>();
		Map<String, String> stored = (cluster.secretProperties() != null) ? cluster.secretProperties() : Map.of();
		requested.forEach((key, value) -> {
			if (!ClientPropertyPolicy.isSecret(key)) {
				plain.put(key, value);
			}
			else if (ClientPropertyPolicy.HIDDEN.equals(value)) {
				String token = stored.get(key);
				if (token == null) {
					throw ApiException.invalidField("properties." + key,
							"'[hidden]' keeps the stored secret, but none is stored for this key");
				}
				secret.put(key, token);
			}
			else {
				secret.put(key, cipher.encrypt(value, context(cluster, key)));
			}
		});
		cluster.configure(bootstrapServers, plain, secret, now);
	}

}
