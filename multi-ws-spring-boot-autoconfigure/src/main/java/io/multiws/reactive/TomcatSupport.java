package io.multiws.reactive;

import java.util.Map;

import io.multiws.core.WsEndpointDefinition;
import io.multiws.servlet.WithoutExtensionOffers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpointConfig;

import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.StandardWebSocketUpgradeStrategy;

/**
 * What the reactive binding does differently on Tomcat. Callers check that the Jakarta
 * WebSocket API is present first: this class links against it and the Servlet API.
 *
 * @author multi-ws team
 */
final class TomcatSupport {

	private TomcatSupport() {
	}

	/**
	 * Return a handshake service for an endpoint, with the container's message buffers
	 * sized to the endpoint's limits, and permessage-deflate only if the endpoint allows
	 * it.
	 * @param endpoint the endpoint
	 * @return the handshake service
	 */
	static HandshakeWebSocketService handshakeService(WsEndpointDefinition endpoint) {
		StandardWebSocketUpgradeStrategy strategy = endpoint.settings().compression()
				? new StandardWebSocketUpgradeStrategy() : new UncompressedUpgradeStrategy();
		strategy.setMaxTextMessageBufferSize(endpoint.settings().maxTextMessageSize());
		strategy.setMaxBinaryMessageBufferSize(endpoint.settings().maxBinaryMessageSize());
		return new HandshakeWebSocketService(strategy);
	}

	/**
	 * Tomcat negotiates every extension it has when the endpoint names none: hide the
	 * client's offer instead.
	 */
	private static final class UncompressedUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		@Override
		protected void upgradeHttpToWebSocket(HttpServletRequest request, HttpServletResponse response,
				ServerEndpointConfig endpointConfig, Map<String, String> pathParams) throws Exception {
			super.upgradeHttpToWebSocket(new WithoutExtensionOffers(request), response, endpointConfig, pathParams);
		}

	}

}
