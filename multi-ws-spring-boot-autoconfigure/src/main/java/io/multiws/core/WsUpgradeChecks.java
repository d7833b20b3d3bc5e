package io.multiws.core;

import java.security.Principal;
import java.util.Map;

import io.multiws.admission.WsAdmission;
import io.multiws.admission.WsAdmissionPermit;
import io.multiws.admission.WsClientConnection;
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
 * and sessions: 429), hub caps (503), the values the endpoint's callbacks take from the
 * request (400 for a required one that is missing or one that does not convert), then
 * the endpoint's {@code @OnHandshake} method (its chosen status). Admission takes a slot
 * before the handshake, which a later refusal gives back at once. A refused upgrade
 * creates no hub, and every refusal is counted by reason.
 * <p>
 * The checks run in one go ({@link #check}), or in two steps where the endpoint's
 * handshake method may block and must not run where the upgrade arrived (an event loop):
 * {@link #admit} decides everything but the request values and the handshake method
 * there, so that no upgrade waits for a thread before the limits applied, and
 * {@link #handshake} runs them later with the slot admission took.
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
	 * @param connection the connection the request came on
	 * @param principal the authenticated user, if any
	 * @param attributes the attributes the session will start with, which the
	 * endpoint's handshake method may fill
	 * @return the refusal, or the permit to give back when the handshake fails or the
	 * connection closes, and to which the binding reports how the handshake ended
	 */
	public WsUpgradeDecision check(WsEndpointMatch match, HttpRequest request, WsClientConnection connection,
			@Nullable Principal principal, Map<String, Object> attributes) {
		WsListener.Handshake scope = this.hubs.listener().handshakeStarted(match, request);
		WsUpgradeDecision decision = decideAdmission(match, request, connection, principal);
		WsAdmissionPermit permit = decision.permit();
		if (permit != null) {
			decision = decideHandshake(match, request, principal, attributes, permit);
		}
		return observed(decision, scope);
	}

	/**
	 * Make every check but the endpoint's handshake method and, if the upgrade may go on,
	 * take its slot in admission control; a refusal is observed at once.
	 * @param match the endpoint and hub it maps to
	 * @param request the handshake request
	 * @param connection the connection the request came on
	 * @param principal the authenticated user, if any
	 * @return the refusal, or the permit to hand to {@link #handshake}
	 */
	public WsUpgradeDecision admit(WsEndpointMatch match, HttpRequest request, WsClientConnection connection,
			@Nullable Principal principal) {
		WsUpgradeDecision decision = decideAdmission(match, request, connection, principal);
		WsUpgradeRefusal refusal = decision.refusal();
		if (refusal != null) {
			this.hubs.listener().handshakeStarted(match, request).finished(refusal, null);
		}
		return decision;
	}

	/**
	 * Run the endpoint's handshake method of an admitted upgrade, unless the application
	 * started to shut down meanwhile; a refusal gives the slot back.
	 * @param match the endpoint and hub it maps to
	 * @param request the handshake request
	 * @param principal the authenticated user, if any
	 * @param attributes the attributes the session will start with
	 * @param permit the slot {@link #admit} took
	 * @return the refusal, or the permit
	 */
	public WsUpgradeDecision handshake(WsEndpointMatch match, HttpRequest request, @Nullable Principal principal,
			Map<String, Object> attributes, WsAdmissionPermit permit) {
		WsListener.Handshake scope = this.hubs.listener().handshakeStarted(match, request);
		WsUpgradeDecision decision = this.hubs.isDraining() ? refuse(match, permit, shuttingDown())
				: decideHandshake(match, request, principal, attributes, permit);
		return observed(decision, scope);
	}

	/**
	 * End the observation of a refused upgrade now; that of an admitted one ends with the
	 * handshake itself, which the binding reports to the decision.
	 */
	private static WsUpgradeDecision observed(WsUpgradeDecision decision, WsListener.Handshake scope) {
		if (decision.refusal() != null) {
			scope.finished(decision.refusal(), null);
			return decision;
		}
		scope.checked();
		return decision.observedBy(scope);
	}

	/**
	 * Refuse an admitted upgrade whose handshake method cannot run, giving its slot back;
	 * the refusal is counted and observed.
	 * @param match the endpoint and hub it maps to
	 * @param request the handshake request
	 * @param permit the slot {@link #admit} took
	 * @param refusal why
	 * @return the refusal
	 */
	public WsUpgradeDecision refuse(WsEndpointMatch match, HttpRequest request, WsAdmissionPermit permit,
			WsUpgradeRefusal refusal) {
		WsUpgradeDecision decision = refuse(match, permit, refusal);
		this.hubs.listener().handshakeStarted(match, request).finished(refusal, null);
		return decision;
	}

	private WsUpgradeDecision decideAdmission(WsEndpointMatch match, HttpRequest request,
			WsClientConnection connection, @Nullable Principal principal) {
		WsUpgradeRefusal refusal = checkRequest(match, request, principal);
		if (refusal != null) {
			return refuse(match, refusal);
		}
		WsAdmission.Decision admitted = this.admission.acquire(connection, principal);
		WsAdmissionPermit permit = admitted.permit();
		if (permit == null) {
			WsRefusalReason reason = admitted.refused();
			Assert.state(reason != null, "Neither admitted nor refused");
			this.hubs.listener().upgradeRefused(match, reason);
			return WsUpgradeDecision.refused(new WsUpgradeRefusal(status(reason), admitted.message(), reason,
					admitted.retryAfterSeconds()));
		}
		refusal = this.hubs.admissionRefusal(match);
		return (refusal != null) ? refuse(match, permit, refusal) : WsUpgradeDecision.admitted(permit);
	}

	private WsUpgradeDecision decideHandshake(WsEndpointMatch match, HttpRequest request,
			@Nullable Principal principal, Map<String, Object> attributes, WsAdmissionPermit permit) {
		WsUpgradeRefusal refusal = handshake(match, request, principal, attributes);
		return (refusal != null) ? refuse(match, permit, refusal) : WsUpgradeDecision.admitted(permit);
	}

	private WsUpgradeDecision refuse(WsEndpointMatch match, WsAdmissionPermit permit, WsUpgradeRefusal refusal) {
		permit.release();
		return refuse(match, refusal);
	}

	private static WsUpgradeRefusal shuttingDown() {
		return new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE, "Server is shutting down",
				WsRefusalReason.SHUTTING_DOWN);
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
			return shuttingDown();
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
		WsEndpointHandler handler = match.endpoint().handler();
		if (!handler.checksRequest() && !handler.handlesHandshake()) {
			return null;
		}
		DefaultWsHandshake handshake = new DefaultWsHandshake(match, request, principal, attributes);
		String invalid = handler.checksRequest() ? handler.checkRequest(handshake) : null;
		if (invalid != null) {
			return new WsUpgradeRefusal(HttpStatus.BAD_REQUEST, invalid);
		}
		if (!handler.handlesHandshake()) {
			return null;
		}
		try {
			if (!handler.onHandshake(handshake)) {
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
