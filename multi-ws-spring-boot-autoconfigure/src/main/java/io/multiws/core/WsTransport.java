package io.multiws.core;

import java.util.List;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

/**
 * The outbound side of the connection under a {@link DefaultWsSession}, implemented once
 * per web stack. A session has one write in flight at a time: neither {@link #send} nor
 * {@link #pong} is called again before the previous call's callback has run, and
 * neither {@link #ping} nor {@link #close} is called while a write is in flight.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsTransport {

	/**
	 * Start writing messages, in order, without blocking; call the callback exactly once
	 * when all are written or one failed, possibly before this method returns. A
	 * transport writes them in as few socket writes as its container allows. The list is
	 * not changed until the callback runs, and is not used after it.
	 * @param messages the messages, at least one
	 * @param callback the completion callback
	 */
	void send(List<WsPayload> messages, SendCallback callback);

	/**
	 * Write a message on the calling thread, waiting for the network if it must, as
	 * Spring's {@code WebSocketSession.sendMessage} does. A session uses it only for what
	 * it sends from its own inbound callback while nothing else is being written, where
	 * waiting holds up nobody but that same client; it saves the hand-off to another
	 * thread that an asynchronous completion costs on some containers.
	 * @param payload the payload
	 * @return {@code true} once written, {@code false} if this transport only writes
	 * asynchronously (then nothing was written)
	 * @throws Exception if the write failed
	 */
	default boolean sendInPlace(WsPayload payload) throws Exception {
		return false;
	}

	/**
	 * Send a ping without blocking for longer than a write that fits the socket buffer;
	 * only called while no message is being written.
	 */
	void ping();

	/**
	 * Start writing a pong that answers a ping of the peer, without blocking, as
	 * {@link #send} writes messages: call the callback exactly once when it is written or
	 * failed, possibly before this method returns. A peer that does not read what it is
	 * sent then holds up its own writer, and the send time limit drops it, as for a
	 * message. A transport that decorates another forwards it; by default nothing is
	 * written.
	 * @param payload the application data of the ping, at most 125 bytes
	 * @param callback the completion callback
	 */
	default void pong(byte[] payload, SendCallback callback) {
		callback.sendComplete(null);
	}

	/**
	 * Whether the network connection is still open once the container has reported the
	 * session closed: some containers report it when a close frame was sent, before the
	 * peer answered and the socket closed. The registry keeps sweeping such a session,
	 * and drops the connection once it outlives the send time limit, so that what the
	 * connection holds (such as its admission slot) is given back when the socket is
	 * closed. A transport that decorates another forwards it.
	 * @return {@code true} while the socket is open
	 */
	default boolean isConnectionOpen() {
		return false;
	}

	/**
	 * Whether {@link #ping} may wait for the network, so that the registry sends it from
	 * a thread of its own rather than from its timer.
	 * @return {@code true} if a ping may block
	 */
	default boolean pingBlocks() {
		return false;
	}

	/**
	 * Start the closing handshake; only called while no message is being written.
	 * @param status the close status
	 */
	void close(WsCloseStatus status);

	/**
	 * Drop the connection now, even while a write is stuck or once the container has
	 * reported the session closed while its socket is still open (see
	 * {@link #isConnectionOpen()}), without blocking for long.
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
