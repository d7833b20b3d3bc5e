package io.multiws.core;

/**
 * Thrown at start-up for a {@code @WsEndpoint} that cannot work: a callback with a
 * parameter that cannot be resolved, two callbacks for the same event or message kind,
 * a {@code @PathVariable} its patterns lack, a duplicate pattern, or configuration that
 * names no endpoint.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class InvalidWsEndpointException extends IllegalStateException {

	/**
	 * Create a new exception.
	 * @param message what is wrong and what is allowed
	 */
	public InvalidWsEndpointException(String message) {
		super(message);
	}

}
