package io.multiws.servlet;

import java.nio.ByteBuffer;

import io.multiws.core.WsEndpointHandler;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsSession;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

/**
 * Runs a {@code @WsEndpoint} bean that implements Spring's {@link WebSocketHandler} for
 * every session of every hub of its patterns.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WebSocketHandlerEndpointAdapter implements WsEndpointHandler {

	private final WebSocketHandler handler;

	/**
	 * Create an adapter.
	 * @param handler the handler bean
	 */
	public WebSocketHandlerEndpointAdapter(WebSocketHandler handler) {
		this.handler = handler;
	}

	@Override
	public boolean acceptsText() {
		return true;
	}

	@Override
	public boolean acceptsBinary() {
		return true;
	}

	@Override
	public void onOpen(WsSession session) throws Exception {
		this.handler.afterConnectionEstablished(springSession(session));
	}

	@Override
	public void onText(WsSession session, String text) throws Exception {
		this.handler.handleMessage(springSession(session), new TextMessage(text));
	}

	@Override
	public void onBinary(WsSession session, ByteBuffer bytes) throws Exception {
		this.handler.handleMessage(springSession(session), new BinaryMessage(bytes));
	}

	@Override
	public void onClose(WsSession session, WsCloseStatus status) throws Exception {
		this.handler.afterConnectionClosed(springSession(session), new CloseStatus(status.code(), status.reason()));
	}

	private static WebSocketSession springSession(WsSession session) {
		WebSocketSession springSession = session.unwrap(WebSocketSession.class);
		Assert.state(springSession != null, "Not a Servlet WebSocket session");
		return springSession;
	}

	@Override
	public String toString() {
		return "WebSocketHandler " + this.handler;
	}

}
