package io.multiws.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.multiws.admission.WsAdmissionPermit;
import io.multiws.admission.WsRefusalReason;
import io.multiws.container.ServletClientConnection;
import io.multiws.container.jetty.JettySupport;
import io.multiws.container.tomcat.WithoutExtensionOffers;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsProtocolChecks;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.core.WsUpgradeDecision;
import io.multiws.core.WsUpgradeRefusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Performs the checks multi-ws owns on every upgrade (origin, shutdown, admission control,
 * hub caps) and then the handshake through Spring's {@link DefaultHandshakeHandler}, one
 * per endpoint for its subprotocols. A refused upgrade creates no hub; the admission
 * permit of an upgrade that fails is given back here, that of an upgraded connection
 * when it closes.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ServletUpgradeHandler {

	private static final Log logger = LogFactory.getLog(ServletUpgradeHandler.class);

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	/**
	 * Whether the container is Jetty, whose extensions only its own upgrade response can
	 * refuse; Spring's handshake handler prefers Tomcat when both are present.
	 */
	private static final boolean JETTY_ONLY = isPresent(
			"org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer")
			&& !isPresent("org.apache.tomcat.websocket.server.WsHttpUpgradeHandler");

	/**
	 * How long the container may take to open an upgraded connection before its permit
	 * is given back.
	 */
	private static final Duration OPEN_DEADLINE = Duration.ofSeconds(5);

	private final DefaultWsHubs hubs;

	private final WsUpgradeChecks checks;

	private final Map<WsEndpointDefinition, DefaultHandshakeHandler> handshakeHandlers = new HashMap<>();

	private final boolean containerOptimizations;

	/**
	 * Create an upgrade handler.
	 * @param checks the upgrade checks
	 * @param containerOptimizations whether to use the container's own API below the
	 * portable one where it is reachable
	 */
	public ServletUpgradeHandler(WsUpgradeChecks checks, boolean containerOptimizations) {
		this.checks = checks;
		this.containerOptimizations = containerOptimizations;
		this.hubs = checks.hubs();
		for (WsEndpointDefinition endpoint : hubs.mappings().endpoints()) {
			EndpointSettings settings = endpoint.settings();
			DefaultHandshakeHandler handshakeHandler = JETTY_ONLY
					? JettySupport.handshakeHandler(settings.compression(), containerOptimizations,
							ServletUpgradeHandler::refuse)
					: new DefaultHandshakeHandler();
			handshakeHandler.setSupportedProtocols(settings.subprotocols().toArray(String[]::new));
			this.handshakeHandlers.put(endpoint, handshakeHandler);
		}
	}

	void upgrade(WsEndpointMatch match, HttpServletRequest servletRequest, HttpServletResponse servletResponse)
			throws IOException {
		ServletServerHttpRequest request = new ServletServerHttpRequest(servletRequest);
		Map<String, Object> attributes = new HashMap<>();
		WsUpgradeRefusal refusal = WsProtocolChecks.check(request.getHeaders());
		if (refusal != null) {
			this.checks.refused(refusal.cause());
			refuse(servletResponse, refusal);
			return;
		}
		WsUpgradeDecision decision = this.checks.check(match, request, ServletClientConnection.of(servletRequest),
				request.getPrincipal(), attributes);
		refusal = decision.refusal();
		if (refusal != null) {
			refuse(servletResponse, refusal);
			return;
		}
		WsAdmissionPermit permit = decision.requirePermit();
		boolean upgraded = false;
		try {
			upgraded = handshake(match, servletRequest, request, servletResponse, attributes, decision);
		}
		finally {
			if (!upgraded) {
				permit.release();
				decision.handshakeFailed(HttpStatus.INTERNAL_SERVER_ERROR, null);
			}
		}
	}

	private boolean handshake(WsEndpointMatch match, HttpServletRequest servletRequest,
			ServletServerHttpRequest request, HttpServletResponse servletResponse, Map<String, Object> attributes,
			WsUpgradeDecision decision) throws IOException {
		WsAdmissionPermit permit = decision.requirePermit();
		ServletServerHttpResponse response = new ServletServerHttpResponse(servletResponse);
		OpeningPermit opening = new OpeningPermit(permit);
		ServletSessionHandler sessionHandler = new ServletSessionHandler(match, this.hubs,
				permit.inboundLimiter(match.endpoint().name()), opening, this.containerOptimizations);
		boolean upgraded;
		try {
			upgraded = this.handshakeHandlers.get(match.endpoint())
				.doHandshake(offered(match, servletRequest, request), response, sessionHandler, attributes);
		}
		catch (HandshakeFailureException ex) {
			logger.debug("WebSocket handshake failed for " + match.path(), ex);
			this.checks.refused(WsRefusalReason.HANDSHAKE_FAILED);
			if (!servletResponse.isCommitted()) {
				refuse(servletResponse, HttpStatus.INTERNAL_SERVER_ERROR, "WebSocket handshake failed");
			}
			// The status the client got: the upgrade strategy may have answered it
			decision.handshakeFailed(answered(servletResponse), ex);
			return false;
		}
		if (!upgraded) {
			this.checks.refused(WsRefusalReason.HANDSHAKE_FAILED);
			decision.handshakeFailed(answered(servletResponse), null);
		}
		else {
			decision.upgraded();
			opening.expectOpening(this.hubs, OPEN_DEADLINE);
		}
		response.close();
		return upgraded;
	}

	private static HttpStatus answered(HttpServletResponse response) {
		HttpStatus status = HttpStatus.resolve(response.getStatus());
		return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static void refuse(HttpServletResponse response, WsUpgradeRefusal refusal) throws IOException {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket upgrade with " + refusal.status().value() + ": " + refusal.reason());
		}
		response.setStatus(refusal.status().value());
		refusal.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		byte[] body = refusal.body();
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/**
	 * Return the request to shake hands with: without its extension offer if the endpoint
	 * has no compression, as Tomcat negotiates every extension it has when none is named
	 * (Jetty's upgrade response refuses them instead).
	 */
	private static ServletServerHttpRequest offered(WsEndpointMatch match, HttpServletRequest servletRequest,
			ServletServerHttpRequest request) {
		if (JETTY_ONLY || match.endpoint().settings().compression() || servletRequest.getHeader(EXTENSIONS) == null) {
			return request;
		}
		return new ServletServerHttpRequest(new WithoutExtensionOffers(servletRequest));
	}

	private static boolean isPresent(String className) {
		return ClassUtils.isPresent(className, ServletUpgradeHandler.class.getClassLoader());
	}

	static void refuse(HttpServletResponse response, HttpStatus status, String reason) throws IOException {
		refuse(response, new WsUpgradeRefusal(status, reason));
	}

	/**
	 * Refuse an upgrade to an invalid hub path, and count it.
	 * @param response the response
	 * @param status the status
	 * @param reason the reason
	 * @throws IOException on I/O failure
	 */
	void refuseInvalidPath(HttpServletResponse response, HttpStatus status, String reason) throws IOException {
		this.checks.refused(WsRefusalReason.INVALID_PATH);
		refuse(response, status, reason);
	}

}
