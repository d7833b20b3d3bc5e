package io.multiws.core;

import java.nio.ByteBuffer;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsSession;

/**
 * The callbacks of one endpoint, as the runtime calls them on every web stack. An
 * exception thrown here closes the session with 1011 (or with the status of a
 * {@link io.multiws.core.WsCloseException}); the runtime logs it once.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsEndpointHandler {

	/**
	 * Whether the endpoint takes text messages; others are closed with 1003.
	 * @return {@code true} if text is accepted
	 */
	boolean acceptsText();

	/**
	 * Whether the endpoint takes binary messages; others are closed with 1003.
	 * @return {@code true} if binary is accepted
	 */
	boolean acceptsBinary();

	/**
	 * Whether {@link #onHandshake} does anything, so that upgrades to endpoints without a
	 * handshake hook skip it.
	 * @return {@code true} if the endpoint has a handshake hook
	 */
	default boolean handlesHandshake() {
		return false;
	}

	/**
	 * Called before the upgrade, after the built-in checks.
	 * @param handshake the upgrade request
	 * @return {@code false} to refuse the upgrade with 403, unless
	 * {@link WsHandshake#reject} chose another status
	 * @throws Exception on failure, which refuses the upgrade with 500
	 */
	default boolean onHandshake(WsHandshake handshake) throws Exception {
		return true;
	}

	/**
	 * Called after the session joined its hub.
	 * @param session the session
	 * @throws Exception on failure
	 */
	void onOpen(WsSession session) throws Exception;

	/**
	 * Called for a text message.
	 * @param session the session
	 * @param text the message
	 * @throws Exception on failure
	 */
	void onText(WsSession session, String text) throws Exception;

	/**
	 * Called for a binary message.
	 * @param session the session
	 * @param bytes the message
	 * @throws Exception on failure
	 */
	void onBinary(WsSession session, ByteBuffer bytes) throws Exception;

	/**
	 * Called after the session closed and left its hub.
	 * @param session the session
	 * @param status the close status
	 * @throws Exception on failure, which is only logged
	 */
	void onClose(WsSession session, WsCloseStatus status) throws Exception;

}
