package io.multiws.core;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

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
 * The session of every web stack: hub membership, callback dispatch with the fault
 * policy, and the lifecycle of the connection. What it sends goes through its
 * {@link WsOutbound}, so that no caller ever waits for another, slow client.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class DefaultWsSession implements WsSession, InboundLimiter.StoppableReads {

	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	private static final AtomicIntegerFieldUpdater<DefaultWsSession> LEFT = AtomicIntegerFieldUpdater
		.newUpdater(DefaultWsSession.class, "left");

	/**
	 * How long a peer closed for idleness has to answer the close frame.
	 */
	private static final long CLOSE_GRACE_MILLIS = 1000;

	/**
	 * How long a join waits at most for a shared history to catch up with its store.
	 */
	private static final long CATCH_UP_WAIT_MILLIS = 2000;

	static final WsCloseStatus SEND_TIME_LIMIT_EXCEEDED = WsCloseStatus.POLICY_VIOLATION
		.withReason("Send time limit exceeded");

	private final String id;

	private final WsEndpointMatch match;

	private final DefaultWsHubs hubs;

	private final WsTransport transport;

	private final WsOutbound outbound;

	private final InboundPacing pacing = new InboundPacing();

	private final AtomicBoolean gone = new AtomicBoolean();

	private final WsSessionListener listener;

	private final URI uri;

	private final HttpHeaders handshakeHeaders;

	private final @Nullable Principal principal;

	private final @Nullable String acceptedProtocol;

	private final Map<String, Object> attributes;

	private final @Nullable PendingRequests requests;

	private volatile @Nullable DefaultWsHub hub;

	private volatile @Nullable CompletionStage<Void> prepared;

	private volatile @Nullable WsCloseStatus requestedClose;

	private volatile Runnable whenGone = () -> {
	};

	// Touched by the registry's timer only
	private long droppedTick = -1;

	// Plain field: a thread only ever sees its own identity here while it runs a callback
	private @Nullable Thread callbackThread;

	private volatile long lastReceivedTick;

	private long lastPingTick;

	private volatile int left;

	/**
	 * Guards the hand-over between joining the hub and the end of the connection, which
	 * the container may report on another thread while the join is under way.
	 */
	private final Object membership = new Object();

	private boolean ended;

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
		this.lastReceivedTick = hubs.tick();
		this.lastPingTick = this.lastReceivedTick;
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
		if (this.hub == null && (!isOpen() || !join())) {
			return;
		}
		InboundPacing previous = this.pacing.enter();
		this.callbackThread = Thread.currentThread();
		try {
			endpoint().handler().onOpen(this);
			this.listener.opened(this);
		}
		catch (Throwable ex) {
			fail("@OnOpen", ex);
		}
		finally {
			this.callbackThread = null;
			this.pacing.exit(previous);
		}
	}

	/**
	 * Join the hub without calling {@code @OnOpen}, which {@link #opened()} then calls: for
	 * a binding that runs callbacks on other threads, so that the hub counts the session
	 * from the moment its connection opened. A full hub closes the session with 1013.
	 * @return whether the session joined its hub
	 */
	public boolean join() {
		if (this.hub != null) {
			return true;
		}
		awaitPrepared();
		DefaultWsHub joined = this.hubs.join(this);
		if (joined == null) {
			this.outbound.closing();
			closeNow(WsCloseStatus.TRY_AGAIN_LATER.withReason("Hub full or too many hubs"));
			return false;
		}
		boolean ended;
		synchronized (this.membership) {
			this.hub = joined;
			ended = this.ended;
		}
		if (ended) {
			// The connection ended while the join was under way (a write of the replay
			// failed, or the peer left): nobody else will take the session out of its hub
			leaveHub();
			return false;
		}
		return true;
	}

	/**
	 * Prepare the join without waiting: a binding that must not block (an event loop)
	 * calls this first and {@link #join()} or {@link #opened()} once the stage completes.
	 * @return a stage that completes when the session may join without waiting
	 * @see DefaultWsHubs#beforeJoin
	 */
	public CompletionStage<Void> prepareJoin() {
		CompletionStage<Void> prepared = this.hubs.beforeJoin(this.match);
		this.prepared = prepared;
		return prepared;
	}

	/**
	 * Wait, on a thread that may block, until a shared history is up to date for this
	 * session's replay; past {@value #CATCH_UP_WAIT_MILLIS} ms, join anyway and receive
	 * the rest as it is read.
	 */
	private void awaitPrepared() {
		CompletionStage<Void> prepared = this.prepared;
		CompletableFuture<Void> ready = ((prepared != null) ? prepared : prepareJoin()).toCompletableFuture();
		if (ready.isDone()) {
			return;
		}
		try {
			ready.get(CATCH_UP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.debug("Joining " + this.match.path() + " before its shared history is up to date", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Dispatch an inbound text message.
	 * @param text the message
	 */
	public void received(String text) {
		dispatch(text, WsEndpointHandler::onText);
	}

	/**
	 * Dispatch an inbound binary message.
	 * @param bytes the message
	 */
	public void received(ByteBuffer bytes) {
		dispatch(bytes, WsEndpointHandler::onBinary);
	}

	private <T> void dispatch(T message, MessageCallback<T> callback) {
		this.lastReceivedTick = this.hubs.tick();
		if (!isOpen()) {
			return;
		}
		InboundPacing previous = this.pacing.enter();
		this.callbackThread = Thread.currentThread();
		WsSessionListener.Scope scope = this.listener.messageReceived(message);
		try {
			callback.call(endpoint().handler(), this, message);
		}
		catch (Throwable ex) {
			fail("@OnMessage", ex);
		}
		finally {
			this.callbackThread = null;
			scope.close();
			this.pacing.exit(previous);
		}
	}

	/**
	 * Record a pong (or any other sign of life) from the peer.
	 */
	public void pongReceived() {
		this.lastReceivedTick = this.hubs.tick();
	}

	/**
	 * Answer a ping of the peer through the session's outbound side, as a message is
	 * written: never waiting for the network, and holding at most one pong while a write
	 * is in flight. The binding counts the ping against the session's inbound rate
	 * first.
	 * @param payload the application data of the ping, at most 125 bytes
	 */
	public void pingReceived(byte[] payload) {
		this.lastReceivedTick = this.hubs.tick();
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
		DefaultWsHub joined = end();
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
				endpoint().handler().onClose(this, (abortStatus != null) ? abortStatus : status);
			}
		}
		catch (Throwable ex) {
			logger.warn(describe("@OnClose") + " failed", ex);
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
	private void gone() {
		if (this.gone.compareAndSet(false, true)) {
			this.hubs.gone(this);
			try {
				this.whenGone.run();
			}
			catch (Throwable ex) {
				logger.warn("Releasing session " + this.id + " failed", ex);
			}
		}
	}

	/**
	 * Record that the connection is ending: a join still under way leaves the hub as soon
	 * as it is in.
	 * @return the hub joined so far, if any
	 */
	private @Nullable DefaultWsHub end() {
		synchronized (this.membership) {
			this.ended = true;
			return this.hub;
		}
	}

	private void leaveHub() {
		if (this.hub != null && LEFT.compareAndSet(this, 0, 1)) {
			this.hubs.leave(this);
		}
	}

	private void fail(String callback, Throwable ex) {
		if (ex instanceof WsCloseException closeException) {
			if (logger.isDebugEnabled()) {
				logger.debug(describe(callback) + " closed the session with " + closeException.getStatus(), ex);
			}
			close(closeException.getStatus());
			return;
		}
		this.listener.callbackFailed(callback, ex);
		logger.error(describe(callback) + " failed; closing the session with 1011", ex);
		close(WsCloseStatus.SERVER_ERROR.withReason("Internal error in endpoint callback"));
		if (callback.equals("@OnOpen")) {
			leaveHub();
		}
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

	private String describe(String callback) {
		return callback + " of WebSocket endpoint '" + this.match.endpoint().name() + "' for session " + this.id
				+ " on " + this.match.path();
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
	 * Close a peer that may not answer: the close frame goes out as soon as nothing else
	 * is being written, and the connection is dropped if the peer has not closed in turn
	 * within a second.
	 * @param status the close status
	 */
	private void closeOrDrop(WsCloseStatus status) {
		close(status);
		this.hubs.scheduler().schedule(() -> abort(status), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
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
		end();
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
		if (this.outbound.state() != OutboundLifecycle.State.OPEN) {
			return;
		}
		if (this.outbound.isWriteOverdue(now, sendLimitTicks)) {
			this.hubs.scheduler().execute(() -> abort(SEND_TIME_LIMIT_EXCEEDED));
		}
		else if (idleTicks > 0 && now - this.lastReceivedTick > idleTicks) {
			this.hubs.scheduler().execute(() -> closeOrDrop(WsCloseStatus.GOING_AWAY.withReason("Idle timeout")));
		}
		else if (pingTicks > 0 && now - this.lastPingTick >= pingTicks && this.outbound.startPing(now)) {
			this.lastPingTick = now;
			if (this.transport.pingBlocks()) {
				this.hubs.pingExecutor().execute(this.outbound::ping);
			}
			else {
				this.outbound.ping();
			}
		}
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
		long limit = endpoint().settings().sendTimeLimit().toMillis();
		if (this.outbound.state() == OutboundLifecycle.State.CLOSED && !this.transport.isConnectionOpen()) {
			gone();
		}
		else if (this.droppedTick < 0) {
			if (this.outbound.isWriteOverdue(now, limit) || this.outbound.isClosingOverdue(now, limit)) {
				this.droppedTick = now;
				this.hubs.scheduler().execute(this::drop);
			}
		}
		else if (now - this.droppedTick > limit) {
			logger.debug("Forgetting session " + this.id + ": its connection was dropped but never reported closed");
			gone();
		}
	}

	/**
	 * Drop the connection of a closing session, even once the container has reported it
	 * closed while its socket stays open.
	 */
	private void drop() {
		WsCloseStatus requested = this.requestedClose;
		WsCloseStatus status = (requested != null) ? requested : SEND_TIME_LIMIT_EXCEEDED;
		if (this.outbound.state() != OutboundLifecycle.State.CLOSED) {
			abort(status);
			return;
		}
		try {
			this.transport.abort(status);
		}
		catch (Throwable ex) {
			logger.debug("Abort failed for session " + this.id, ex);
		}
	}

	/**
	 * Drop the connection at shutdown, and forget the session.
	 */
	void dropAtShutdown() {
		drop();
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
		DefaultWsHub hub = this.hub;
		Assert.state(hub != null, "Session has not joined its hub yet");
		return hub;
	}

	@Nullable DefaultWsHub joinedHub() {
		return this.hub;
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
		return (since < 0) ? Duration.ZERO : Duration.ofMillis(Math.max(0, this.hubs.currentTick() - since));
	}

	boolean isIdle() {
		return this.outbound.isIdle();
	}

	@FunctionalInterface
	private interface MessageCallback<T> {

		void call(WsEndpointHandler handler, DefaultWsSession session, T message) throws Exception;

	}

	@Override
	public String toString() {
		return "WsSession[id=" + this.id + ", path=" + this.match.path() + ", endpoint=" + endpoint().name()
				+ ", state=" + this.outbound.state() + "]";
	}

}
