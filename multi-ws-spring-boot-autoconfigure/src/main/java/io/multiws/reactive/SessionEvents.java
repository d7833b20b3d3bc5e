package io.multiws.reactive;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Hands one session's events (opened, each message, closed) to its callbacks, in order
 * and one at a time: at once, on the event loop, when the callbacks run there; otherwise
 * through a queue that the {@link WsCallbackExecutor}'s pool drains a batch at a time.
 *
 * @author multi-ws team
 */
final class SessionEvents implements Runnable {

	/**
	 * The event of the session's opening.
	 */
	static final Object OPEN = new Object();

	private static final Log logger = LogFactory.getLog(SessionEvents.class);

	private static final AtomicIntegerFieldUpdater<SessionEvents> PENDING = AtomicIntegerFieldUpdater
		.newUpdater(SessionEvents.class, "pending");

	/**
	 * Events processed in one go before the thread is handed to other sessions.
	 */
	private static final int BATCH = 16;

	private final DefaultWsSession session;

	private final InboundDemand demand;

	private final @Nullable Executor pool;

	private final @Nullable Queue<Object> inbox;

	private volatile int pending;

	/**
	 * Create the events of a session.
	 * @param session the session
	 * @param demand the demand for its inbound messages, told of each one processed
	 * @param pool the threads of the callbacks, or {@code null} to run them on the
	 * calling thread
	 */
	SessionEvents(DefaultWsSession session, InboundDemand demand, @Nullable Executor pool) {
		this.session = session;
		this.demand = demand;
		this.pool = pool;
		this.inbox = (pool != null) ? new ConcurrentLinkedQueue<>() : null;
	}

	/**
	 * Whether the callbacks run off the event loop, their events queued meanwhile.
	 * @return {@code true} if events are queued
	 */
	boolean isQueued() {
		return this.inbox != null;
	}

	/**
	 * Hand an event to the callbacks: a {@code String} or a {@code ByteBuffer} message,
	 * {@link #OPEN}, or the {@link WsCloseStatus} of the close.
	 * @param event the event
	 */
	void dispatch(Object event) {
		Queue<Object> inbox = this.inbox;
		if (inbox == null) {
			deliver(event);
			return;
		}
		inbox.offer(event);
		if (PENDING.getAndIncrement(this) == 0) {
			schedule();
		}
	}

	private void schedule() {
		Executor pool = this.pool;
		Assert.state(pool != null, "Callbacks run on the event loop");
		try {
			pool.execute(this);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: finish the session's events here
			run();
		}
	}

	@Override
	public void run() {
		Queue<Object> inbox = this.inbox;
		Assert.state(inbox != null, "Callbacks run on the event loop");
		for (int i = 0; i < BATCH; i++) {
			Object event = inbox.poll();
			Assert.state(event != null, "Event count out of step");
			deliver(event);
			if (PENDING.decrementAndGet(this) == 0) {
				return;
			}
		}
		schedule();
	}

	private void deliver(Object event) {
		DefaultWsSession session = this.session;
		try {
			if (event instanceof String text) {
				session.received(text);
				this.demand.consumed();
			}
			else if (event instanceof ByteBuffer bytes) {
				session.received(bytes);
				this.demand.consumed();
			}
			else if (event == OPEN) {
				session.opened();
			}
			else if (event instanceof WsCloseStatus status) {
				session.closed(status);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Failed to process " + event.getClass().getSimpleName() + " event of " + session, ex);
		}
	}

}
