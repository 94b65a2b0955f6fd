package dev.clusterlink.runtime.control;

import java.util.HashMap;
import java.util.Map;

import dev.clusterlink.kafka.ClientPropertyPolicy;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The control cluster: the Kafka cluster that carries the command topic every service
 * reads (DESIGN.md §11). Every service names it the same way, with
 * {@code clusterlink.control.*} (environment {@code CLUSTERLINK_CONTROL_BOOTSTRAP} for
 * the bootstrap servers); nothing reads {@code spring.kafka.*}.
 *
 * @param bootstrapServers the control cluster's bootstrap servers
 * @param commandTopic the command topic
 * @param properties client properties for the control cluster, for its security
 * (security.protocol, sasl.*, ssl.*): checked by the same allow-list as a registered
 * cluster's
 */
@Validated
@ConfigurationProperties("clusterlink.control")
public record ControlCluster(@DefaultValue("127.0.0.1:9092") @NotBlank String bootstrapServers,
		@DefaultValue("_clusterlink-commands") @NotBlank String commandTopic,
		@DefaultValue Map<String, String> properties) {

	public ControlCluster {
		properties = Map.copyOf(properties);
		ClientPropertyPolicy.check(properties);
	}

	/**
	 * The configuration of a client of the control cluster: bootstrap servers, the
	 * security properties and the client id; callers add their own serializers and group
	 * settings.
	 * @param clientId the client id
	 * @return a new mutable map
	 */
	public Map<String, Object> clientConfig(String clientId) {
		Map<String, Object> config = new HashMap<>(this.properties);
		config.put("bootstrap.servers", this.bootstrapServers);
		config.put("client.id", clientId);
		return config;
	}

	@Override
	public String toString() {
		return "ControlCluster[bootstrapServers=" + this.bootstrapServers + ", commandTopic=" + this.commandTopic
				+ ", properties=" + this.properties.keySet() + "]";
	}

}
