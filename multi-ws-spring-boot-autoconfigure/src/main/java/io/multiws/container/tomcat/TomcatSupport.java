package io.multiws.container.tomcat;

import java.util.List;
import java.util.Map;

import io.multiws.admission.WsClientConnection;
import io.multiws.container.Containers;
import io.multiws.container.ServletClientConnection;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsTransport;
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

import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.StandardWebSocketUpgradeStrategy;

/**
 * What the reactive binding does differently on Tomcat: its upgrade, the transport of its
 * control frames and the peer's address. Callers check that the Jakarta WebSocket API is
 * present first: this class links against it and the Servlet API. Not an application
 * API.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class TomcatSupport {

	/**
	 * The Tomcat session whose endpoint is opening on this thread: WebFlux's session
	 * keeps it to itself, and the handler starts on this thread, inside the endpoint's
	 * {@code onOpen}.
	 */
	private static final ThreadLocal<@Nullable Session> OPENING = new ThreadLocal<>();

	private TomcatSupport() {
	}

	/**
	 * Return the connection of a request beneath Spring's
	 * {@code ForwardedHeaderTransformer}.
	 * @param nativeRequest the server's own request
	 * @return the connection, or {@code null} if the request is no servlet request
	 */
	public static @Nullable WsClientConnection connection(Object nativeRequest) {
		return (nativeRequest instanceof HttpServletRequest request) ? ServletClientConnection.of(request) : null;
	}

	/**
	 * Return a handshake service for an endpoint, with the container's message buffers
	 * sized to the endpoint's limits, permessage-deflate only if the endpoint allows it,
	 * and, on Tomcat with container optimizations, an endpoint that makes its session
	 * known while it opens ({@link #openingSession()}).
	 * @param endpoint the endpoint
	 * @param containerOptimizations whether to use Tomcat's own API below the portable one
	 * @return the handshake service
	 */
	public static HandshakeWebSocketService handshakeService(WsEndpointDefinition endpoint, boolean containerOptimizations) {
		EndpointSettings settings = endpoint.settings();
		StandardWebSocketUpgradeStrategy strategy = new UpgradeStrategy(settings.compression(),
				containerOptimizations);
		strategy.setMaxTextMessageBufferSize(settings.maxTextMessageSize());
		strategy.setMaxBinaryMessageBufferSize(settings.maxBinaryMessageSize());
		return new HandshakeWebSocketService(strategy);
	}

	/**
	 * Whether Tomcat's non-blocking frame path is reachable, as found once at start-up.
	 * @return {@code true} if sessions on Tomcat write their control frames through it
	 */
	public static boolean controlFramesAvailable() {
		return TomcatControlFramesTransport.isAvailable();
	}

	/**
	 * Return the transport of a session whose Tomcat endpoint is opening on this thread:
	 * messages through WebFlux, control frames through Tomcat's non-blocking frame path.
	 * @param session the WebFlux session
	 * @param messages the transport of the session's messages
	 * @param sendTimeLimitMillis the send time limit of the session's endpoint
	 * @return the transport, or {@code null} if the session is not Tomcat's or Tomcat's
	 * internals are out of reach
	 */
	public static @Nullable WsTransport controlFramesTransport(WebSocketSession session, WsTransport messages,
			long sendTimeLimitMillis) {
		return TomcatControlFramesTransport.of(session, messages, sendTimeLimitMillis);
	}

	/**
	 * Suspend Tomcat's reads of a connection for good, if its transport is one of
	 * {@link #controlFramesTransport}: its pings are read whatever WebFlux demands. Called
	 * on the thread that reads it.
	 * @param transport the session's transport
	 */
	public static void stopReading(WsTransport transport) {
		TomcatControlFramesTransport.stopReading(transport);
	}

	/**
	 * Return the Tomcat session whose endpoint is opening on this thread, while the
	 * session's handler starts.
	 * @return the session, or {@code null} outside an endpoint's {@code onOpen} or off
	 * Tomcat
	 */
	static @Nullable Session openingSession() {
		return OPENING.get();
	}

	/**
	 * Tomcat negotiates every extension it has when the endpoint names none: without
	 * compression, hide the client's offer instead. On Tomcat, the endpoint makes its session
	 * known to the thread that opens it.
	 */
	private static final class UpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		private final boolean compression;

		private final boolean opening;

		UpgradeStrategy(boolean compression, boolean containerOptimizations) {
			this.compression = compression;
			this.opening = Containers.TOMCAT && containerOptimizations;
		}

		@Override
		protected void upgradeHttpToWebSocket(HttpServletRequest request, HttpServletResponse response,
				ServerEndpointConfig endpointConfig, Map<String, String> pathParams) throws Exception {
			super.upgradeHttpToWebSocket(this.compression ? request : new WithoutExtensionOffers(request), response,
					this.opening ? new OpeningEndpointConfig(endpointConfig) : endpointConfig,
					pathParams);
		}

	}

	/**
	 * Spring's endpoint configuration, whose endpoint makes its session known as it opens.
	 */
	private static final class OpeningEndpointConfig extends ServerEndpointConfig.Configurator
			implements ServerEndpointConfig {

		private final ServerEndpointConfig config;

		OpeningEndpointConfig(ServerEndpointConfig config) {
			this.config = config;
		}

		@Override
		public Class<?> getEndpointClass() {
			return OpeningEndpoint.class;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
			Endpoint endpoint = (Endpoint) this.config.getConfigurator()
				.getEndpointInstance(this.config.getEndpointClass());
			return (T) new OpeningEndpoint(endpoint);
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
	 * Spring's endpoint, with its session known to the thread that opens it, and the
 * socket of a connection that Tomcat closed on an error released at once.
	 */
	private static final class OpeningEndpoint extends Endpoint {

		private final Endpoint endpoint;

		OpeningEndpoint(Endpoint endpoint) {
			this.endpoint = endpoint;
		}

		@Override
		public void onOpen(Session session, EndpointConfig config) {
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

		/**
		 * Tomcat reports an error once it closed the connection (a pong or a frame that
		 * the peer did not take within the send time limit): have the socket released at
		 * once rather than when Tomcat's poller next wakes up, up to a second later.
		 */
		@Override
		public void onError(Session session, Throwable failure) {
			try {
				this.endpoint.onError(session, failure);
			}
			finally {
				TomcatWebSocketSupport tomcat = TomcatWebSocketSupport.of(session, 0);
				if (tomcat != null) {
					tomcat.releaseClosedSocket();
				}
			}
		}

	}

}
