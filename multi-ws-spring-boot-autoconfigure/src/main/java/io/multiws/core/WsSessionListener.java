package io.multiws.core;

import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsSession;

/**
 * Observes one session, created by {@link WsListener#sessionOpened} when its connection
 * is established. Its methods are called by the session's own threads: an
 * implementation keeps no lock and must not throw.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsSessionListener {

	/**
	 * A listener that observes nothing.
	 */
	WsSessionListener NONE = new WsSessionListener() {
	};

	/**
	 * Called once the session has joined its hub and {@code @OnOpen} has returned, so that
	 * what {@code @OnOpen} sent is queued ahead of any later broadcast. Not called when the
	 * join or {@code @OnOpen} fails (the session is then closed).
	 * @param session the session
	 * @since 0.2.0
	 */
	default void opened(WsSession session) {
	}

	/**
	 * Whether this listener is told of every completed write ({@link #written}).
	 * @return {@code true} to be called back after each write
	 * @since 0.1.0
	 */
	default boolean observesWrites() {
		return false;
	}

	/**
	 * Called when a write of the session has completed, on the thread that completed it,
	 * if {@link #observesWrites()}. A write takes every message queued meanwhile, so one
	 * write may carry several messages. A write the network took at once (completed
	 * within the transport's {@code send}) is not timed: the clock is read only for a
	 * write still in flight when {@code send} returned, which waited for the network
	 * (for room in the socket buffer, or for an event loop).
	 * @param messages the number of messages written
	 * @param bytes their payload bytes, UTF-8 for text
	 * @param waitedNanos how long the write waited for the network after {@code send}
	 * returned, or {@code 0} if it did not
	 * @since 0.1.0
	 */
	default void written(int messages, long bytes, long waitedNanos) {
	}

	/**
	 * Called when an inbound message is about to be dispatched to the endpoint.
	 * @param message the message, a {@code String} or a {@code ByteBuffer}
	 * @return the scope of the callback, closed once it has returned or failed
	 */
	default Scope messageReceived(Object message) {
		return Scope.NONE;
	}

	/**
	 * Called when an outbound message was dropped because the session's queue was full.
	 * @param policy the overflow policy that dropped it
	 */
	default void messageDropped(OverflowPolicy policy) {
	}

	/**
	 * Called when an endpoint callback failed, inside the callback's scope.
	 * @param callback the callback, such as {@code @OnMessage}
	 * @param failure the failure
	 */
	default void callbackFailed(String callback, Throwable failure) {
	}

	/**
	 * Called once when the connection has closed.
	 * @param status the close status
	 */
	default void closed(WsCloseStatus status) {
	}

	/**
	 * The scope of one callback.
	 */
	@FunctionalInterface
	interface Scope {

		/**
		 * A scope that does nothing.
		 */
		Scope NONE = () -> {
		};

		/**
		 * Close the scope, on the thread that opened it.
		 */
		void close();

	}

}
