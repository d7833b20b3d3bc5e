package io.multiws.admission;

/**
 * Why multi-ws refused an upgrade, or cut an inbound message short; the tag of the
 * refusal counts of {@link WsAdmissionStatistics}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public enum WsRefusalReason {

	/**
	 * A cross-site {@code Origin}: 403 before the upgrade.
	 */
	ORIGIN,

	/**
	 * The endpoint requires an authenticated user and there is none: 401.
	 */
	AUTHENTICATION,

	/**
	 * An unsafe or too long hub path: 400 or 414.
	 */
	INVALID_PATH,

	/**
	 * The application is shutting down: 503.
	 */
	SHUTTING_DOWN,

	/**
	 * The cap on sessions of all hubs together ({@code multi-ws.limits.max-sessions}) is
	 * reached: 503.
	 */
	MAX_SESSIONS,

	/**
	 * The client has as many sessions as it may open
	 * ({@code multi-ws.limits.max-sessions-per-client}): 429.
	 */
	CLIENT_SESSIONS,

	/**
	 * The client starts handshakes faster than it may
	 * ({@code multi-ws.limits.max-handshakes-per-client-per-second}): 429 with
	 * {@code Retry-After}.
	 */
	CLIENT_HANDSHAKE_RATE,

	/**
	 * So many distinct clients are tracked that a new one cannot be
	 * ({@code multi-ws.limits.max-tracked-clients}): 503.
	 */
	TOO_MANY_CLIENTS,

	/**
	 * On WebFlux, so many upgrades wait for a callback thread to run the endpoint's
	 * blocking {@code @OnHandshake} method that one more cannot
	 * ({@code multi-ws.reactive.max-queued-handshakes}): 503.
	 */
	HANDSHAKE_QUEUE_FULL,

	/**
	 * The hub is full: 503.
	 */
	HUB_FULL,

	/**
	 * No more hubs may be created, in all or for the endpoint: 503.
	 */
	TOO_MANY_HUBS,

	/**
	 * The endpoint's {@code @OnHandshake} method refused, with the status it chose.
	 */
	HANDSHAKE_REFUSED,

	/**
	 * The handshake itself failed (a bad WebSocket version or key, a failing
	 * {@code @OnHandshake}).
	 */
	HANDSHAKE_FAILED,

	/**
	 * A session sent messages or bytes faster than its endpoint allows and was closed
	 * with 1008; counted once per session.
	 */
	INBOUND_RATE_CLOSED,

	/**
	 * An inbound message over its session's rate was dropped; counted per message.
	 */
	INBOUND_RATE_DROPPED

}
