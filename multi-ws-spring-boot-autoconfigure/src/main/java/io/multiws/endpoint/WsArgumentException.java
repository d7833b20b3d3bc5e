package io.multiws.endpoint;

/**
 * Thrown when a callback argument taken from the upgrade request (a {@code @PathVariable},
 * {@code @RequestParam} or {@code @RequestHeader}) is required but missing, or cannot be
 * converted to the parameter's type. Before the upgrade it refuses the upgrade with 400
 * and this message as the reason, as Spring MVC answers for a controller.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsArgumentException extends IllegalArgumentException {

	/**
	 * Create a new exception.
	 * @param message the reason, which names the value and the parameter type
	 */
	public WsArgumentException(String message) {
		super(message);
	}

}
