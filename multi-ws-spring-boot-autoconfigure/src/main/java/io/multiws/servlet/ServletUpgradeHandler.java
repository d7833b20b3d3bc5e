package io.multiws.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.multiws.core.DefaultWsHubs;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.endpoint.WsEndpointDefinition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Performs the checks multi-ws owns on every upgrade (origin, shutdown, hub caps) and
 * then the handshake through Spring's {@link DefaultHandshakeHandler}, one per endpoint
 * for its subprotocols. A refused upgrade creates no hub.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ServletUpgradeHandler {

	private static final Log logger = LogFactory.getLog(ServletUpgradeHandler.class);

	private final DefaultWsHubs hubs;

	private final Map<WsEndpointDefinition, DefaultHandshakeHandler> handshakeHandlers = new HashMap<>();

	/**
	 * Create an upgrade handler.
	 * @param hubs the hub registry
	 */
	public ServletUpgradeHandler(DefaultWsHubs hubs) {
		this.hubs = hubs;
		for (WsEndpointDefinition endpoint : hubs.mappings().endpoints()) {
			DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler();
			handshakeHandler.setSupportedProtocols(endpoint.settings().subprotocols().toArray(String[]::new));
			this.handshakeHandlers.put(endpoint, handshakeHandler);
		}
	}

	void upgrade(WsEndpointMatch match, HttpServletRequest servletRequest, HttpServletResponse servletResponse)
			throws IOException {
		ServletServerHttpRequest request = new ServletServerHttpRequest(servletRequest);
		EndpointSettings settings = match.endpoint().settings();
		if (!settings.originPolicy().isAllowed(request)) {
			refuse(servletResponse, HttpStatus.FORBIDDEN, "Origin not allowed: " + request.getHeaders().getOrigin());
			return;
		}
		String problem = this.hubs.admissionProblem(match);
		if (problem != null) {
			refuse(servletResponse, HttpStatus.SERVICE_UNAVAILABLE, problem);
			return;
		}
		ServletServerHttpResponse response = new ServletServerHttpResponse(servletResponse);
		Map<String, Object> attributes = new HashMap<>();
		try {
			this.handshakeHandlers.get(match.endpoint())
				.doHandshake(request, response, new ServletSessionHandler(match, this.hubs), attributes);
		}
		catch (HandshakeFailureException ex) {
			logger.debug("WebSocket handshake failed for " + match.path(), ex);
			if (!servletResponse.isCommitted()) {
				refuse(servletResponse, HttpStatus.INTERNAL_SERVER_ERROR, "WebSocket handshake failed");
			}
			return;
		}
		response.close();
	}

	static void refuse(HttpServletResponse response, HttpStatus status, String reason) throws IOException {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket upgrade with " + status.value() + ": " + reason);
		}
		response.setStatus(status.value());
		response.setContentType("text/plain;charset=UTF-8");
		response.getOutputStream().write(reason.getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}

	List<WsEndpointDefinition> endpoints() {
		return List.copyOf(this.handshakeHandlers.keySet());
	}

}
