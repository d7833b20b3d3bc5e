package io.multiws.servlet;

import java.io.IOException;

import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The Spring {@link WebSocketSession} that applications receive: sends go through the
 * multi-ws session's outbound queue, so they are thread-safe and bounded like every
 * other send.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class WsSessionWebSocketSession extends WebSocketSessionDecorator {

	private @Nullable DefaultWsSession session;

	WsSessionWebSocketSession(WebSocketSession delegate) {
		super(delegate);
	}

	void bind(DefaultWsSession session) {
		this.session = session;
	}

	private DefaultWsSession session() {
		DefaultWsSession session = this.session;
		Assert.state(session != null, "Session not bound");
		return session;
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		boolean sent;
		if (message instanceof TextMessage text) {
			sent = session().sendPayload(WsPayload.text(text.getPayload()));
		}
		else if (message instanceof BinaryMessage binary) {
			sent = session().sendPayload(WsPayload.binary(binary.getPayload()));
		}
		else {
			throw new IllegalArgumentException("Unsupported message type " + message.getClass().getName()
					+ ": multi-ws sends pings itself (multi-ws.ping-interval)");
		}
		if (!sent && !session().isOpen()) {
			throw new IOException("Session " + getId() + " is closed");
		}
	}

	@Override
	public void close(CloseStatus status) {
		session().close(new WsCloseStatus(status.getCode(), status.getReason()));
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

}
