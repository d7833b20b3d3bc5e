package io.multiws.core;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import io.multiws.admission.InboundLimiter;
import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of a {@link DefaultWsSession} that its web stack binding drives: the
 * open, the inbound messages and control frames, the close, the drop and the end of the
 * connection, and the registry's timers. It hands the jobs to its parts: the hub
 * membership to {@link SessionMembership}, the endpoint callbacks and their fault policy
 * to {@link SessionCallbacks}, the timers to {@link SessionLiveness}, and the writes to
 * the session's {@link WsOutbound}. What the application sees of the session is
 * {@link DefaultWsSession}'s.
 *
 * @author multi-ws team
 */
abstract sealed class SessionLifecycle implements InboundLimiter.StoppableReads permits DefaultWsSession {

	// The session's category, as the operators know it
	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	final String id;

	final WsEndpointMatch match;

	final DefaultWsHubs hubs;

	final WsTransport transport;

	final WsSessionListener listener;

	final WsOutbound outbound;

	final InboundPacing pacing = new InboundPacing();

	final @Nullable PendingRequests requests;

	private final SessionMembership membership;

	private final SessionCallbacks callbacks;

	private final SessionLiveness liveness;

	private final AtomicBoolean gone = new AtomicBoolean();

	// Plain field: a thread only ever sees its own identity here while it runs a callback
	@Nullable Thread callbackThread;

	private volatile Runnable whenGone = () -> {
	};

	private volatile @Nullable WsCloseStatus abortStatus;

	SessionLifecycle(String id, WsEndpointMatch match, DefaultWsHubs hubs, WsTransport transport) {
		DefaultWsSession session = (DefaultWsSession) this;
		this.id = id;
		this.match = match;
		this.hubs = hubs;
		this.listener = hubs.listener().sessionOpened(match);
		this.transport = transport;
		this.outbound = new WsOutbound(session, transport, hubs, match.endpoint().settings());
		ReplySettings replies = match.endpoint().replies();
		this.requests = replies.enabled()
				? new PendingRequests(match.endpoint().name(), replies.maxPending(), hubs) : null;
		this.membership = new SessionMembership(session, hubs);
		this.callbacks = new SessionCallbacks(session, this.listener, this.pacing);
		this.liveness = new SessionLiveness(session, hubs, this.outbound, transport);
	}

	/**
	 * Whether the session takes messages.
	 * @return {@code true} until it starts closing
	 */
	public abstract boolean isOpen();

	/**
	 * Run an action once the connection is gone, set once before it can close.
	 * @param action the action
	 * @see DefaultWsSession#whenGone(Runnable)
	 */
	void runWhenGone(Runnable action) {
		this.whenGone = action;
	}

	// Lifecycle, called by the web stack binding

	/**
	 * Stop reading this session's connection for good, where its binding can pause reads:
	 * for a peer that goes on sending after its session was closed for its inbound rate.
	 */
	@Override
	public void stopReading() {
		this.pacing.stop();
	}

	/**
	 * Join the hub and call {@code @OnOpen}. A full hub closes the session with 1013; a
	 * failing callback closes it with 1011 and leaves no membership.
	 */
	public void opened() {
		if (this.membership.hub() == null && (!isOpen() || !join())) {
			return;
		}
		this.callbacks.opened();
	}

	/**
	 * Join the hub without calling {@code @OnOpen}, which {@link #opened()} then calls: for
	 * a binding that runs callbacks on other threads, so that the hub counts the session
	 * from the moment its connection opened. A full hub closes the session with 1013.
	 * @return whether the session joined its hub
	 */
	public boolean join() {
		return this.membership.join();
	}

	/**
	 * Refuse the session a place in its hub: it takes no more messages, and closes.
	 * @param status the close status
	 */
	void refused(WsCloseStatus status) {
		this.outbound.closing();
		closeNow(status);
	}

	/**
	 * Prepare the join without waiting: a binding that must not block (an event loop)
	 * calls this first and {@link #join()} or {@link #opened()} once the stage completes.
	 * @return a stage that completes when the session may join without waiting
	 * @see DefaultWsHubs#beforeJoin
	 */
	public CompletionStage<Void> prepareJoin() {
		return this.membership.prepare();
	}

	/**
	 * Dispatch an inbound text message.
	 * @param text the message
	 */
	public void received(String text) {
		this.liveness.received();
		if (isOpen()) {
			this.callbacks.received(text);
		}
	}

	/**
	 * Dispatch an inbound binary message.
	 * @param bytes the message
	 */
	public void received(ByteBuffer bytes) {
		this.liveness.received();
		if (isOpen()) {
			this.callbacks.received(bytes);
		}
	}

	/**
	 * Record a pong (or any other sign of life) from the peer.
	 */
	public void pongReceived() {
		this.liveness.received();
	}

	/**
	 * Answer a ping of the peer through the session's outbound side, as a message is
	 * written: never waiting for the network, and holding at most one pong while a write
	 * is in flight. The binding counts the ping against the session's inbound rate
	 * first.
	 * @param payload the application data of the ping, at most 125 bytes
	 */
	public void pingReceived(byte[] payload) {
		this.liveness.received();
		this.outbound.pong(payload);
		this.pacing.pauseIfHeld();
	}

	InboundPacing pacing() {
		return this.pacing;
	}

	/**
	 * Called once when the connection has closed: leave the hub, then call
	 * {@code @OnClose}, whose failures are only logged.
	 * @param status the close status
	 */
	public void closed(WsCloseStatus status) {
		DefaultWsHub joined = this.membership.end();
		this.listener.closed(status);
		this.outbound.closed();
		if (this.requests != null) {
			this.requests.closed();
		}
		leaveHub();
		try {
			if (joined != null) {
				// A dropped connection reports 1006: tell the endpoint why multi-ws dropped it
				WsCloseStatus abortStatus = this.abortStatus;
				this.callbacks.closed((abortStatus != null) ? abortStatus : status);
			}
		}
		finally {
			if (!this.transport.isConnectionOpen()) {
				gone();
			}
		}
	}

	/**
	 * Called by a binding whose container tells when the socket has closed, so that a
	 * session that is closed already is gone at once, rather than at the registry's next
	 * sweep.
	 */
	public void connectionClosed() {
		if (this.outbound.state() == OutboundLifecycle.State.CLOSED && !this.transport.isConnectionOpen()) {
			gone();
		}
	}

	/**
	 * The connection is gone: forget the session, and run the binding's action.
	 */
	void gone() {
		if (this.gone.compareAndSet(false, true)) {
			this.hubs.sweeper().gone((DefaultWsSession) this);
			try {
				this.whenGone.run();
			}
			catch (Throwable ex) {
				logger.warn("Releasing session " + this.id + " failed", ex);
			}
		}
	}

	void leaveHub() {
		this.membership.leave();
	}

	/**
	 * Mark the thread that runs one of this session's callbacks, whose sends may be
	 * written in place.
	 * @param thread the thread, or {@code null} once the callback has returned
	 */
	void callbackRunsOn(@Nullable Thread thread) {
		this.callbackThread = thread;
	}

	/**
	 * Return the listener of this session, which its writer tells of each write.
	 * @return the listener, {@link WsSessionListener#NONE} if nothing observes it
	 */
	WsSessionListener listener() {
		return this.listener;
	}

	/**
	 * Start the closing handshake now; nothing is being written.
	 * @param status the close status
	 */
	void closeNow(WsCloseStatus status) {
		try {
			this.transport.close(status);
		}
		catch (Throwable ex) {
			logger.debug("Close failed for session " + this.id, ex);
			abort(status);
		}
	}

	/**
	 * Record why multi-ws is about to drop the connection, before it does: a container
	 * that learned of the same failure may report the connection closed (1006) first, and
	 * {@code @OnClose} must still be told why multi-ws dropped it.
	 * @param status the status to report
	 */
	void dropping(WsCloseStatus status) {
		if (this.abortStatus == null) {
			this.abortStatus = status;
		}
	}

	/**
	 * Drop the connection now, leaving the hub at once.
	 * @param status the status to report if a close frame can still be sent
	 */
	public void abort(WsCloseStatus status) {
		if (!this.outbound.abort()) {
			return;
		}
		if (this.abortStatus == null) {
			this.abortStatus = status;
		}
		this.membership.end();
		leaveHub();
		try {
			this.transport.abort(status);
		}
		catch (Throwable ex) {
			logger.debug("Abort failed for session " + this.id, ex);
		}
	}

	/**
	 * Report a write that failed after its transport had reported it complete, as a
	 * transport whose server takes a message before writing it learns: the session ends
	 * as when a write fails. The server may have closed such a connection without a word
	 * to its inbound side, and no other write may come to find out.
	 * @param failure the failure
	 */
	public void writeFailed(Throwable failure) {
		this.outbound.failed(failure);
	}

	/**
	 * Return the timers of this session, which the registry's sweep runs.
	 * @return the timers
	 */
	SessionLiveness liveness() {
		return this.liveness;
	}

	/**
	 * Drop the connection at shutdown, and forget the session.
	 */
	void dropAtShutdown() {
		this.liveness.drop();
		gone();
	}

	@Nullable DefaultWsHub joinedHub() {
		return this.membership.hub();
	}

	boolean isIdle() {
		return this.outbound.isIdle();
	}

}
