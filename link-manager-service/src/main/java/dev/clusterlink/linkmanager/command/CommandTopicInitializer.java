package dev.clusterlink.linkmanager.command;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps trying to create the command topic when the control cluster was down at start-up,
 * so that a link manager started before Kafka does not need a restart.
 */
@Component
class CommandTopicInitializer {

	private static final Logger log = LoggerFactory.getLogger(CommandTopicInitializer.class);

	private final KafkaAdmin admin;

	private final AtomicBoolean done = new AtomicBoolean();

	CommandTopicInitializer(KafkaAdmin admin) {
		this.admin = admin;
	}

	@Scheduled(initialDelayString = "PT5S", fixedDelayString = "PT30S")
	void ensureCommandTopic() {
		if (this.done.get()) {
			return;
		}
		try {
			if (this.admin.initialize()) {
				this.done.set(true);
				log.debug("command topic present on the control cluster");
			}
		}
		catch (RuntimeException ex) {
			log.warn("command topic not created yet (control cluster unreachable?): {}", ex.getMessage());
		}
	}

}
