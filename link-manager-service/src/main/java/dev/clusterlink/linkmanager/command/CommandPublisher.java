package dev.clusterlink.linkmanager.command;

import dev.clusterlink.command.Command;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes commands after the transaction that made the change commits, and never after
 * a rollback (DESIGN.md §3). A command lost between commit and send changes nothing for
 * long: every service re-reads its whole share of the state store on a timer.
 */
@Component
public class CommandPublisher {

	private final ApplicationEventPublisher events;

	CommandPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * Queues a command for sending when the current transaction commits.
	 * @param command the change notification
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void publish(Command command) {
		this.events.publishEvent(new PendingCommand(command));
	}

	/** A command waiting for its transaction to commit. */
	record PendingCommand(Command command) {
	}

}
