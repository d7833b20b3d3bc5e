package io.multiws.javaclient;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link WsClient} tells the application. Called on the JDK's WebSocket threads,
 * one frame at a time for each connection; every method does nothing unless overridden.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public interface WsClientListener {

	/**
	 * Called when a connection opens, the first one and each after a reconnect.
	 */
	default void onOpen() {
	}

	/**
	 * Called for a text message.
	 * @param text the message, without its id
	 * @param id its id (a decimal string) when the client decodes message ids, else
	 * {@code null}
	 */
	default void onMessage(String text, @Nullable String id) {
	}

	/**
	 * Called for a binary message.
	 * @param data the message, without its 8-byte id
	 * @param id its id (a decimal string) when the client decodes message ids, else
	 * {@code null}
	 */
	default void onBinary(ByteBuffer data, @Nullable String id) {
	}

	/**
	 * Called when the server could not fill a resume: the client was away longer than
	 * the history, and the kept messages follow.
	 * @param oldestId the id of the oldest kept message
	 */
	default void onGap(String oldestId) {
	}

	/**
	 * Called for a presence frame ({@code {"presence":"state",...}} or
	 * {@code {"presence":"diff",...}}) when the client is told to keep them apart.
	 * @param json the frame
	 */
	default void onPresence(String json) {
	}

	/**
	 * Called when a connection closes or cannot be opened.
	 * @param code the close code (1006 for a connection lost or never opened)
	 * @param reason the reason
	 * @param reconnect whether the client connects again
	 */
	default void onClose(int code, String reason, boolean reconnect) {
	}

}
