package io.multiws.servlet;

import java.nio.ByteBuffer;
import java.time.Duration;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * A transport over Jetty's own WebSocket session, which Spring uses on Jetty: writes
 * complete through Jetty callbacks, and an abort disconnects at once.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class JettyWsTransport implements WsTransport, Callback {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final JettyWebSocketSession springSession;

	private final WebSocketSession userSession;

	private final Session nativeSession;

	private volatile @Nullable SendCallback callback;

	JettyWsTransport(JettyWebSocketSession springSession, WebSocketSession userSession, Duration idleTimeout) {
		this.springSession = springSession;
		this.userSession = userSession;
		this.nativeSession = springSession.getNativeSession();
		if (!idleTimeout.isZero()) {
			// multi-ws enforces idle time itself; keep Jetty's own limit out of its way
			this.nativeSession.setIdleTimeout(idleTimeout.plusSeconds(30));
		}
	}

	@Override
	public void send(WsPayload payload, SendCallback callback) {
		this.callback = callback;
		if (payload.isText()) {
			this.nativeSession.sendText(payload.asText(), this);
		}
		else {
			this.nativeSession.sendBinary(ByteBuffer.wrap(payload.asBytes()), this);
		}
	}

	@Override
	public void succeed() {
		complete(null);
	}

	@Override
	public void fail(Throwable failure) {
		complete(failure);
	}

	private void complete(@Nullable Throwable failure) {
		SendCallback callback = this.callback;
		this.callback = null;
		if (callback != null) {
			callback.sendComplete(failure);
		}
	}

	@Override
	public void ping() {
		this.nativeSession.sendPing(EMPTY.duplicate(), Callback.NOOP);
	}

	@Override
	public void close(WsCloseStatus status) {
		this.nativeSession.close(status.code(), StandardWsTransport.truncate(status.reason()), Callback.NOOP);
	}

	@Override
	public void abort(WsCloseStatus status) {
		this.nativeSession.disconnect();
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		if (type.isInstance(this.userSession)) {
			return type.cast(this.userSession);
		}
		if (type.isInstance(this.nativeSession)) {
			return type.cast(this.nativeSession);
		}
		return type.isInstance(this.springSession) ? type.cast(this.springSession) : null;
	}

}
