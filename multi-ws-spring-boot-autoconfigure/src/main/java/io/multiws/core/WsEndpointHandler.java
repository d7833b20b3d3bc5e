package io.multiws.core;

import java.nio.ByteBuffer;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

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
	 * Whether {@link #checkRequest} does anything, so that upgrades to endpoints whose
	 * callbacks take nothing from the request skip it.
	 * @return {@code true} if the endpoint checks request values
	 */
	default boolean checksRequest() {
		return false;
	}

	/**
	 * Called before the upgrade, after the built-in checks and before
	 * {@link #onHandshake}, to check the values that the endpoint's callbacks take from
	 * the upgrade request (path variables, query parameters, headers): a required one
	 * that is missing, or one that does not convert, refuses the upgrade with 400,
	 * whichever callback takes it. Must not block.
	 * @param handshake the upgrade request
	 * @return the reason to refuse the upgrade with 400, naming the value, or
	 * {@code null} if the request has what the callbacks need
	 */
	default @Nullable String checkRequest(WsHandshake handshake) {
		return null;
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
