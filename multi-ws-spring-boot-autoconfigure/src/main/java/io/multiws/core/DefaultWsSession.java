package io.multiws.core;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import io.multiws.admission.InboundLimiter;
import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;

/**
 * The session of every web stack: what the handshake established, what it sends and how
 * it closes, and the lifecycle its binding drives. It hands the jobs to its parts: the
 * hub membership to {@link SessionMembership}, the endpoint callbacks and their fault
 * policy to {@link SessionCallbacks}, the timers to {@link SessionLiveness}, and what it
 * sends to its {@link WsOutbound}, so that no caller ever waits for another, slow client.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class DefaultWsSession implements WsSession, InboundLimiter.StoppableReads {

	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	static final WsCloseStatus SEND_TIME_LIMIT_EXCEEDED = WsCloseStatus.POLICY_VIOLATION
		.withReason("Send time limit exceeded");

	private final String id;

	private final WsEndpointMatch match;

	private final DefaultWsHubs hubs;

	private final WsTransport transport;

	private final WsOutbound outbound;

	private final InboundPacing pacing = new InboundPacing();

	private final SessionMembership membership;

	private final SessionCallbacks callbacks;

	private final SessionLiveness liveness;

	private final AtomicBoolean gone = new AtomicBoolean();

	private final WsSessionListener listener;

	private final URI uri;

	private final HttpHeaders handshakeHeaders;

	private final @Nullable Principal principal;

	private final @Nullable String acceptedProtocol;

	private final Map<String, Object> attributes;

	private final @Nullable PendingRequests requests;

	private volatile @Nullable WsCloseStatus requestedClose;

	private volatile Runnable whenGone = () -> {
	};

	// Plain field: a thread only ever sees its own identity here while it runs a callback
	private @Nullable Thread callbackThread;

	private volatile @Nullable WsCloseStatus abortStatus;

	private volatile @Nullable MultiValueMap<String, String> queryParameters;

	/**
	 * Create a session for an established connection.
	 * @param id the session id
	 * @param match the endpoint and hub of the upgrade
	 * @param hubs the registry
	 * @param transport the connection
	 * @param uri the handshake URI
	 * @param handshakeHeaders the handshake headers
	 * @param principal the authenticated user, if any
	 * @param acceptedProtocol the negotiated subprotocol, if any
	 * @param attributes the session attributes, thread-safe
	 */
	public DefaultWsSession(String id, WsEndpointMatch match, DefaultWsHubs hubs, WsTransport transport, URI uri,
			HttpHeaders handshakeHeaders, @Nullable Principal principal, @Nullable String acceptedProtocol,
			Map<String, Object> attributes) {
		this.id = id;
		this.match = match;
		this.hubs = hubs;
		this.listener = hubs.listener().sessionOpened(match);
		this.transport = transport;
		this.outbound = new WsOutbound(this, this.transport, hubs, match.endpoint().settings());
		this.uri = uri;
		this.handshakeHeaders = handshakeHeaders;
		this.principal = principal;
		this.acceptedProtocol = (acceptedProtocol != null && !acceptedProtocol.isEmpty()) ? acceptedProtocol : null;
		this.attributes = attributes;
		ReplySettings replies = match.endpoint().replies();
		this.requests = replies.enabled()
				? new PendingRequests(match.endpoint().name(), replies.maxPending(), hubs) : null;
		this.membership = new SessionMembership(this, hubs);
		this.callbacks = new SessionCallbacks(this, this.listener, this.pacing);
		this.liveness = new SessionLiveness(this, hubs, this.outbound, transport);
	}

	/**
	 * Let this session's broadcasts pause its connection's reads while their recipients
	 * drain; without it, a saturated room is left to the overflow policy. Set once,
	 * before the first message.
	 * @param readPacing how the binding pauses and resumes reading
	 * @return this session
	 */
	public DefaultWsSession readPacing(WsReadPacing readPacing) {
		this.pacing.reads(readPacing);
		return this;
	}

	/**
	 * Stop reading this session's connection for good, where its binding can pause reads:
	 * for a peer that goes on sending after its session was closed for its inbound rate.
	 */
	@Override
	public void stopReading() {
		this.pacing.stop();
	}

	/**
	 * Run an action once the connection is gone: the container reported it closed and
	 * its socket is closed, or the registry dropped it. A binding gives back what the
	 * connection holds there (its admission slot), so that a peer that never answers a
	 * close frame cannot keep a socket open without it counting. Set once, before the
	 * connection can close.
	 * @param action the action, run once on any thread
	 * @return this session
	 */
	public DefaultWsSession whenGone(Runnable action) {
		this.whenGone = action;
		return this;
	}

	// Lifecycle, called by the web stack binding

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
			this.hubs.sweeper().gone(this);
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

	// Outbound

	@Override
	public boolean send(Object payload) {
		return sendPayload(this.hubs.encoder().encode(payload));
	}

	/**
	 * Queue an encoded payload; the hot path of a broadcast.
	 * @param payload the payload
	 * @return whether it was queued
	 */
	public boolean sendPayload(WsPayload payload) {
		return this.outbound.offer(payload, this.callbackThread == Thread.currentThread());
	}

	@Override
	public CompletionStage<String> request(Object payload, Duration timeout) {
		PendingRequests requests = this.requests;
		if (requests == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("Requests need replies enabled on endpoint '"
					+ endpoint().name() + "': multi-ws.endpoints." + endpoint().name() + ".replies.enabled=true"));
		}
		return requests.send(this, this.hubs.encoder().encode(payload), timeout);
	}

	@Override
	public void close(WsCloseStatus status) {
		if (this.requestedClose == null && isOpen()) {
			// What to report if the peer never completes the close and it is dropped
			this.requestedClose = status;
		}
		if (this.outbound.close(status)) {
			closeNow(status);
		}
	}

	/**
	 * Return the listener of this session, which its writer tells of each write.
	 * @return the listener, {@link WsSessionListener#NONE} if nothing observes it
	 */
	WsSessionListener listener() {
		return this.listener;
	}

	/**
	 * Report a message that the overflow policy dropped.
	 * @param policy the policy
	 */
	void dropped(OverflowPolicy policy) {
		this.listener.messageDropped(policy);
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
	 * Enforce the timers of this session while it is open; called four times a second by
	 * the registry for the members of its hubs. A closing session is swept by
	 * {@link #checkClosing} instead.
	 * @param now the current tick
	 * @param pingTicks ticks between pings, or 0 for none
	 * @param idleTicks ticks of silence before closing, or 0 for no limit
	 * @param sendLimitTicks ticks one write may take
	 */
	void checkTimers(long now, long pingTicks, long idleTicks, long sendLimitTicks) {
		this.liveness.checkTimers(now, pingTicks, idleTicks, sendLimitTicks);
	}

	/**
	 * Enforce the limits of this session from the moment it stopped taking messages
	 * until its connection is gone, whether or not it is still in its hub; called four
	 * times a second by the registry. A write in flight for longer than the send time
	 * limit, or a close that the peer has not completed within it (a peer that does not
	 * read never takes the close frame), drops the connection; a connection that the
	 * container still does not report closed after another such period is forgotten.
	 * @param now the current tick
	 */
	void checkClosing(long now) {
		this.liveness.checkClosing(now);
	}

	@Nullable WsCloseStatus requestedClose() {
		return this.requestedClose;
	}

	/**
	 * Drop the connection at shutdown, and forget the session.
	 */
	void dropAtShutdown() {
		this.liveness.drop();
		gone();
	}

	// Accessors

	/**
	 * Return the endpoint of this session.
	 * @return the endpoint
	 */
	public WsEndpointDefinition endpoint() {
		return this.match.endpoint();
	}

	/**
	 * Return the endpoint and hub this session was upgraded for.
	 * @return the match
	 */
	public WsEndpointMatch match() {
		return this.match;
	}

	@Override
	public MultiValueMap<String, String> queryParameters() {
		MultiValueMap<String, String> parameters = this.queryParameters;
		if (parameters == null) {
			parameters = WsSession.super.queryParameters();
			this.queryParameters = parameters;
		}
		return parameters;
	}


	@Override
	public String id() {
		return this.id;
	}

	@Override
	public WsHub hub() {
		DefaultWsHub hub = this.membership.hub();
		Assert.state(hub != null, "Session has not joined its hub yet");
		return hub;
	}

	@Nullable DefaultWsHub joinedHub() {
		return this.membership.hub();
	}

	@Override
	public URI uri() {
		return this.uri;
	}

	@Override
	public HttpHeaders handshakeHeaders() {
		return this.handshakeHeaders;
	}

	@Override
	public @Nullable Principal principal() {
		return this.principal;
	}

	@Override
	public @Nullable String acceptedProtocol() {
		return this.acceptedProtocol;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public boolean isOpen() {
		return this.outbound.state() == OutboundLifecycle.State.OPEN;
	}

	@Override
	public long droppedMessages() {
		return this.outbound.droppedMessages();
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		return this.transport.unwrap(type);
	}

	/**
	 * Return the number of messages waiting in the outbound queue.
	 * @return the queued message count
	 */
	public int queuedMessages() {
		return this.outbound.queuedMessages();
	}

	/**
	 * Return the bytes waiting in the outbound queue.
	 * @return the queued bytes
	 */
	public long queuedBytes() {
		return this.outbound.queuedBytes();
	}

	/**
	 * Return the requests of this session, on an endpoint with replies enabled.
	 * @return the requests, or {@code null} if the endpoint has no replies
	 */
	public @Nullable PendingRequests requests() {
		return this.requests;
	}

	/**
	 * Whether this session's reads are paused until the recipients of its broadcasts
	 * drain.
	 * @return {@code true} while paused
	 */
	public boolean isReadingPaused() {
		return this.pacing.isPaused();
	}

	/**
	 * Return how long the peer has kept this session's writer waiting: since the write in
	 * flight started, or since the pongs fell behind the pings, whichever is older. A peer
	 * that stopped reading is dropped once it passes the send time limit.
	 * @return the wait, zero while nothing is being written
	 */
	public Duration writeWait() {
		long since = this.outbound.waitingSince();
		return (since < 0) ? Duration.ZERO : Duration.ofMillis(Math.max(0, this.hubs.sweeper().currentTick() - since));
	}

	boolean isIdle() {
		return this.outbound.isIdle();
	}

	@Override
	public String toString() {
		return "WsSession[id=" + this.id + ", path=" + this.match.path() + ", endpoint=" + endpoint().name()
				+ ", state=" + this.outbound.state() + "]";
	}

}
