package io.multiws.servlet;

import java.net.URI;
import java.nio.ByteBuffer;

import io.multiws.admission.InboundLimiter;
import io.multiws.container.jetty.JettySupport;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.DefaultWsSession;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * The Spring {@link WebSocketHandler} of one connection: it holds its
 * {@link DefaultWsSession}, so that no message needs a lookup.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class ServletSessionHandler implements WebSocketHandler {

	private static final boolean JETTY_PRESENT = ClassUtils.isPresent(
			"org.eclipse.jetty.websocket.api.Session", ServletSessionHandler.class.getClassLoader());

	private final WsEndpointMatch match;

	private final DefaultWsHubs hubs;

	private final boolean containerOptimizations;

	private final InboundLimiter inbound;

	private final OpeningPermit permit;

	private @Nullable DefaultWsSession session;

	private @Nullable PartialMessages parts;

	private @Nullable WsTransport transport;

	ServletSessionHandler(WsEndpointMatch match, DefaultWsHubs hubs, InboundLimiter inbound, OpeningPermit permit,
			boolean containerOptimizations) {
		this.match = match;
		this.hubs = hubs;
		this.inbound = inbound;
		this.permit = permit;
		this.containerOptimizations = containerOptimizations;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession springSession) {
		this.permit.opened();
		EndpointSettings settings = this.match.endpoint().settings();
		if (springSession instanceof StandardWebSocketSession) {
			// Messages come in parts of the container's buffer size, which stays as it is
			this.parts = new PartialMessages(settings.maxTextMessageSize(), settings.maxBinaryMessageSize());
		}
		else {
			springSession.setTextMessageSizeLimit(settings.maxTextMessageSize());
			springSession.setBinaryMessageSizeLimit(settings.maxBinaryMessageSize());
		}
		WsSessionWebSocketSession userSession = new WsSessionWebSocketSession(springSession);
		WsTransport transport = createTransport(springSession, userSession, settings);
		URI uri = springSession.getUri();
		Assert.state(uri != null, "Handshake URI required");
		DefaultWsSession session = new DefaultWsSession(springSession.getId(), this.match, this.hubs, transport, uri,
				springSession.getHandshakeHeaders(), springSession.getPrincipal(), springSession.getAcceptedProtocol(),
				springSession.getAttributes());
		session.whenGone(this.permit::release);
		if (transport instanceof StandardWsTransport standardTransport) {
			session.readPacing(standardTransport.readPacing());
		}
		else if (JETTY_PRESENT) {
			session.readPacing(JettySupport.readPacing(transport));
			JettySupport.answerPings(transport, (payload) -> receivedPing(session, payload));
		}
		userSession.bind(session);
		this.transport = transport;
		this.session = session;
		try {
			session.opened();
		}
		finally {
			if (transport instanceof StandardWsTransport standardTransport) {
				standardTransport.opened(this.hubs);
			}
		}
	}

	private WsTransport createTransport(WebSocketSession springSession, WebSocketSession userSession,
			EndpointSettings settings) {
		if (springSession instanceof StandardWebSocketSession standardSession) {
			return new StandardWsTransport(standardSession, userSession, settings.sendTimeLimit().toMillis(),
					this.containerOptimizations);
		}
		if (JETTY_PRESENT && springSession instanceof JettyWebSocketSession jettySession) {
			return JettySupport.transport(jettySession, userSession, this.hubs.idleTimeout(),
					this.containerOptimizations);
		}
		throw new IllegalStateException("Unsupported WebSocket session " + springSession.getClass().getName()
				+ ": multi-ws supports Jakarta WebSocket containers (Tomcat) and Jetty");
	}

	@Override
	public void handleMessage(WebSocketSession springSession, WebSocketMessage<?> message) {
		DefaultWsSession session = this.session;
		if (session == null) {
			return;
		}
		if (message instanceof PongMessage) {
			session.pongReceived();
		}
		else if (message instanceof TextMessage text) {
			PartialMessages parts = this.parts;
			if (parts == null) {
				receivedText(session, text.getPayload(), -1);
			}
			else {
				received(session, parts.text(text.getPayload(), text.isLast()));
			}
		}
		else if (message instanceof BinaryMessage binary) {
			PartialMessages parts = this.parts;
			if (parts == null) {
				receivedBinary(session, binary.getPayload());
			}
			else {
				received(session, parts.binary(binary.getPayload(), binary.isLast()));
			}
		}
	}

	private void received(DefaultWsSession session, PartialMessages.Outcome outcome) {
		if (outcome.text() != null) {
			receivedText(session, outcome.text(), outcome.bytes());
		}
		else if (outcome.binary() != null) {
			receivedBinary(session, outcome.binary());
		}
		else if (outcome == PartialMessages.Outcome.TEXT_TOO_BIG) {
			tooBig(session, "text", this.match.endpoint().settings().maxTextMessageSize());
		}
		else if (outcome == PartialMessages.Outcome.BINARY_TOO_BIG) {
			tooBig(session, "binary", this.match.endpoint().settings().maxBinaryMessageSize());
		}
	}

	private static void tooBig(DefaultWsSession session, String kind, int limit) {
		session.close(InboundLimiter.tooBig(kind, limit));
	}

	private void receivedBinary(DefaultWsSession session, ByteBuffer payload) {
		if (this.inbound.admit(session, payload.remaining())) {
			session.received(payload);
		}
	}

	/**
	 * Dispatch a text message within the endpoint's limit in UTF-8 bytes and its inbound
	 * rate. Tomcat counts its text buffer in characters, which a message of more bytes
	 * than the limit can still fit; Jetty and Netty count bytes, and so does multi-ws on
	 * every stack. The bytes are counted at most once, and only when needed.
	 */
	private void receivedText(DefaultWsSession session, String text, int counted) {
		int limit = this.match.endpoint().settings().maxTextMessageSize();
		// No character takes more than three bytes: only a long enough message can be over
		boolean mayBeOver = counted < 0 && (long) text.length() * 3 > limit;
		int bytes = (counted >= 0) ? counted
				: (mayBeOver || this.inbound.countsBytes()) ? WsPayload.utf8Length(text) : text.length();
		boolean admitted = mayBeOver ? this.inbound.admit(session, bytes, limit, "text")
				: this.inbound.admit(session, bytes);
		if (admitted) {
			session.received(text);
		}
	}

	/**
	 * Answer a ping within the session's inbound rate; the container hands pings here
	 * rather than answering them itself.
	 */
	private void receivedPing(DefaultWsSession session, byte[] payload) {
		if (this.inbound.admit(session, payload.length)) {
			session.pingReceived(payload);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession springSession, Throwable exception) {
		// Followed by afterConnectionClosed; the container reports the close code
		if (this.transport instanceof StandardWsTransport standardTransport) {
			standardTransport.connectionFailed();
		}
	}

	/**
	 * Report the close to the session, which gives the admission slot back once the
	 * socket is closed too (see {@link DefaultWsSession#whenGone}).
	 */
	@Override
	public void afterConnectionClosed(WebSocketSession springSession, CloseStatus closeStatus) {
		DefaultWsSession session = this.session;
		if (session == null) {
			this.permit.release();
			return;
		}
		session.closed(new WsCloseStatus(closeStatus.getCode(), closeStatus.getReason()));
	}

	/**
	 * Take messages in parts where the container offers them (Tomcat: Spring's Jetty
	 * adapter always hands whole messages), so that the container's message buffers
	 * keep their small size instead of growing to the size limits on the first message.
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
