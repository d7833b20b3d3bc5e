package io.multiws.hub;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * One WebSocket connection, a member of exactly one {@link WsHub}. The same type is
 * used on every web stack.
 * <p>
 * Sends never block the caller: each session has its own outbound queue, bounded by
 * {@code send-buffer-size}; when it overflows the session's overflow policy applies.
 * All methods are safe to call from any thread.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsSession {

	/**
	 * Return the session id, unique within this instance.
	 * @return the id
	 */
	String id();

	/**
	 * Return the hub this session belongs to.
	 * @return the hub
	 */
	WsHub hub();

	/**
	 * Return the URI of the handshake request, query string included.
	 * @return the handshake URI
	 */
	URI uri();

	/**
	 * Return the headers of the handshake request.
	 * @return read-only headers
	 */
	HttpHeaders handshakeHeaders();

	/**
	 * Return the authenticated user of the handshake, if any.
	 * @return the principal or {@code null}
	 */
	@Nullable Principal principal();

	/**
	 * Return the negotiated subprotocol, if any.
	 * @return the subprotocol or {@code null}
	 */
	@Nullable String acceptedProtocol();

	/**
	 * Return the attributes of this session, including those set at handshake time.
	 * @return a mutable, thread-safe map
	 */
	Map<String, Object> attributes();

	/**
	 * Return the decoded query parameters of the handshake URI.
	 * @return the parameters, empty if the URI has no query
	 */
	default MultiValueMap<String, String> queryParameters() {
		return QueryParameters.of(uri());
	}

	/**
	 * Whether the session is open and accepts messages.
	 * @return {@code true} while open
	 */
	boolean isOpen();

	/**
	 * Queue a payload for this session: a {@code String} as text, a {@code byte[]} or
	 * {@code ByteBuffer} as binary, a {@link WsPayload} as it is, any other object as
	 * JSON text.
	 * @param payload the payload
	 * @return {@code true} if queued, {@code false} if the session is closed or the
	 * message was dropped by the overflow policy
	 */
	boolean send(Object payload);

	/**
	 * Queue a text message.
	 * @param text the text
	 * @return whether it was queued
	 */
	default boolean sendText(String text) {
		return send(WsPayload.text(text));
	}

	/**
	 * Queue a binary message.
	 * @param bytes the bytes, read from their position to their limit
	 * @return whether it was queued
	 */
	default boolean sendBinary(ByteBuffer bytes) {
		return send(bytes);
	}

	/**
	 * Return the number of outbound messages dropped for this session by the overflow
	 * policy.
	 * @return the dropped message count
	 */
	long droppedMessages();

	/**
	 * Close the session with {@link WsCloseStatus#NORMAL}.
	 */
	default void close() {
		close(WsCloseStatus.NORMAL);
	}

	/**
	 * Close the session. Messages already queued are sent first, within the session's
	 * send time limit.
	 * @param status the close status
	 */
	void close(WsCloseStatus status);

	/**
	 * Return the underlying session of the web stack, for example Spring's
	 * {@code WebSocketSession}.
	 * @param <T> the requested type
	 * @param type the requested type
	 * @return the native session, or {@code null} if it is not of that type
	 */
	<T> @Nullable T unwrap(Class<T> type);

}
