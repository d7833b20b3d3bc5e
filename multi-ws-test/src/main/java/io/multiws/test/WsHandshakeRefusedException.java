package io.multiws.test;

import java.net.URI;

/**
 * Thrown by {@link WsTestClient.ConnectionSpec#open()} when the server refuses the
 * upgrade with an HTTP status.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsHandshakeRefusedException extends RuntimeException {

	private final int status;

	/**
	 * Create an exception.
	 * @param uri the URI of the handshake
	 * @param status the HTTP status of the refusal
	 * @param body the body of the refusal
	 */
	public WsHandshakeRefusedException(URI uri, int status, String body) {
		super("Handshake to " + uri + " refused with " + status + (body.isEmpty() ? "" : ": " + body));
		this.status = status;
	}

	/**
	 * Return the HTTP status of the refusal.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

}
