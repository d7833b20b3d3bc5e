package io.multiws.core;

import java.nio.ByteBuffer;

import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The endpoint callbacks of one session, and their fault policy: each runs with the
 * session's read pacing and the listener's scope around it; a {@link WsCloseException}
 * closes the session with its status, any other failure closes it with 1011 (and a
 * failed {@code @OnOpen} leaves no membership), and a failure of {@code @OnClose} is only
 * logged.
 *
 * @author multi-ws team
 */
final class SessionCallbacks {

	// The session's category, as the operators know it
	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	private final DefaultWsSession session;

	private final WsSessionListener listener;

	private final InboundPacing pacing;

	SessionCallbacks(DefaultWsSession session, WsSessionListener listener, InboundPacing pacing) {
		this.session = session;
		this.listener = listener;
		this.pacing = pacing;
	}

	/**
	 * Call {@code @OnOpen}, once the session has joined its hub.
	 */
	void opened() {
		InboundPacing previous = this.pacing.enter();
		this.session.callbackRunsOn(Thread.currentThread());
		try {
			handler().onOpen(this.session);
			this.listener.opened(this.session);
		}
		catch (Throwable ex) {
			fail("@OnOpen", ex);
		}
		finally {
			this.session.callbackRunsOn(null);
			this.pacing.exit(previous);
		}
	}

	/**
	 * Call {@code @OnMessage} for a text message.
	 * @param text the message
	 */
	void received(String text) {
		dispatch(text, WsEndpointHandler::onText);
	}

	/**
	 * Call {@code @OnMessage} for a binary message.
	 * @param bytes the message
	 */
	void received(ByteBuffer bytes) {
		dispatch(bytes, WsEndpointHandler::onBinary);
	}

	private <T> void dispatch(T message, MessageCallback<T> callback) {
		InboundPacing previous = this.pacing.enter();
		this.session.callbackRunsOn(Thread.currentThread());
		WsSessionListener.Scope scope = this.listener.messageReceived(message);
		try {
			callback.call(handler(), this.session, message);
		}
		catch (Throwable ex) {
			fail("@OnMessage", ex);
		}
		finally {
			this.session.callbackRunsOn(null);
			scope.close();
			this.pacing.exit(previous);
		}
	}

	/**
	 * Call {@code @OnClose}, whose failures are only logged.
	 * @param status the close status
	 */
	void closed(WsCloseStatus status) {
		try {
			handler().onClose(this.session, status);
		}
		catch (Throwable ex) {
			logger.warn(describe("@OnClose") + " failed", ex);
		}
	}

	private void fail(String callback, Throwable ex) {
		if (ex instanceof WsCloseException closeException) {
			if (logger.isDebugEnabled()) {
				logger.debug(describe(callback) + " closed the session with " + closeException.getStatus(), ex);
			}
			this.session.close(closeException.getStatus());
			return;
		}
		this.listener.callbackFailed(callback, ex);
		logger.error(describe(callback) + " failed; closing the session with 1011", ex);
		this.session.close(WsCloseStatus.SERVER_ERROR.withReason("Internal error in endpoint callback"));
		if (callback.equals("@OnOpen")) {
			this.session.leaveHub();
		}
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

	private String describe(String callback) {
		WsEndpointMatch match = this.session.match();
		return callback + " of WebSocket endpoint '" + match.endpoint().name() + "' for session " + this.session.id()
				+ " on " + match.path();
	}

	private WsEndpointHandler handler() {
		return this.session.endpoint().handler();
	}

	@FunctionalInterface
	private interface MessageCallback<T> {

		void call(WsEndpointHandler handler, DefaultWsSession session, T message) throws Exception;

	}

}
