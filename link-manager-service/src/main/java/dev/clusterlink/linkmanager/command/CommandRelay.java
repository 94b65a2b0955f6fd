package dev.clusterlink.linkmanager.command;

import dev.clusterlink.command.CommandCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Sends committed commands to the command topic, keyed by their ownership key. */
@Component
class CommandRelay {

	private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);

	private final KafkaTemplate<String, String> kafka;

	private final CommandTopicProperties topic;

	CommandRelay(KafkaTemplate<String, String> kafka, CommandTopicProperties topic) {
		this.kafka = kafka;
		this.topic = topic;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void afterCommit(CommandPublisher.PendingCommand pending) {
		var command = pending.command();
		try {
			this.kafka.send(this.topic.name(), command.key(), CommandCodec.encode(command))
				.whenComplete((result, failure) -> {
					if (failure != null) {
						log.warn("send({}): failed, the next periodic reconcile picks the change up: {}", command.key(),
								failure.toString());
					}
					else {
						log.debug("send({}): {} v{} at offset {}", command.key(), command.getClass().getSimpleName(),
								command.entityVersion(), result.getRecordMetadata().offset());
					}
				});
		}
		catch (RuntimeException ex) {
			log.warn("send({}): failed, the next periodic reconcile picks the change up: {}", command.key(),
					ex.toString());
		}
	}

}
