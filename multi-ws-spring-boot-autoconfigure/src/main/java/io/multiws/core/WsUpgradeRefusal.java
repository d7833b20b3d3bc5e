package io.multiws.core;

import java.nio.charset.StandardCharsets;

import io.multiws.admission.WsRefusalReason;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Why an upgrade is refused before it happens, and with which HTTP status; the response
 * that says so, the same on both stacks ({@link #headers()}, {@link #body()}).
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

	/**
	 * Return the headers of the refusal's response: its {@code Retry-After}, a
	 * {@code Connection: close} when it {@link #closesConnection() closes the connection},
	 * the WebSocket version a 426 asks for, and the type of the plain-text reason.
	 * @return new headers
	 */
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		if (this.retryAfterSeconds > 0) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
		if (closesConnection()) {
			headers.set(HttpHeaders.CONNECTION, "close");
		}
		if (this.status == HttpStatus.UPGRADE_REQUIRED) {
			headers.set(WsProtocolChecks.VERSION_HEADER, WsProtocolChecks.VERSION);
		}
		headers.setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		return headers;
	}

	/**
	 * Return the body of the refusal's response: the reason, UTF-8.
	 * @return the body
	 */
	public byte[] body() {
		return this.reason.getBytes(StandardCharsets.UTF_8);
	}

}
