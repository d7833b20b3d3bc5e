package io.multiws.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up for a {@code @WsEndpoint} that cannot work: a callback with a
 * parameter that cannot be resolved, two callbacks for the same event or message kind,
 * a {@code @PathVariable} its patterns lack, a duplicate pattern, or configuration that
 * names no endpoint. Spring Boot reports it as a failure analysis, with the action when
 * there is one.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class InvalidWsEndpointException extends IllegalStateException {

	private final @Nullable String action;

	/**
	 * Create a new exception.
	 * @param message what is wrong and what is allowed
	 */
	public InvalidWsEndpointException(String message) {
		this(message, null);
	}

	/**
	 * Create a new exception with the action that fixes it.
	 * @param message what is wrong
	 * @param action what to do about it, or {@code null}
	 */
	public InvalidWsEndpointException(String message, @Nullable String action) {
		super(message);
		this.action = action;
	}

	/**
	 * Return what to do about the mistake, if known.
	 * @return the action, or {@code null}
	 */
	public @Nullable String getAction() {
		return this.action;
	}

}
