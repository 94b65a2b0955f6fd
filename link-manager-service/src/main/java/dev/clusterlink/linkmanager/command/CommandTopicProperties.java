package dev.clusterlink.linkmanager.command;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The internal command topic on the control cluster
 * ({@code spring.kafka.bootstrap-servers}).
 *
 * @param name topic name
 * @param partitions number of partitions: the most instances of one scale-out service
 * that get work
 * @param replicationFactor replication factor; -1 takes the broker's default
 */
@Validated
@ConfigurationProperties("clusterlink.command-topic")
public record CommandTopicProperties(@DefaultValue("_clusterlink-commands") @NotBlank String name,
		@DefaultValue("24") @Positive int partitions, @DefaultValue("-1") short replicationFactor) {
}
