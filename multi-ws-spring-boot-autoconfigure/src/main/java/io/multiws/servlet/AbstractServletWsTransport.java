package io.multiws.servlet;

import io.multiws.core.WsTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * What the Servlet transports share: the one write in flight, and the sessions they
 * can be unwrapped to (the application's Spring session first).
 *
 * @param <N> the container's native session type
 * @author multi-ws team
 * @since 0.1.0
 */
abstract class AbstractServletWsTransport<N> implements WsTransport {

	private final WebSocketSession springSession;

	private final WebSocketSession userSession;

	private final N nativeSession;

	private volatile @Nullable SendCallback callback;

	AbstractServletWsTransport(WebSocketSession springSession, WebSocketSession userSession, N nativeSession) {
		this.springSession = springSession;
		this.userSession = userSession;
		this.nativeSession = nativeSession;
	}

	protected final N nativeSession() {
		return this.nativeSession;
	}

	/**
	 * Remember the callback of the write about to start.
	 * @param callback the callback
	 */
	protected final void started(SendCallback callback) {
		this.callback = callback;
	}

	/**
	 * Report the end of the write in flight.
	 * @param failure the failure, or {@code null} on success
	 */
	protected final void completed(@Nullable Throwable failure) {
		SendCallback callback = this.callback;
		this.callback = null;
		if (callback != null) {
			callback.sendComplete(failure);
		}
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		if (type.isInstance(this.userSession)) {
			return type.cast(this.userSession);
		}
		if (type.isInstance(this.nativeSession)) {
			return type.cast(this.nativeSession);
		}
		return type.isInstance(this.springSession) ? type.cast(this.springSession) : null;
	}

}
