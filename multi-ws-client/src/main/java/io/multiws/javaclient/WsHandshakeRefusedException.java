package io.multiws.javaclient;

import java.net.URI;

/**
 * The server refused a {@link WsClient}'s upgrade with an HTTP status: the failure of
 * {@link WsClient#opened()} when the first handshake is refused.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public class WsHandshakeRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final URI uri;

	private final int status;

	private final String body;

	/**
	 * Create an exception.
	 * @param uri the URI of the handshake
	 * @param status the HTTP status of the refusal
	 * @param body the body of the refusal, which carries the server's reason
	 */
	public WsHandshakeRefusedException(URI uri, int status, String body) {
		super("Handshake to " + uri + " refused with " + status + (body.isEmpty() ? "" : ": " + body));
		this.uri = uri;
		this.status = status;
		this.body = body;
	}

	/**
	 * Return the URI of the refused handshake.
	 * @return the URI
	 */
	public URI getUri() {
		return this.uri;
	}

	/**
	 * Return the HTTP status of the refusal.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return the body of the refusal, which carries the server's reason.
	 * @return the body, empty if none
	 */
	public String getBody() {
		return this.body;
	}

}
