package io.multiws.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the hub events of the registry as application events: on the thread that
 * created or removed the hub, or, for a binding whose hubs change on threads that must
 * not run application code, one at a time and in order on another executor.
 *
 * @author multi-ws team
 */
final class HubEvents {

	private static final Log logger = LogFactory.getLog(HubEvents.class);

	private final ApplicationEventPublisher publisher;

	private volatile Executor executor = Runnable::run;

	HubEvents(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void publish(Object event) {
		this.executor.execute(() -> this.publisher.publishEvent(event));
	}

	/**
	 * Publish on the given executor, one event at a time and in the order they happened.
	 * @param executor where event listeners run
	 */
	void publishOn(Executor executor) {
		this.executor = new SerialExecutor(executor);
	}

	/**
	 * Runs tasks one at a time, in order, on another executor; runs them in place once
	 * that executor refuses them (shutting down).
	 */
	private static final class SerialExecutor implements Executor {

		private final Executor executor;

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final AtomicInteger pending = new AtomicInteger();

		SerialExecutor(Executor executor) {
			this.executor = executor;
		}

		@Override
		public void execute(Runnable task) {
			this.tasks.offer(task);
			if (this.pending.getAndIncrement() == 0) {
				schedule();
			}
		}

		private void schedule() {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				drain();
			}
		}

		private void drain() {
			do {
				Runnable task = this.tasks.poll();
				if (task != null) {
					try {
						task.run();
					}
					catch (RuntimeException ex) {
						logger.error("Hub event listener failed", ex);
					}
				}
			}
			while (this.pending.decrementAndGet() != 0);
		}

	}

}
