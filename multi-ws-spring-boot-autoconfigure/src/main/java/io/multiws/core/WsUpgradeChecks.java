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
		WsListener listener = this.hubs.listener();
		WsListener.Handshake scope = listener.handshakeStarted(match, request);
		Checked checked = checked(match, request, principal, attributes);
		if (checked.refusal() != null) {
			listener.upgradeRefused(match, checked.reason());
		}
		scope.finished(checked.refusal(), checked.failure());
		return checked.refusal();
	}

	private Checked checked(WsEndpointMatch match, HttpRequest request, @Nullable Principal principal,
			Map<String, Object> attributes) {
		EndpointSettings settings = match.endpoint().settings();
		if (!settings.originPolicy().isAllowed(request)) {
			return new Checked(new WsUpgradeRefusal(HttpStatus.FORBIDDEN,
					"Origin not allowed: " + request.getHeaders().getOrigin() + " (multi-ws.allowed-origins)"),
					WsRefusalReason.ORIGIN, null);
		}
		if (settings.requireAuthentication() && principal == null) {
			return new Checked(new WsUpgradeRefusal(HttpStatus.UNAUTHORIZED,
					"Authentication required for WebSocket endpoint '" + match.endpoint().name() + "'"),
					WsRefusalReason.AUTH, null);
		}
		String problem = this.hubs.admissionProblem(match);
		if (problem != null) {
			return new Checked(new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE, problem), WsRefusalReason.CAPS,
					null);
		}
		return handshake(match, request, principal, attributes);
	}

	private Checked handshake(WsEndpointMatch match, HttpRequest request, @Nullable Principal principal,
			Map<String, Object> attributes) {
		if (!match.endpoint().handler().handlesHandshake()) {
			return Checked.ACCEPTED;
		}
		DefaultWsHandshake handshake = new DefaultWsHandshake(match, request, principal, attributes);
		try {
			if (!match.endpoint().handler().onHandshake(handshake)) {
				return new Checked((handshake.refusal() != null) ? handshake.refusal()
						: new WsUpgradeRefusal(HttpStatus.FORBIDDEN, "Handshake refused"), WsRefusalReason.HANDSHAKE,
						null);
			}
		}
		catch (Exception ex) {
			logger.error("@OnHandshake of WebSocket endpoint '" + match.endpoint().name() + "' failed on "
					+ match.path() + "; refusing the upgrade with 500", ex);
			return new Checked(new WsUpgradeRefusal(HttpStatus.INTERNAL_SERVER_ERROR, "Handshake failed"),
					WsRefusalReason.HANDSHAKE, ex);
		}
		return new Checked(handshake.refusal(), WsRefusalReason.HANDSHAKE, null);
	}

	/**
	 * Count an upgrade refused because its path is not a valid hub path.
	 * @param ex the path's problem
	 */
	public void pathRefused(InvalidHubPathException ex) {
		this.hubs.listener()
			.upgradeRefused(null, (ex.getStatus() == HttpStatus.URI_TOO_LONG) ? WsRefusalReason.SIZE
					: WsRefusalReason.PATH);
	}

	/**
	 * Return the registry.
	 * @return the hubs
	 */
	public DefaultWsHubs hubs() {
		return this.hubs;
	}

	private record Checked(@Nullable WsUpgradeRefusal refusal, WsRefusalReason reason, @Nullable Exception failure) {

		static final Checked ACCEPTED = new Checked(null, WsRefusalReason.HANDSHAKE, null);

	}

}
