package io.multiws.core;

import io.multiws.hub.WsCloseStatus;
import org.jspecify.annotations.Nullable;

/**
 * Thrown from a callback to close the session with a chosen status instead of 1011.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsCloseException extends RuntimeException {

	private final WsCloseStatus status;

	/**
	 * Create a new exception.
	 * @param status the close status
	 */
	public WsCloseException(WsCloseStatus status) {
		this(status, null);
	}

	/**
	 * Create a new exception.
	 * @param status the close status
	 * @param cause the cause
	 */
	public WsCloseException(WsCloseStatus status, @Nullable Throwable cause) {
		super(status.toString(), cause);
		this.status = status;
	}

	/**
	 * Return the close status.
	 * @return the status
	 */
	public WsCloseStatus getStatus() {
		return this.status;
	}

}
