package io.multiws.core;

import java.security.Principal;
import java.util.Map;

import io.multiws.admission.WsAdmission;
import io.multiws.admission.WsAdmissionPermit;
import io.multiws.admission.WsRefusalReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * The checks multi-ws makes on every upgrade before the handshake, the same on every web
 * stack, in this order: origin (403), authentication when the endpoint requires it (401),
 * shutdown (503), admission control (the session cap: 503; the client's handshake rate
 * and sessions: 429), hub caps (503), then the endpoint's {@code @OnHandshake} method
 * (its chosen status). Admission takes a slot before the handshake, which a later refusal
 * gives back at once. A refused upgrade creates no hub, and every refusal is counted by
 * reason.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsUpgradeChecks {

	private static final Log logger = LogFactory.getLog(WsUpgradeChecks.class);

	private final DefaultWsHubs hubs;

	private final WsAdmission admission;

	/**
	 * Create the checks.
	 * @param hubs the hub registry
	 * @param admission the admission control
	 */
	public WsUpgradeChecks(DefaultWsHubs hubs, WsAdmission admission) {
		this.hubs = hubs;
		this.admission = admission;
	}

	/**
	 * Check an upgrade request and, if it may go on, take its slot in admission control.
	 * @param match the endpoint and hub it maps to
	 * @param request the handshake request
	 * @param address the client address as the web stack resolved it
	 * @param principal the authenticated user, if any
	 * @param attributes the attributes the session will start with, which the
	 * endpoint's handshake method may fill
	 * @return the refusal, or the permit to give back when the handshake fails or the
	 * connection closes, and to which the binding reports how the handshake ended
	 */
	public WsUpgradeDecision check(WsEndpointMatch match, HttpRequest request, String address,
			@Nullable Principal principal, Map<String, Object> attributes) {
		WsListener.Handshake scope = this.hubs.listener().handshakeStarted(match, request);
		WsUpgradeDecision decision = decide(match, request, address, principal, attributes);
		if (decision.refusal() != null) {
			scope.finished(decision.refusal(), null);
			return decision;
		}
		// Admitted: the handshake itself is still to come, and ends the observation
		scope.checked();
		return decision.observedBy(scope);
	}

	private WsUpgradeDecision decide(WsEndpointMatch match, HttpRequest request, String address,
			@Nullable Principal principal, Map<String, Object> attributes) {
		WsUpgradeRefusal refusal = checkRequest(match, request, principal);
		if (refusal != null) {
			return refuse(match, refusal);
		}
		WsAdmission.Decision admitted = this.admission.acquire(address, principal);
		WsAdmissionPermit permit = admitted.permit();
		if (permit == null) {
			WsRefusalReason reason = admitted.refused();
			Assert.state(reason != null, "Neither admitted nor refused");
			this.hubs.listener().upgradeRefused(match, reason);
			return WsUpgradeDecision.refused(new WsUpgradeRefusal(status(reason), admitted.message(), reason,
					admitted.retryAfterSeconds()));
		}
		refusal = this.hubs.admissionRefusal(match);
		if (refusal == null) {
			refusal = handshake(match, request, principal, attributes);
		}
		if (refusal != null) {
			permit.release();
			return refuse(match, refusal);
		}
		return WsUpgradeDecision.admitted(permit);
	}

	private @Nullable WsUpgradeRefusal checkRequest(WsEndpointMatch match, HttpRequest request,
			@Nullable Principal principal) {
		EndpointSettings settings = match.endpoint().settings();
		if (!settings.originPolicy().isAllowed(request)) {
			return new WsUpgradeRefusal(HttpStatus.FORBIDDEN,
					"Origin not allowed: " + request.getHeaders().getOrigin() + " (multi-ws.allowed-origins)",
					WsRefusalReason.ORIGIN);
		}
		if (settings.requireAuthentication() && principal == null) {
			return new WsUpgradeRefusal(HttpStatus.UNAUTHORIZED,
					"Authentication required for WebSocket endpoint '" + match.endpoint().name() + "'",
					WsRefusalReason.AUTHENTICATION);
		}
		if (this.hubs.isDraining()) {
			return new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE, "Server is shutting down",
					WsRefusalReason.SHUTTING_DOWN);
		}
		return null;
	}

	private WsUpgradeDecision refuse(WsEndpointMatch match, WsUpgradeRefusal refusal) {
		this.admission.refused(refusal.cause());
		this.hubs.listener().upgradeRefused(match, refusal.cause());
		return WsUpgradeDecision.refused(refusal);
	}

	private static HttpStatus status(WsRefusalReason reason) {
		return (reason == WsRefusalReason.CLIENT_SESSIONS || reason == WsRefusalReason.CLIENT_HANDSHAKE_RATE)
				? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
	}

	/**
	 * Count a refusal made outside these checks, such as an invalid path or a failed
	 * handshake.
	 * @param reason the reason
	 */
	public void refused(WsRefusalReason reason) {
		this.admission.refused(reason);
		this.hubs.listener().upgradeRefused(null, reason);
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
			return new WsUpgradeRefusal(HttpStatus.INTERNAL_SERVER_ERROR, "Handshake failed",
					WsRefusalReason.HANDSHAKE_FAILED);
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

	/**
	 * Return the admission control.
	 * @return the admission control
	 */
	public WsAdmission admission() {
		return this.admission;
	}

}
