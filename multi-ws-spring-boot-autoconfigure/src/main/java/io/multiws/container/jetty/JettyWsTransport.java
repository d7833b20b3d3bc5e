package io.multiws.container.jetty;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.multiws.core.WsReadPacing;
import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

/**
 * A transport over Jetty's own WebSocket session, which Spring uses on Jetty. Messages go
 * to Jetty's core session as frames of bytes encoded once for all recipients: every
 * message of a write but the last is batched, and the last flushes them in one
 * non-blocking write whose callback completes the session's write. With container
 * optimizations off, messages go one at a time through Jetty's session API. An abort
 * disconnects at once.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class JettyWsTransport implements WsTransport, Callback {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final JettyWebSocketSession springSession;

	/**
	 * The Spring session the application sees.
	 */
	private final Object userSession;

	private final Session nativeSession;

	private final Session session;

	private final @Nullable CoreSession coreSession;

	private final @Nullable JettyReadPacing readPacing;

	private final org.eclipse.jetty.util.Callback flushed = org.eclipse.jetty.util.Callback.from(this::succeed,
			this::fail);

	private @Nullable List<WsPayload> pending;

	private int next;

	private volatile @Nullable SendCallback callback;

	JettyWsTransport(JettyWebSocketSession springSession, Object userSession, Duration idleTimeout,
			boolean containerOptimizations) {
		this.springSession = springSession;
		this.userSession = userSession;
		this.nativeSession = springSession.getNativeSession();
		this.readPacing = JettyReadPacing.of(this.nativeSession);
		this.session = (this.readPacing != null) ? this.readPacing.session() : this.nativeSession;
		this.coreSession = (containerOptimizations && this.session instanceof WebSocketSession jettySession)
				? jettySession.getCoreSession() : null;
		if (!idleTimeout.isZero()) {
			// multi-ws enforces idle time itself; keep Jetty's own limit out of its way
			this.session.setIdleTimeout(idleTimeout.plusSeconds(30));
		}
	}

	/**
	 * Hand the connection's pings to the given handler instead of Jetty's own pong.
	 * @param handler the handler of each ping's application data
	 */
	void answerPings(Consumer<byte[]> handler) {
		if (this.readPacing != null) {
			this.readPacing.answerPings(handler);
		}
	}

	/**
	 * Return the read pacing of this connection.
	 * @return the pacing, {@link WsReadPacing#NONE} unless the session was upgraded by
	 * {@link JettyUpgradeStrategy} with read pacing
	 */
	WsReadPacing readPacing() {
		return (this.readPacing != null) ? this.readPacing : WsReadPacing.NONE;
	}

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		started(callback);
		CoreSession coreSession = this.coreSession;
		if (coreSession == null) {
			this.pending = messages;
			this.next = 1;
			sendOne(messages.get(0));
			return;
		}
		int last = messages.size() - 1;
		for (int i = 0; i < last; i++) {
			coreSession.sendFrame(frame(messages.get(i)), org.eclipse.jetty.util.Callback.NOOP, true);
		}
		coreSession.sendFrame(frame(messages.get(last)), this.flushed, false);
	}

	private static Frame frame(WsPayload payload) {
		return new Frame(payload.isText() ? OpCode.TEXT : OpCode.BINARY, true, ByteBuffer.wrap(payload.toBytes()));
	}

	private void sendOne(WsPayload payload) {
		if (payload.isText()) {
			this.session.sendText(payload.asText(), this);
		}
		else {
			this.session.sendBinary(ByteBuffer.wrap(payload.asBytes()), this);
		}
	}

	@Override
	public void succeed() {
		List<WsPayload> pending = this.pending;
		if (pending != null && this.next < pending.size()) {
			sendOne(pending.get(this.next++));
			return;
		}
		this.pending = null;
		completed(null);
	}

	@Override
	public void fail(Throwable failure) {
		this.pending = null;
		completed(failure);
	}

	@Override
	public void pong(byte[] payload, SendCallback callback) {
		started(callback);
		this.session.sendPong(ByteBuffer.wrap(payload), this);
	}

	@Override
	public boolean isConnectionOpen() {
		if (this.coreSession == null) {
			return this.session.isOpen();
		}
		return this.coreSession instanceof WebSocketCoreSession core && core.getConnection().getEndPoint().isOpen();
	}

	@Override
	public void ping() {
		this.session.sendPing(EMPTY.duplicate(), Callback.NOOP);
	}

	@Override
	public void close(WsCloseStatus status) {
		this.session.close(status.code(), status.frameReason(), Callback.NOOP);
	}

	@Override
	public void abort(WsCloseStatus status) {
		this.session.disconnect();
	}

	private void started(SendCallback callback) {
		this.callback = callback;
	}

	private void completed(@Nullable Throwable failure) {
		SendCallback callback = this.callback;
		this.callback = null;
		if (callback != null) {
			callback.sendComplete(failure);
		}
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
