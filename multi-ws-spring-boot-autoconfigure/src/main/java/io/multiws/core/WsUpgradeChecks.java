package io.multiws.core;

import java.security.Principal;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;

/**
 * The checks multi-ws makes on every upgrade before the handshake, the same on every web
 * stack, in this order: origin (403), authentication when the endpoint requires it (401),
 * shutdown and hub caps (503), then the endpoint's {@code @OnHandshake} method (its
 * chosen status). A refused upgrade creates no hub.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsUpgradeChecks {

	private static final Log logger = LogFactory.getLog(WsUpgradeChecks.class);

	private final DefaultWsHubs hubs;

	/**
	 * Create the checks.
	 * @param hubs the hub registry
	 */
	public WsUpgradeChecks(DefaultWsHubs hubs) {
		this.hubs = hubs;
	}

	/**
	 * Check an upgrade request.
	 * @param match the endpoint and hub it maps to
	 * @param request the handshake request
	 * @param principal the authenticated user, if any
	 * @param attributes the attributes the session will start with, which the
	 * endpoint's handshake method may fill
	 * @return the refusal, or {@code null} to go on with the handshake
	 */
	public @Nullable WsUpgradeRefusal check(WsEndpointMatch match, HttpRequest request, @Nullable Principal principal,
			Map<String, Object> attributes) {
		EndpointSettings settings = match.endpoint().settings();
		if (!settings.originPolicy().isAllowed(request)) {
			return new WsUpgradeRefusal(HttpStatus.FORBIDDEN,
					"Origin not allowed: " + request.getHeaders().getOrigin() + " (multi-ws.allowed-origins)");
		}
		if (settings.requireAuthentication() && principal == null) {
			return new WsUpgradeRefusal(HttpStatus.UNAUTHORIZED,
					"Authentication required for WebSocket endpoint '" + match.endpoint().name() + "'");
		}
		String problem = this.hubs.admissionProblem(match);
		if (problem != null) {
			return new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE, problem);
		}
		return handshake(match, request, principal, attributes);
	}

	private @Nullable WsUpgradeRefusal handshake(WsEndpointMatch match, HttpRequest request,
			@Nullable Principal principal, Map<String, Object> attributes) {
		if (!match.endpoint().handler().handlesHandshake()) {
			return null;
		}
		DefaultWsHandshake handshake = new DefaultWsHandshake(match, request, principal, attributes);
		try {
			if (!match.endpoint().handler().onHandshake(handshake)) {
				return (handshake.refusal() != null) ? handshake.refusal()
						: new WsUpgradeRefusal(HttpStatus.FORBIDDEN, "Handshake refused");
			}
		}
		catch (Exception ex) {
			logger.error("@OnHandshake of WebSocket endpoint '" + match.endpoint().name() + "' failed on "
					+ match.path() + "; refusing the upgrade with 500", ex);
			return new WsUpgradeRefusal(HttpStatus.INTERNAL_SERVER_ERROR, "Handshake failed");
		}
		return handshake.refusal();
	}

	/**
	 * Return the registry.
	 * @return the hubs
	 */
	public DefaultWsHubs hubs() {
		return this.hubs;
	}

}
