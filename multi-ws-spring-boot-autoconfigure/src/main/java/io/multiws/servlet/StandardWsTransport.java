package io.multiws.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * A transport over a Jakarta WebSocket session (Tomcat, Jetty), written through its
 * asynchronous remote so that no thread waits for the network.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class StandardWsTransport extends AbstractServletWsTransport<Session> implements SendHandler {

	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final RemoteEndpoint.Async remote;

	StandardWsTransport(StandardWebSocketSession springSession, WebSocketSession userSession, long sendTimeLimitMillis) {
		super(springSession, userSession, springSession.getNativeSession());
		this.remote = nativeSession().getAsyncRemote();
		// No container send timeout: DefaultWsHubs enforces the send time limit of every
		// write, and Tomcat's would add a timeout registration to every asynchronous send
		nativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeLimitMillis);
	}

	@Override
	public void send(WsPayload payload, SendCallback callback) {
		started(callback);
		if (payload.isText()) {
			this.remote.sendText(payload.asText(), this);
		}
		else {
			this.remote.sendBinary(ByteBuffer.wrap(payload.asBytes()), this);
		}
	}

	@Override
	public boolean sendInPlace(WsPayload payload) throws IOException {
		RemoteEndpoint.Basic basic = nativeSession().getBasicRemote();
		if (payload.isText()) {
			basic.sendText(payload.asText());
		}
		else {
			basic.sendBinary(ByteBuffer.wrap(payload.asBytes()));
		}
		return true;
	}

	@Override
	public void onResult(SendResult result) {
		completed(result.isOK() ? null : result.getException());
	}

	@Override
	public void ping() {
		try {
			this.remote.sendPing(EMPTY.duplicate());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close(WsCloseStatus status) {
		try {
			nativeSession().close(closeReason(status));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void abort(WsCloseStatus status) {
		// A close waits for a write in progress: bound that wait so a stuck peer is dropped
		nativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, 1L);
		try {
			nativeSession().close(closeReason(status));
		}
		catch (Exception ex) {
			// The connection is gone either way
		}
	}

	private static CloseReason closeReason(WsCloseStatus status) {
		return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.code()), truncate(status.reason()));
	}

	/**
	 * Return a close reason that fits a close frame (123 bytes of UTF-8).
	 * @param reason the reason
	 * @return the reason, shortened if needed
	 */
	static String truncate(String reason) {
		byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
		return (bytes.length <= 123) ? reason : new String(bytes, 0, 120, StandardCharsets.UTF_8);
	}

}
