package io.multiws.core;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

/**
 * The connection under a {@link DefaultWsSession}, implemented once per web stack. A
 * session writes one message at a time: {@link #send} is never called again before the
 * previous call's callback has run.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsTransport {

	/**
	 * Start writing a message without blocking; call the callback exactly once when
	 * written or failed, possibly before this method returns.
	 * @param payload the payload
	 * @param callback the completion callback
	 */
	void send(WsPayload payload, SendCallback callback);

	/**
	 * Send a ping without blocking; only called while no message is being written.
	 */
	void ping();

	/**
	 * Start the closing handshake; only called while no message is being written.
	 * @param status the close status
	 */
	void close(WsCloseStatus status);

	/**
	 * Drop the connection now, even while a write is stuck, without blocking for long.
	 * @param status the close status to report if a close frame can still be sent
	 */
	void abort(WsCloseStatus status);

	/**
	 * Return the native session of the stack if it is of the given type.
	 * @param <T> the type
	 * @param type the type
	 * @return the native session, or {@code null}
	 */
	<T> @Nullable T unwrap(Class<T> type);

	/**
	 * Completion of one {@link #send}.
	 */
	@FunctionalInterface
	interface SendCallback {

		/**
		 * Called once the message has been written or has failed.
		 * @param failure the failure, or {@code null} on success
		 */
		void sendComplete(@Nullable Throwable failure);

	}

}
