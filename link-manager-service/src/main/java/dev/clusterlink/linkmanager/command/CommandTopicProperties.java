package dev.clusterlink.linkmanager.command;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the link manager creates the command topic when it is missing; the topic's name and
 * cluster are the control cluster's ({@code clusterlink.control.*}, the same for every
 * service).
 *
 * @param partitions number of partitions: the most instances of one scale-out service
 * that get work
 * @param replicationFactor replication factor; -1 takes the broker's default
 */
@Validated
@ConfigurationProperties("clusterlink.command-topic")
public record CommandTopicProperties(@DefaultValue("24") @Positive int partitions,
		@DefaultValue("-1") short replicationFactor) {
}
