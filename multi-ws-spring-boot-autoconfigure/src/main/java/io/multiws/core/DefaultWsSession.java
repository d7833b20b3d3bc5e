package io.multiws.core;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.multiws.endpoint.WsEndpointDefinition;
import io.multiws.endpoint.WsEndpointHandler;
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
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The session of every web stack: hub membership, callback dispatch with the fault
 * policy, and a bounded outbound queue written one message at a time through a
 * {@link WsTransport}, so that no caller ever waits for another, slow client (a reply
 * from the session's own callback may be written in place, see {@link #sendPayload}).
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class DefaultWsSession implements WsSession, WsTransport.SendCallback {

	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	private static final AtomicIntegerFieldUpdater<DefaultWsSession> PHASE = AtomicIntegerFieldUpdater
		.newUpdater(DefaultWsSession.class, "phase");

	private static final int SENDING = 1;

	private static final int RETURNED = 2;

	private static final int COMPLETED = 3;

	private static final int OPEN = 0;

	private static final int CLOSING = 1;

	private static final int CLOSED = 2;

	private final String id;

	private final WsEndpointMatch match;

	private final DefaultWsHubs hubs;

	private final WsTransport transport;

	private final URI uri;

	private final HttpHeaders handshakeHeaders;

	private final @Nullable Principal principal;

	private final @Nullable String acceptedProtocol;

	private final Map<String, Object> attributes;

	private final Object lock = new Object();

	private volatile int phase;

	private volatile int state = OPEN;

	private volatile @Nullable DefaultWsHub hub;

	// Plain field: a thread only ever sees its own identity here while it runs a callback
	private @Nullable Thread callbackThread;

	private @Nullable ArrayDeque<WsPayload> queue;

	private long queuedSize;

	private boolean writing;

	private volatile long writeStartedTick;

	private @Nullable WsCloseStatus pendingClose;

	private volatile long droppedMessages;

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
		this.transport = transport;
		this.uri = uri;
		this.handshakeHeaders = handshakeHeaders;
		this.principal = principal;
		this.acceptedProtocol = (acceptedProtocol != null && !acceptedProtocol.isEmpty()) ? acceptedProtocol : null;
		this.attributes = attributes;
		this.lastReceivedTick = hubs.tick();
		this.lastPingTick = this.lastReceivedTick;
	}

	// Lifecycle, called by the web stack binding

	/**
	 * Join the hub and call {@code @OnOpen}. A full hub closes the session with 1013; a
	 * failing callback closes it with 1011 and leaves no membership.
	 */
	public void opened() {
		if (this.hub == null && (this.state != OPEN || !join())) {
			return;
		}
		try {
			endpoint().handler().onOpen(this);
		}
		catch (Throwable ex) {
			fail("@OnOpen", ex);
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
			closeQuietly(WsCloseStatus.TRY_AGAIN_LATER.withReason("Hub full or too many hubs"));
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
		if (this.state != OPEN) {
			return;
		}
		this.callbackThread = Thread.currentThread();
		try {
			callback.call(endpoint().handler(), this, message);
		}
		catch (Throwable ex) {
			fail("@OnMessage", ex);
		}
		finally {
			this.callbackThread = null;
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
		synchronized (this.lock) {
			this.state = CLOSED;
			this.queue = null;
			this.queuedSize = 0;
		}
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
	 * Queue an encoded payload; the hot path of a broadcast. What the session sends from
	 * its own {@code @OnMessage} callback while its writer is idle is written in place
	 * when the transport can, as a hand-written handler would: only this session's own
	 * inbound processing can wait for it.
	 * @param payload the payload
	 * @return whether it was queued
	 */
	public boolean sendPayload(WsPayload payload) {
		synchronized (this.lock) {
			if (this.state != OPEN) {
				return false;
			}
			if (this.writing) {
				return enqueue(payload);
			}
			this.writing = true;
			this.writeStartedTick = this.hubs.tick();
		}
		if (this.callbackThread != Thread.currentThread() || !writeInPlace(payload)) {
			write(payload);
		}
		return true;
	}

	private boolean writeInPlace(WsPayload payload) {
		try {
			if (!this.transport.sendInPlace(payload)) {
				return false;
			}
		}
		catch (Throwable ex) {
			sendFailed(ex);
		}
		WsPayload next = pollNext();
		if (next != null) {
			write(next);
		}
		return true;
	}

	private boolean enqueue(WsPayload payload) {
		EndpointSettings settings = endpoint().settings();
		int size = payload.size();
		if (this.queuedSize + size > settings.sendBufferSize()) {
			OverflowPolicy policy = settings.overflowPolicy();
			if (policy == OverflowPolicy.CLOSE) {
				this.hubs.scheduler().execute(() -> abort(WsCloseStatus.POLICY_VIOLATION
					.withReason("Outbound buffer of " + settings.sendBufferSize() + " exceeded: client too slow")));
				this.state = CLOSING;
				this.queue = null;
				this.queuedSize = 0;
				return false;
			}
			ArrayDeque<WsPayload> queue = this.queue;
			if (policy == OverflowPolicy.DROP_OLDEST && queue != null && size <= settings.sendBufferSize()) {
				while (this.queuedSize + size > settings.sendBufferSize()) {
					WsPayload dropped = queue.poll();
					Assert.state(dropped != null, "Queue accounting out of step");
					this.queuedSize -= dropped.size();
					this.droppedMessages++;
				}
			}
			else {
				this.droppedMessages++;
				return false;
			}
		}
		ArrayDeque<WsPayload> queue = this.queue;
		if (queue == null) {
			queue = new ArrayDeque<>(8);
			this.queue = queue;
		}
		queue.add(payload);
		this.queuedSize += size;
		return true;
	}

	private void write(WsPayload first) {
		WsPayload next = first;
		while (next != null) {
			PHASE.set(this, SENDING);
			try {
				this.transport.send(next, this);
			}
			catch (Throwable ex) {
				if (PHASE.get(this) == SENDING) {
					sendComplete(ex);
				}
			}
			if (PHASE.compareAndSet(this, SENDING, RETURNED)) {
				return;
			}
			next = pollNext();
		}
	}

	@Override
	public void sendComplete(@Nullable Throwable failure) {
		if (failure != null) {
			sendFailed(failure);
		}
		if (PHASE.compareAndSet(this, SENDING, COMPLETED)) {
			return;
		}
		WsPayload next = pollNext();
		if (next != null) {
			write(next);
		}
	}

	private void sendFailed(Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug("Send failed for session " + this.id + " on " + this.match.path() + "; closing", failure);
		}
		synchronized (this.lock) {
			if (this.state == CLOSED) {
				return;
			}
			this.state = CLOSING;
			this.queue = null;
			this.queuedSize = 0;
			this.pendingClose = null;
		}
		this.hubs.scheduler().execute(() -> abort(WsCloseStatus.SERVER_ERROR.withReason("Send failed")));
	}

	private @Nullable WsPayload pollNext() {
		WsCloseStatus closeNow;
		synchronized (this.lock) {
			ArrayDeque<WsPayload> queue = this.queue;
			WsPayload next = (queue != null) ? queue.poll() : null;
			if (next != null) {
				this.queuedSize -= next.size();
				this.writeStartedTick = this.hubs.tick();
				return next;
			}
			this.writing = false;
			closeNow = this.pendingClose;
			this.pendingClose = null;
		}
		if (closeNow != null) {
			closeQuietly(closeNow);
		}
		return null;
	}

	@Override
	public void close(WsCloseStatus status) {
		synchronized (this.lock) {
			if (this.state != OPEN) {
				return;
			}
			this.state = CLOSING;
			if (this.writing) {
				this.pendingClose = status;
				return;
			}
		}
		closeQuietly(status);
	}

	private void closeQuietly(WsCloseStatus status) {
		this.state = Math.max(this.state, CLOSING);
		try {
			this.transport.close(status);
		}
		catch (Throwable ex) {
			logger.debug("Close failed for session " + this.id, ex);
			abort(status);
		}
	}

	/**
	 * Drop the connection now, leaving the hub at once.
	 * @param status the status to report if a close frame can still be sent
	 */
	public void abort(WsCloseStatus status) {
		synchronized (this.lock) {
			if (this.state == CLOSED) {
				return;
			}
			this.state = CLOSING;
			this.queue = null;
			this.queuedSize = 0;
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
	 * Enforce the timers of this session; called about once a second by the registry.
	 * @param now the current tick
	 * @param pingTicks ticks between pings, or 0 for none
	 * @param idleTicks ticks of silence before closing, or 0 for no limit
	 * @param sendLimitTicks ticks one write may take
	 */
	void checkTimers(long now, long pingTicks, long idleTicks, long sendLimitTicks) {
		boolean ping;
		synchronized (this.lock) {
			if (this.state == CLOSED) {
				return;
			}
			if (this.writing && now - this.writeStartedTick > sendLimitTicks) {
				ping = false;
				this.hubs.scheduler()
					.execute(() -> abort(WsCloseStatus.POLICY_VIOLATION.withReason("Send time limit exceeded")));
			}
			else if (this.state == OPEN && idleTicks > 0 && now - this.lastReceivedTick > idleTicks) {
				ping = false;
				this.hubs.scheduler().execute(() -> abort(WsCloseStatus.GOING_AWAY.withReason("Idle timeout")));
			}
			else {
				ping = this.state == OPEN && !this.writing && pingTicks > 0 && now - this.lastPingTick >= pingTicks;
				if (ping) {
					// The ping holds the writer like a message, so that no write overlaps it
					this.writing = true;
					this.writeStartedTick = now;
					this.lastPingTick = now;
				}
			}
		}
		if (ping) {
			this.hubs.pingExecutor().execute(this::ping);
		}
	}

	private void ping() {
		try {
			this.transport.ping();
		}
		catch (Throwable ex) {
			logger.debug("Ping failed for session " + this.id, ex);
		}
		WsPayload next = pollNext();
		if (next != null) {
			write(next);
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

	/**
	 * Return the decoded query parameters of the handshake URI, parsed once.
	 * @return the parameters
	 */
	public MultiValueMap<String, String> queryParameters() {
		MultiValueMap<String, String> parameters = this.queryParameters;
		if (parameters == null) {
			parameters = UriComponentsBuilder.fromUri(this.uri).build(true).getQueryParams();
			MultiValueMap<String, String> decoded = new org.springframework.util.LinkedMultiValueMap<>();
			parameters.forEach((name, values) -> decoded.put(decode(name), values.stream()
				.map((value) -> (value != null) ? decode(value) : "")
				.toList()));
			parameters = decoded;
			this.queryParameters = parameters;
		}
		return parameters;
	}

	private static String decode(String value) {
		return org.springframework.web.util.UriUtils.decode(value.replace('+', ' '),
				java.nio.charset.StandardCharsets.UTF_8);
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
		return this.state == OPEN;
	}

	@Override
	public long droppedMessages() {
		return this.droppedMessages;
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
		synchronized (this.lock) {
			ArrayDeque<WsPayload> queue = this.queue;
			return (queue != null) ? queue.size() : 0;
		}
	}

	boolean isIdle() {
		synchronized (this.lock) {
			return !this.writing;
		}
	}

	@FunctionalInterface
	private interface MessageCallback<T> {

		void call(WsEndpointHandler handler, DefaultWsSession session, T message) throws Exception;

	}

	@Override
	public String toString() {
		return "WsSession[id=" + this.id + ", path=" + this.match.path() + ", endpoint=" + endpoint().name()
				+ ", state=" + List.of("open", "closing", "closed").get(this.state) + "]";
	}

}
