package dev.clusterlink.linkmanager.command;

import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.runtime.control.ControlCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends committed commands to the command topic, keyed by their ownership key.
 *
 * <p>
 * The fault suite proves that a link manager dying between the commit and the send loses
 * nothing (every service reconciles its whole share on a timer): with
 * {@code clusterlink.faults.halt-before-publish=true} (a test hook, never for production)
 * the process halts right there.
 */
@Component
class CommandRelay {

	private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);

	private final KafkaTemplate<String, String> kafka;

	private final String topic;

	private final boolean haltBeforePublish;

	CommandRelay(KafkaTemplate<String, String> kafka, ControlCluster control,
			@Value("${clusterlink.faults.halt-before-publish:false}") boolean haltBeforePublish) {
		this.kafka = kafka;
		this.topic = control.commandTopic();
		this.haltBeforePublish = haltBeforePublish;
		if (haltBeforePublish) {
			log.warn("FAULT INJECTION: clusterlink.faults.halt-before-publish is set; this link manager halts after "
					+ "the first change it commits, before publishing its command (a test hook)");
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void afterCommit(CommandPublisher.PendingCommand pending) {
		var command = pending.command();
		if (this.haltBeforePublish) {
			log.warn("FAULT INJECTION: halting after the commit of {}, before its command is published", command.key());
			Runtime.getRuntime().halt(137);
		}
		try {
			this.kafka.send(this.topic, command.key(), CommandCodec.encode(command)).whenComplete((result, failure) -> {
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
