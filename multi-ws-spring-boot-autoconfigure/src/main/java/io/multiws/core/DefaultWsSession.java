package io.multiws.core;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
public final class DefaultWsSession implements WsSession {

	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	/**
	 * How long a peer closed for idleness has to answer the close frame.
	 */
	private static final long CLOSE_GRACE_MILLIS = 1000;

	private final String id;

	private final WsEndpointMatch match;

	private final DefaultWsHubs hubs;

	private final WsTransport transport;

	private final WsOutbound outbound;

	private final InboundPacing pacing = new InboundPacing();

	private final WsSessionListener listener;

	private final URI uri;

	private final HttpHeaders handshakeHeaders;

	private final @Nullable Principal principal;

	private final @Nullable String acceptedProtocol;

	private final Map<String, Object> attributes;

	private volatile @Nullable DefaultWsHub hub;

	// Plain field: a thread only ever sees its own identity here while it runs a callback
	private @Nullable Thread callbackThread;

	private volatile long lastReceivedTick;

	private long lastPingTick;

	private volatile boolean left;

	private volatile @Nullable WsCloseStatus abortStatus;

	private @Nullable MultiValueMap<String, String> queryParameters;

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
		this.transport = this.listener.transport(transport);
		this.outbound = new WsOutbound(this, this.transport, hubs, match.endpoint().settings());
		this.uri = uri;
		this.handshakeHeaders = handshakeHeaders;
		this.principal = principal;
		this.acceptedProtocol = (acceptedProtocol != null && !acceptedProtocol.isEmpty()) ? acceptedProtocol : null;
		this.attributes = attributes;
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
		DefaultWsHub joined = this.hubs.join(this);
		if (joined == null) {
			this.outbound.closing();
			closeNow(WsCloseStatus.TRY_AGAIN_LATER.withReason("Hub full or too many hubs"));
			return false;
		}
		this.hub = joined;
		return true;
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
	 * Called once when the connection has closed: leave the hub, then call
	 * {@code @OnClose}, whose failures are only logged.
	 * @param status the close status
	 */
	public void closed(WsCloseStatus status) {
		this.listener.closed(status);
		this.outbound.closed();
		leaveHub();
		if (this.hub == null) {
			return;
		}
		try {
			// A dropped connection reports 1006: tell the endpoint why multi-ws dropped it
			WsCloseStatus abortStatus = this.abortStatus;
			endpoint().handler().onClose(this, (abortStatus != null) ? abortStatus : status);
		}
		catch (Throwable ex) {
			logger.warn(describe("@OnClose") + " failed", ex);
		}
	}

	private void leaveHub() {
		if (!this.left && this.hub != null) {
			this.left = true;
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
	public void close(WsCloseStatus status) {
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
		leaveHub();
		try {
			this.transport.abort(status);
		}
		catch (Throwable ex) {
			logger.debug("Abort failed for session " + this.id, ex);
		}
	}

	/**
	 * Enforce the timers of this session; called four times a second by the registry.
	 * @param now the current tick
	 * @param pingTicks ticks between pings, or 0 for none
	 * @param idleTicks ticks of silence before closing, or 0 for no limit
	 * @param sendLimitTicks ticks one write may take
	 */
	void checkTimers(long now, long pingTicks, long idleTicks, long sendLimitTicks) {
		WsOutbound.State state = this.outbound.state();
		if (state == WsOutbound.State.CLOSED) {
			return;
		}
		if (this.outbound.isWriteOverdue(now, sendLimitTicks)) {
			this.hubs.scheduler()
				.execute(() -> abort(WsCloseStatus.POLICY_VIOLATION.withReason("Send time limit exceeded")));
		}
		else if (state == WsOutbound.State.OPEN && idleTicks > 0 && now - this.lastReceivedTick > idleTicks) {
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
		return this.outbound.state() == WsOutbound.State.OPEN;
	}

	@Override
	public long droppedMessages() {
		return this.outbound.droppedMessages();
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		return type.isInstance(this) ? type.cast(this) : this.transport.unwrap(type);
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
	 * Whether this session's reads are paused until the recipients of its broadcasts
	 * drain.
	 * @return {@code true} while paused
	 */
	public boolean isReadingPaused() {
		return this.pacing.isPaused();
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
