package io.multiws.servlet;

import java.nio.ByteBuffer;
import java.time.Duration;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * A transport over Jetty's own WebSocket session, which Spring uses on Jetty: writes
 * complete through Jetty callbacks, and an abort disconnects at once.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class JettyWsTransport extends AbstractServletWsTransport<Session> implements Callback {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	JettyWsTransport(JettyWebSocketSession springSession, WebSocketSession userSession, Duration idleTimeout) {
		super(springSession, userSession, springSession.getNativeSession());
		if (!idleTimeout.isZero()) {
			// multi-ws enforces idle time itself; keep Jetty's own limit out of its way
			nativeSession().setIdleTimeout(idleTimeout.plusSeconds(30));
		}
	}

	@Override
	public void send(WsPayload payload, SendCallback callback) {
		started(callback);
		if (payload.isText()) {
			nativeSession().sendText(payload.asText(), this);
		}
		else {
			nativeSession().sendBinary(ByteBuffer.wrap(payload.asBytes()), this);
		}
	}

	@Override
	public void succeed() {
		completed(null);
	}

	@Override
	public void fail(Throwable failure) {
		completed(failure);
	}

	@Override
	public void ping() {
		nativeSession().sendPing(EMPTY.duplicate(), Callback.NOOP);
	}

	@Override
	public void close(WsCloseStatus status) {
		nativeSession().close(status.code(), StandardWsTransport.truncate(status.reason()), Callback.NOOP);
	}

	@Override
	public void abort(WsCloseStatus status) {
		nativeSession().disconnect();
	}

}
