package io.multiws.servlet;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import io.multiws.container.tomcat.TomcatWebSocketSupport;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.WsReadPacing;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import io.multiws.hub.internal.WsPayloadFrames;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * A transport over a Jakarta WebSocket session (Tomcat). On Tomcat it writes the frames
 * of every message queued for the session in one gathering write, from frames built
 * once for all recipients, and pings through Tomcat's non-blocking frame path;
 * elsewhere, or when Tomcat's internals are out of
 * reach or container optimizations are off, through the portable asynchronous remote,
 * never with a blocking write. No thread waits for the network, but for a close frame,
 * which waits at most {@value #CLOSE_WRITE_MILLIS} ms.
 * Tomcat answers a peer's pings itself (the Jakarta WebSocket API hands them to no
 * application), with a blocking pong that waits at most the send time limit; when it
 * fails, Tomcat closes the connection and then reports the error, and on Tomcat the
 * socket is then released at once (see {@link #connectionFailed()}). On Tomcat,
 * a session that Tomcat reported closed once it sent its close frame keeps its
 * connection counted until the socket is closed.
 * <p>
 * Without Tomcat's internals, a close or a drop asked for while Tomcat runs the
 * endpoint's {@code onOpen} (a failing {@code @OnOpen}, a full hub, or a drop for the send
 * time limit while {@code @OnOpen} waits) is done once Tomcat has registered the session:
 * Tomcat registers a session for its close timeout only if it is still open when
 * {@code onOpen} returns, so a close frame sent before would leave a connection that
 * Tomcat never ends while the peer does not answer.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class StandardWsTransport extends AbstractServletWsTransport<Session> implements SendHandler {

	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String TOMCAT_SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	/**
	 * How long a close frame may wait for room in the socket buffer. A close is only
	 * written when nothing else is, so only a peer that stopped reading makes it wait:
	 * dropping such a peer early is right, and keeps shutdown short.
	 */
	static final long CLOSE_WRITE_MILLIS = 20;

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private static final Duration REGISTRATION_POLL = Duration.ofMillis(1);

	private static final int REGISTRATION_POLLS = 200;

	private final RemoteEndpoint.Async remote;

	private final long sendTimeLimitMillis;

	private final @Nullable TomcatWebSocketSupport tomcat;

	private final SendHandler framesWritten = (result) -> completed(result.isOK() ? null : result.getException());

	private @Nullable List<WsPayload> messages;

	private int next;

	private final Object openingLock = new Object();

	// Guarded by openingLock: whether Tomcat may still be running onOpen (portable path)
	private boolean opening;

	// Guarded by openingLock: the close or drop asked for meanwhile
	private @Nullable Runnable closeWhenOpened;

	StandardWsTransport(StandardWebSocketSession springSession, WebSocketSession userSession, long sendTimeLimitMillis,
			boolean containerOptimizations) {
		super(springSession, userSession, springSession.getNativeSession());
		this.remote = nativeSession().getAsyncRemote();
		this.sendTimeLimitMillis = sendTimeLimitMillis;
		this.tomcat = containerOptimizations ? TomcatWebSocketSupport.of(nativeSession(), sendTimeLimitMillis) : null;
		this.opening = (this.tomcat == null);
		// No container send timeout: DefaultWsHubs enforces the send time limit of every
		// write, and Tomcat's would add a timeout registration to every asynchronous send
		nativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeLimitMillis);
		// A peer that does not answer a close frame within the send time limit is dropped
		nativeSession().getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, sendTimeLimitMillis);
	}

	/**
	 * Return the read pacing of this connection.
	 * @return the pacing, {@link WsReadPacing#NONE} where the container offers none
	 */
	WsReadPacing readPacing() {
		return (this.tomcat != null) ? this.tomcat.readPacing() : WsReadPacing.NONE;
	}

	/**
	 * Called once the container reported an error on the connection, which Tomcat does
	 * after it closed the connection (a pong or a frame that the peer did not take within
	 * the send time limit): have the socket released at once rather than when Tomcat's
	 * poller next wakes up, up to a second later, so that the peer is reset within the
	 * send time limit.
	 */
	void connectionFailed() {
		if (this.tomcat != null) {
			this.tomcat.releaseClosedSocket();
		}
	}

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		started(callback);
		if (this.tomcat != null && this.tomcat.writeFrames(frames(messages), this.framesWritten)) {
			return;
		}
		this.messages = messages;
		this.next = 0;
		sendNext();
	}

	private static ByteBuffer[] frames(List<WsPayload> messages) {
		ByteBuffer[] frames = new ByteBuffer[messages.size()];
		for (int i = 0; i < frames.length; i++) {
			frames[i] = WsPayloadFrames.frame(messages.get(i)).duplicate();
		}
		return frames;
	}

	private void sendNext() {
		List<WsPayload> messages = this.messages;
		WsPayload payload = messages.get(this.next++);
		if (this.tomcat != null) {
			this.tomcat.startMessage(payload.isText() ? TomcatWebSocketSupport.TEXT : TomcatWebSocketSupport.BINARY,
					ByteBuffer.wrap(payload.toBytes()), this);
		}
		else if (payload.isText()) {
			this.remote.sendText(payload.asText(), this);
		}
		else {
			this.remote.sendBinary(ByteBuffer.wrap(payload.asBytes()), this);
		}
	}

	@Override
	public void onResult(SendResult result) {
		List<WsPayload> messages = this.messages;
		if (result.isOK() && messages != null && this.next < messages.size()) {
			sendNext();
			return;
		}
		this.messages = null;
		completed(result.isOK() ? null : result.getException());
	}

	@Override
	public void pong(byte[] payload, SendCallback callback) {
		TomcatWebSocketSupport tomcat = this.tomcat;
		if (tomcat == null) {
			// Never asked for: Tomcat answers pings itself
			callback.sendComplete(null);
			return;
		}
		started(callback);
		tomcat.startMessage(TomcatWebSocketSupport.PONG, ByteBuffer.wrap(payload), this.framesWritten);
	}

	@Override
	public boolean isConnectionOpen() {
		return this.tomcat != null && this.tomcat.isSocketOpen();
	}

	@Override
	public boolean pingBlocks() {
		return this.tomcat == null;
	}

	@Override
	public void ping() {
		if (this.tomcat != null) {
			this.tomcat.startMessage(TomcatWebSocketSupport.PING, EMPTY.duplicate(), (result) -> {
			});
			return;
		}
		try {
			this.remote.sendPing(EMPTY.duplicate());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Called once the handler's {@code afterConnectionEstablished} has returned, after
	 * which Tomcat registers the session: a close or a drop asked for before is done on
	 * the registry's timer as soon as Tomcat has registered it (or, should it never show,
	 * after {@value #REGISTRATION_POLLS} polls).
	 * @param hubs the registry, whose timer runs it
	 */
	void opened(DefaultWsHubs hubs) {
		Runnable close;
		synchronized (this.openingLock) {
			this.opening = false;
			close = this.closeWhenOpened;
			this.closeWhenOpened = null;
		}
		if (close != null) {
			hubs.schedule(() -> runOnceRegistered(close, hubs, REGISTRATION_POLLS), Duration.ZERO);
		}
	}

	private void runOnceRegistered(Runnable close, DefaultWsHubs hubs, int polls) {
		if (polls > 0 && !isRegistered()) {
			hubs.schedule(() -> runOnceRegistered(close, hubs, polls - 1), REGISTRATION_POLL);
			return;
		}
		close.run();
	}

	private boolean isRegistered() {
		try {
			Session session = nativeSession();
			return !session.isOpen() || session.getOpenSessions().contains(session);
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	/**
	 * Keep a close or a drop for when the session is registered, while Tomcat may still
	 * run {@code onOpen}; a drop replaces a close.
	 */
	private boolean deferWhileOpening(Runnable close, boolean drop) {
		synchronized (this.openingLock) {
			if (!this.opening) {
				return false;
			}
			if (drop || this.closeWhenOpened == null) {
				this.closeWhenOpened = close;
			}
			return true;
		}
	}

	@Override
	public void close(WsCloseStatus status) {
		if (deferWhileOpening(() -> closeOrDrop(status), false)) {
			return;
		}
		closeNow(status);
	}

	private void closeOrDrop(WsCloseStatus status) {
		try {
			closeNow(status);
		}
		catch (IllegalStateException ex) {
			abortNow(status);
		}
	}

	private void closeNow(WsCloseStatus status) {
		nativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_WRITE_MILLIS);
		try {
			nativeSession().close(closeReason(status));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			nativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, this.sendTimeLimitMillis);
		}
	}

	@Override
	public void abort(WsCloseStatus status) {
		if (!deferWhileOpening(() -> abortNow(status), true)) {
			abortNow(status);
		}
	}

	private void abortNow(WsCloseStatus status) {
		if (this.tomcat == null) {
			// Should the close frame go out, Tomcat ends the connection at its next check of
			// the close timeouts rather than the send time limit after it
			nativeSession().getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, 1L);
		}
		// A close waits for a write in progress: bound that wait so a stuck peer is dropped
		nativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, 1L);
		try {
			nativeSession().close(closeReason(status));
		}
		catch (Exception ex) {
			// The connection is gone either way
		}
		if (this.tomcat != null) {
			// A close frame sent already: Tomcat waits for the peer's, up to its close timeout
			this.tomcat.expireClose();
		}
	}

	private static CloseReason closeReason(WsCloseStatus status) {
		return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.code()), status.frameReason());
	}

}
