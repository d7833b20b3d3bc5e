package io.multiws.core;

import org.springframework.http.HttpStatus;

/**
 * Thrown when a request path cannot become a hub key: an encoded {@code /}, a
 * {@code .} or {@code ..} segment, an empty segment, a control character, malformed
 * percent-encoding, or a path longer than the configured maximum.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class InvalidHubPathException extends RuntimeException {

	private final HttpStatus status;

	/**
	 * Create a new exception.
	 * @param status the HTTP status to answer the upgrade with
	 * @param message the reason, safe to return to the client
	 */
	public InvalidHubPathException(HttpStatus status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	/**
	 * Return the HTTP status to answer the upgrade with.
	 * @return the status
	 */
	public HttpStatus getStatus() {
		return this.status;
	}

}
