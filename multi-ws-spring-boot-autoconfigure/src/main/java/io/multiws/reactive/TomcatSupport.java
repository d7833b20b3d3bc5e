package io.multiws.reactive;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import io.multiws.servlet.TomcatFrameRules;
import io.multiws.servlet.TomcatWebSocketSupport;
import io.multiws.servlet.WithoutExtensionOffers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.StandardWebSocketUpgradeStrategy;

/**
 * What the reactive binding does differently on Tomcat. Callers check that the Jakarta
 * WebSocket API is present first: this class links against it and the Servlet API.
 *
 * @author multi-ws team
 */
final class TomcatSupport {

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsFrameBase",
			TomcatSupport.class.getClassLoader());

	/**
	 * The Tomcat session whose endpoint is opening on this thread: WebFlux's session
	 * keeps it to itself, and the handler starts on this thread, inside the endpoint's
	 * {@code onOpen}.
	 */
	private static final ThreadLocal<@Nullable Session> OPENING = new ThreadLocal<>();

	private TomcatSupport() {
	}

	/**
	 * Return a transport for a session on Tomcat whose pongs go out through Tomcat's
	 * non-blocking frame path, and whose connection is counted until its socket is
	 * closed, or {@code null} if the session is not Tomcat's or Tomcat's internals are out
	 * of reach.
	 * @param session the WebFlux session
	 * @param streaming the transport of the session's messages
	 * @param sendTimeLimitMillis the send time limit of the session's endpoint
	 * @return the transport, or {@code null}
	 */
	static @Nullable ControlFramesTransport transport(WebSocketSession session, WsTransport streaming,
			long sendTimeLimitMillis) {
		Session nativeSession = OPENING.get();
		if (!TOMCAT_PRESENT || nativeSession == null || !nativeSession.getId().equals(session.getId())) {
			return null;
		}
		TomcatWebSocketSupport tomcat = TomcatWebSocketSupport.of(nativeSession, sendTimeLimitMillis);
		return (tomcat != null) ? new ControlFramesTransport(streaming, nativeSession, tomcat, sendTimeLimitMillis)
				: null;
	}

	/**
	 * Return a handshake service for an endpoint, with the container's message buffers
	 * sized to the endpoint's limits, permessage-deflate only if the endpoint allows it,
	 * and, on Tomcat, {@link TomcatFrameRules} in front of every session's frame parser.
	 * @param endpoint the endpoint
	 * @return the handshake service
	 */
	static HandshakeWebSocketService handshakeService(WsEndpointDefinition endpoint) {
		EndpointSettings settings = endpoint.settings();
		StandardWebSocketUpgradeStrategy strategy = new UpgradeStrategy(settings.compression(),
				Math.max(settings.maxTextMessageSize(), settings.maxBinaryMessageSize()));
		strategy.setMaxTextMessageBufferSize(settings.maxTextMessageSize());
		strategy.setMaxBinaryMessageBufferSize(settings.maxBinaryMessageSize());
		return new HandshakeWebSocketService(strategy);
	}

	/**
	 * Tomcat negotiates every extension it has when the endpoint names none: without
	 * compression, hide the client's offer instead. On Tomcat, the endpoint puts the frame
	 * rules in place as it opens, before the session reads a frame.
	 */
	private static final class UpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		private final boolean compression;

		private final int maxFrameLength;

		UpgradeStrategy(boolean compression, int maxFrameLength) {
			this.compression = compression;
			this.maxFrameLength = maxFrameLength;
		}

		@Override
		protected void upgradeHttpToWebSocket(HttpServletRequest request, HttpServletResponse response,
				ServerEndpointConfig endpointConfig, Map<String, String> pathParams) throws Exception {
			super.upgradeHttpToWebSocket(this.compression ? request : new WithoutExtensionOffers(request), response,
					TOMCAT_PRESENT ? new RuledEndpointConfig(endpointConfig, this.maxFrameLength) : endpointConfig,
					pathParams);
		}

	}

	/**
	 * Spring's endpoint configuration, whose endpoint installs the frame rules first.
	 */
	private static final class RuledEndpointConfig extends ServerEndpointConfig.Configurator
			implements ServerEndpointConfig {

		private final ServerEndpointConfig config;

		private final int maxFrameLength;

		RuledEndpointConfig(ServerEndpointConfig config, int maxFrameLength) {
			this.config = config;
			this.maxFrameLength = maxFrameLength;
		}

		@Override
		public Class<?> getEndpointClass() {
			return RuledEndpoint.class;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
			Endpoint endpoint = (Endpoint) this.config.getConfigurator()
				.getEndpointInstance(this.config.getEndpointClass());
			return (T) new RuledEndpoint(endpoint, this.maxFrameLength);
		}

		@Override
		public ServerEndpointConfig.Configurator getConfigurator() {
			return this;
		}

		@Override
		public String getPath() {
			return this.config.getPath();
		}

		@Override
		public List<String> getSubprotocols() {
			return this.config.getSubprotocols();
		}

		@Override
		public List<Extension> getExtensions() {
			return this.config.getExtensions();
		}

		@Override
		public List<Class<? extends Encoder>> getEncoders() {
			return this.config.getEncoders();
		}

		@Override
		public List<Class<? extends Decoder>> getDecoders() {
			return this.config.getDecoders();
		}

		@Override
		public Map<String, Object> getUserProperties() {
			return this.config.getUserProperties();
		}

	}

	/**
	 * Hand the pings of a session to the given handler, if its transport is a
	 * {@link ControlFramesTransport}: Tomcat then no longer answers them itself.
	 * @param transport the session's transport
	 * @param handler the handler of each ping's application data
	 */
	static void answerPings(WsTransport transport, Consumer<byte[]> handler) {
		if (transport instanceof ControlFramesTransport tomcat) {
			tomcat.answerPings(handler);
		}
	}

	/**
	 * A session's transport whose control frames go through Tomcat's non-blocking frame
	 * path: Spring writes pings and pongs with a blocking call, on the thread that emits
	 * them. A control frame is only written while no message is, so it never waits for
	 * one of Spring's writes. Tomcat's own blocking writes (a close frame) wait at most
	 * the send time limit, and at most a millisecond once the connection is dropped.
	 */
	static final class ControlFramesTransport implements WsTransport {

		private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

		private static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

		private static final byte PING = 0x9;

		private static final byte[] PING_PAYLOAD = { 'p' };

		private final WsTransport messages;

		private final Session session;

		private final TomcatWebSocketSupport tomcat;

		ControlFramesTransport(WsTransport messages, Session session, TomcatWebSocketSupport tomcat,
				long sendTimeLimitMillis) {
			this.messages = messages;
			this.session = session;
			this.tomcat = tomcat;
			session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeLimitMillis);
			session.getUserProperties().put(SESSION_CLOSE_TIMEOUT, sendTimeLimitMillis);
		}

		/**
		 * Hand the connection's pings to the given handler instead of Tomcat.
		 * @param handler the handler of each ping's application data, called on the
		 * thread that read it
		 * @return whether pings go to the handler
		 */
		boolean answerPings(Consumer<byte[]> handler) {
			return TomcatFrameRules.answerPings(this.session, handler);
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

	/**
	 * Spring's endpoint, after the frame rules are in place.
	 */
	private static final class RuledEndpoint extends Endpoint {

		private final Endpoint endpoint;

		private final int maxFrameLength;

		RuledEndpoint(Endpoint endpoint, int maxFrameLength) {
			this.endpoint = endpoint;
			this.maxFrameLength = maxFrameLength;
		}

		@Override
		public void onOpen(Session session, EndpointConfig config) {
			TomcatFrameRules.install(session, this.maxFrameLength);
			OPENING.set(session);
			try {
				this.endpoint.onOpen(session, config);
			}
			finally {
				OPENING.remove();
			}
		}

		@Override
		public void onClose(Session session, CloseReason closeReason) {
			this.endpoint.onClose(session, closeReason);
		}

		@Override
		public void onError(Session session, Throwable failure) {
			this.endpoint.onError(session, failure);
		}

	}

}
