package io.multiws.core;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;

/**
 * The session of every web stack, as the application sees it ({@link WsSession}): what
 * the handshake established, what it sends and how it closes. What it sends goes through
 * its {@link WsOutbound}, so that no caller ever waits for another, slow client. The
 * lifecycle that its binding drives is {@link SessionLifecycle}'s.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class DefaultWsSession extends SessionLifecycle implements WsSession {

	static final WsCloseStatus SEND_TIME_LIMIT_EXCEEDED = WsCloseStatus.POLICY_VIOLATION
		.withReason("Send time limit exceeded");

	private final URI uri;

	private final HttpHeaders handshakeHeaders;

	private final @Nullable Principal principal;

	private final @Nullable String acceptedProtocol;

	private final Map<String, Object> attributes;

	private volatile @Nullable WsCloseStatus requestedClose;

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
		super(id, match, hubs, transport);
		this.uri = uri;
		this.handshakeHeaders = handshakeHeaders;
		this.principal = principal;
		this.acceptedProtocol = (acceptedProtocol != null && !acceptedProtocol.isEmpty()) ? acceptedProtocol : null;
		this.attributes = attributes;
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
	 * Run an action once the connection is gone: the container reported it closed and
	 * its socket is closed, or the registry dropped it. A binding gives back what the
	 * connection holds there (its admission slot), so that a peer that never answers a
	 * close frame cannot keep a socket open without it counting. Set once, before the
	 * connection can close.
	 * @param action the action, run once on any thread
	 * @return this session
	 */
	public DefaultWsSession whenGone(Runnable action) {
		runWhenGone(action);
		return this;
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

	@Nullable WsCloseStatus requestedClose() {
		return this.requestedClose;
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
		DefaultWsHub hub = joinedHub();
		Assert.state(hub != null, "Session has not joined its hub yet");
		return hub;
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

	@Override
	public String toString() {
		return "WsSession[id=" + this.id + ", path=" + this.match.path() + ", endpoint=" + endpoint().name()
				+ ", state=" + this.outbound.state() + "]";
	}

}
