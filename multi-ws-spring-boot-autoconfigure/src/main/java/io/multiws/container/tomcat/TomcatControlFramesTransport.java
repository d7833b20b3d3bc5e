package io.multiws.container.tomcat;

import java.nio.ByteBuffer;
import java.util.List;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The transport of a WebFlux session on Tomcat: messages go through WebFlux, control
 * frames through Tomcat's non-blocking frame path, as WebFlux writes pings and pongs
 * with a blocking call on the thread that emits them. A control frame is only written
 * while no message is, so it never waits for one of WebFlux's writes. Tomcat answers a
 * peer's pings itself, as the Jakarta WebSocket API hands them to no application; Tomcat's
 * own blocking writes (its pongs and a close frame) wait at most the send time limit, and at most a
 * millisecond once the connection is dropped; and the connection counts until its
 * socket is closed, which Tomcat keeps open for the peer's close frame after it reported
 * the session closed. Callers check that the Jakarta WebSocket API is present first.
 *
 * @author multi-ws team
 */
final class TomcatControlFramesTransport implements WsTransport {

	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	private static final byte PING = 0x9;

	private static final byte[] PING_PAYLOAD = { 'p' };

	private final WsTransport messages;

	private final Session session;

	private final TomcatWebSocketSupport tomcat;

	private TomcatControlFramesTransport(WsTransport messages, Session session, TomcatWebSocketSupport tomcat,
			long sendTimeLimitMillis) {
		this.messages = messages;
		this.session = session;
		this.tomcat = tomcat;
		session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeLimitMillis);
		session.getUserProperties().put(SESSION_CLOSE_TIMEOUT, sendTimeLimitMillis);
	}

	/**
	 * Whether Tomcat's non-blocking frame path is reachable, as found once at start-up.
	 * @return {@code true} if sessions on Tomcat get this transport
	 */
	static boolean isAvailable() {
		return TomcatWebSocketSupport.directWritesAvailable();
	}

	/**
	 * Return the transport of a session whose Tomcat endpoint is opening on this thread,
	 * or {@code null} if it is not Tomcat's or Tomcat's internals are out of reach.
	 * @param session the WebFlux session
	 * @param messages the transport of the session's messages
	 * @param sendTimeLimitMillis the send time limit of the session's endpoint
	 * @return the transport, or {@code null}
	 */
	static @Nullable WsTransport of(WebSocketSession session, WsTransport messages, long sendTimeLimitMillis) {
		Session nativeSession = TomcatSupport.openingSession();
		if (nativeSession == null || !nativeSession.getId().equals(session.getId())) {
			return null;
		}
		TomcatWebSocketSupport tomcat = TomcatWebSocketSupport.of(nativeSession, sendTimeLimitMillis);
		return (tomcat != null) ? new TomcatControlFramesTransport(messages, nativeSession, tomcat, sendTimeLimitMillis)
				: null;
	}

	/**
	 * Suspend Tomcat's reads of a connection for good, if its transport is one of these:
	 * its pings are read whatever WebFlux demands. Called on the thread that reads it.
	 * @param transport the session's transport
	 */
	static void stopReading(WsTransport transport) {
		if (transport instanceof TomcatControlFramesTransport tomcat) {
			tomcat.tomcat.readPacing().pauseReading();
		}
	}

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		this.messages.send(messages, callback);
	}

	@Override
	public void pong(byte[] payload, SendCallback callback) {
		this.tomcat.startMessage(TomcatWebSocketSupport.PONG, ByteBuffer.wrap(payload),
				(result) -> callback.sendComplete(result.isOK() ? null : result.getException()));
	}

	@Override
	public boolean isConnectionOpen() {
		return this.tomcat.isSocketOpen();
	}

	@Override
	public void ping() {
		this.tomcat.startMessage(PING, ByteBuffer.wrap(PING_PAYLOAD), (result) -> {
		});
	}

	@Override
	public void close(WsCloseStatus status) {
		this.messages.close(status);
	}

	@Override
	public void abort(WsCloseStatus status) {
		this.session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, 1L);
		this.messages.abort(status);
		// A close frame sent already: Tomcat waits for the peer's, up to its close timeout
		this.tomcat.expireClose();
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		return this.messages.unwrap(type);
	}

}
