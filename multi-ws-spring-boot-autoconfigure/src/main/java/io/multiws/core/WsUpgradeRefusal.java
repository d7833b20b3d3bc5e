package io.multiws.core;

import io.multiws.admission.WsRefusalReason;

import org.springframework.http.HttpStatus;

/**
 * Why an upgrade is refused before it happens, and with which HTTP status.
 *
 * @param status the HTTP status
 * @param reason the reason, safe to send to the client
 * @param cause the kind of refusal, by which it is counted
 * @param retryAfterSeconds the {@code Retry-After} to send, 0 for none
 * @author multi-ws team
 * @since 0.1.0
 */
public record WsUpgradeRefusal(HttpStatus status, String reason, WsRefusalReason cause, long retryAfterSeconds) {

	/**
	 * Create the refusal of an endpoint's {@code @OnHandshake} method.
	 * @param status the HTTP status
	 * @param reason the reason, safe to send to the client
	 */
	public WsUpgradeRefusal(HttpStatus status, String reason) {
		this(status, reason, WsRefusalReason.HANDSHAKE_REFUSED, 0);
	}

	/**
	 * Create a refusal without {@code Retry-After}.
	 * @param status the HTTP status
	 * @param reason the reason, safe to send to the client
	 * @param cause the kind of refusal
	 */
	public WsUpgradeRefusal(HttpStatus status, String reason, WsRefusalReason cause) {
		this(status, reason, cause, 0);
	}

	/**
	 * Whether the connection should be closed after the answer: refusals of admission
	 * control free the connection at once, for the clients the server still has room
	 * for.
	 * @return whether to close the connection
	 */
	public boolean closesConnection() {
		return switch (this.cause) {
			case MAX_SESSIONS, CLIENT_SESSIONS, CLIENT_HANDSHAKE_RATE, TOO_MANY_CLIENTS, HANDSHAKE_QUEUE_FULL,
					SHUTTING_DOWN, HUB_FULL, TOO_MANY_HUBS ->
				true;
			default -> false;
		};
	}

}
