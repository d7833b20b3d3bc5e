package io.multiws.reactive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.multiws.admission.InboundLimiter;
import io.multiws.container.netty.NettyInbound;
import io.multiws.container.netty.ReactorNettySupport;
import io.multiws.container.tomcat.TomcatSupport;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.DefaultWsSession;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The WebFlux {@link WebSocketHandler} of one connection and the subscriber of its
 * inbound messages: it opens the connection's {@link DefaultWsSession} on the transport
 * of its server, admits each inbound message against the endpoint's size limit and the
 * inbound rate, and hands the session's events to its {@link SessionEvents}.
 * <p>
 * Payloads are copied off the network buffers on the event loop (so no buffer outlives
 * its frame), and messages are requested a few at a time ({@link InboundDemand}).
 *
 * @author multi-ws team
 */
final class ReactiveSessionHandler implements WebSocketHandler, CoreSubscriber<Object>, NettyInbound {

	private static final Log logger = LogFactory.getLog(ReactiveSessionHandler.class);

	private static final boolean JAKARTA_WEBSOCKET = ClassUtils.isPresent("jakarta.websocket.server.ServerContainer",
			ReactiveSessionHandler.class.getClassLoader());

	private final WsEndpointMatch match;

	private final DefaultWsHubs hubs;

	private final WsCallbackExecutor callbacks;

	private final @Nullable Principal principal;

	private final InboundLimiter inbound;

	private final InboundDemand demand = new InboundDemand();

	private @Nullable Map<String, Object> handshakeAttributes;

	private @Nullable WebSocketSession webSocketSession;

	private @Nullable DefaultWsSession session;

	private @Nullable SessionEvents events;

	private volatile @Nullable MonoSink<Void> done;

	private volatile boolean inboundEnded;

	ReactiveSessionHandler(WsEndpointMatch match, DefaultWsHubs hubs, WsCallbackExecutor callbacks,
			@Nullable Principal principal, Map<String, Object> handshakeAttributes, InboundLimiter inbound) {
		this.match = match;
		this.inbound = inbound;
		this.hubs = hubs;
		this.callbacks = callbacks;
		this.principal = principal;
		this.handshakeAttributes = handshakeAttributes.isEmpty() ? null : handshakeAttributes;
	}

	@Override
	public List<String> getSubProtocols() {
		return this.match.endpoint().settings().subprotocols();
	}

	@Override
	public Mono<Void> handle(WebSocketSession webSocketSession) {
		return Mono.create((done) -> start(webSocketSession, done));
	}

	private void start(WebSocketSession webSocketSession, MonoSink<Void> done) {
		HandshakeInfo info = webSocketSession.getHandshakeInfo();
		Map<String, Object> attributes = webSocketSession.getAttributes();
		if (this.handshakeAttributes != null) {
			attributes.putAll(this.handshakeAttributes);
			this.handshakeAttributes = null;
		}
		this.webSocketSession = webSocketSession;
		this.done = done;
		WsTransport transport = createTransport(webSocketSession, this::writeFailed);
		this.demand.readsThrough(transport);
		DefaultWsSession session = new DefaultWsSession(webSocketSession.getId(), this.match, this.hubs, transport,
				info.getUri(), info.getHeaders(), this.principal, info.getSubProtocol(), attributes);
		session.readPacing(this.demand).whenGone(this::gone);
		this.session = session;
		if (ReactiveWsTransport.REACTOR_NETTY) {
			ReactorNettySupport.whenChannelClosed(webSocketSession, session::connectionClosed);
		}
		// Joining never waits on the event loop: a history shared by a cluster catches up
		// first, on the relay's threads, and the session goes on from there
		session.prepareJoin().whenComplete((ready, ex) -> opened(session, webSocketSession));
	}

	private void opened(DefaultWsSession session, WebSocketSession webSocketSession) {
		boolean queued = !this.callbacks.isOnEventLoop() && !this.match.endpoint().isNonBlocking();
		SessionEvents events = new SessionEvents(session, this.demand, queued ? this.callbacks.pool() : null);
		this.events = events;
		if (queued) {
			// Count the session in its hub now, as the servlet binding does, so that the
			// hub caps see it before the client can open another connection
			session.join();
		}
		events.dispatch(SessionEvents.OPEN);
		inbound(webSocketSession).subscribe(this);
	}

	/**
	 * Return the inbound messages: on Reactor Netty the channel's frames themselves,
	 * without the operators that make them {@link WebSocketMessage}s.
	 */
	private static Publisher<?> inbound(WebSocketSession webSocketSession) {
		Publisher<?> frames = ReactiveWsTransport.REACTOR_NETTY ? ReactorNettySupport.frames(webSocketSession) : null;
		return (frames != null) ? frames : webSocketSession.receive();
	}

	private WsTransport createTransport(WebSocketSession webSocketSession, Consumer<Throwable> lateFailure) {
		WsTransport transport = ReactiveWsTransport.REACTOR_NETTY ? ReactorNettySupport.transport(webSocketSession,
				new ReactiveWsTransport(webSocketSession)) : null;
		if (transport != null) {
			return transport;
		}
		WsTransport streaming = new StreamingWsTransport(webSocketSession, lateFailure);
		WsTransport tomcat = JAKARTA_WEBSOCKET ? TomcatSupport.controlFramesTransport(webSocketSession, streaming,
				this.match.endpoint().settings().sendTimeLimit().toMillis()) : null;
		return (tomcat != null) ? tomcat : streaming;
	}

	/**
	 * A write failed after the transport had reported it written: unless the inbound side
	 * has ended, and reports the close itself, nothing else will tell the session. On
	 * Tomcat, the connection is closed already, and its inbound side never hears of it.
	 */
	private void writeFailed(Throwable failure) {
		DefaultWsSession session = this.session;
		if (session != null && !this.inboundEnded) {
			session.writeFailed(failure);
		}
	}

	// Inbound, on the event loop

	@Override
	public void onSubscribe(Subscription subscription) {
		this.demand.subscribed(subscription);
	}

	@Override
	public void onNext(Object message) {
		if (!(message instanceof WebSocketMessage webSocketMessage)) {
			ReactorNettySupport.received(message, this);
			return;
		}
		DataBuffer payload = webSocketMessage.getPayload();
		switch (webSocketMessage.getType()) {
			case TEXT -> {
				if (admitText(payload.readableByteCount())) {
					receivedText(payload.toString(StandardCharsets.UTF_8));
				}
			}
			case BINARY -> {
				if (admitBinary(payload.readableByteCount())) {
					byte[] bytes = new byte[payload.readableByteCount()];
					payload.read(bytes);
					receivedBinary(ByteBuffer.wrap(bytes));
				}
			}
			default -> receivedPong();
		}
	}

	@Override
	public boolean admitText(int bytes) {
		return fits(bytes, this.match.endpoint().settings().maxTextMessageSize(), "text");
	}

	@Override
	public boolean admitBinary(int bytes) {
		return fits(bytes, this.match.endpoint().settings().maxBinaryMessageSize(), "binary");
	}

	@Override
	public void receivedText(String text) {
		dispatch(text);
	}

	@Override
	public void receivedBinary(ByteBuffer bytes) {
		dispatch(bytes);
	}

	@Override
	public void receivedPong() {
		session().pongReceived();
		this.demand.requestOne();
	}

	@Override
	public void receivedPing(byte[] payload) {
		answerPing(payload);
		this.demand.requestOne();
	}

	/**
	 * Answer a ping that the server handed over outside the inbound messages.
	 */
	private void answerPing(byte[] payload) {
		DefaultWsSession session = session();
		if (this.inbound.admit(session, payload.length)) {
			session.pingReceived(payload);
		}
	}

	@Override
	public void skipped() {
		this.demand.requestOne();
	}

	private boolean fits(int size, int maxSize, String kind) {
		DefaultWsSession session = session();
		if (!this.inbound.admit(session, size, maxSize, kind)) {
			this.demand.requestOne();
			return false;
		}
		if (events().isQueued()) {
			session.pongReceived();
		}
		return true;
	}

	@Override
	public void onError(Throwable failure) {
		this.inboundEnded = true;
		if (ReactiveWsTransport.REACTOR_NETTY && ReactorNettySupport.isTooBig(failure)) {
			// The frame decoder may have closed already; otherwise close at once, ahead of
			// any queued message, as the servlet containers do
			WsCloseStatus status = WsCloseStatus.TOO_BIG.withReason("Message too big");
			webSocketSession().close(new CloseStatus(status.code(), status.reason())).subscribe(null, (ex) -> {
			});
			finish(status);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Inbound failure on WebSocket session " + session().id() + " of " + this.match.path(),
					failure);
		}
		onComplete();
	}

	@Override
	public void onComplete() {
		this.inboundEnded = true;
		webSocketSession().closeStatus()
			.map((status) -> new WsCloseStatus(status.getCode(), status.getReason()))
			.defaultIfEmpty(WsCloseStatus.NO_CLOSE_FRAME)
			.subscribe(this::finish, (ex) -> finish(WsCloseStatus.NO_CLOSE_FRAME));
	}

	private void finish(WsCloseStatus status) {
		dispatch(status);
	}

	private void dispatch(Object event) {
		events().dispatch(event);
	}

	/**
	 * The connection is gone: complete the handling, which gives back its admission
	 * slot. Inbound messages end as soon as a close frame is sent, before a peer that
	 * does not read has taken it; the session calls this once the socket has closed.
	 */
	private void gone() {
		MonoSink<Void> done = this.done;
		if (done != null) {
			this.done = null;
			done.success();
		}
	}

	private WebSocketSession webSocketSession() {
		WebSocketSession webSocketSession = this.webSocketSession;
		Assert.state(webSocketSession != null, "Not started");
		return webSocketSession;
	}

	private SessionEvents events() {
		SessionEvents events = this.events;
		Assert.state(events != null, "Not opened");
		return events;
	}

	private DefaultWsSession session() {
		DefaultWsSession session = this.session;
		Assert.state(session != null, "Not started");
		return session;
	}

	@Override
	public String toString() {
		DefaultWsSession session = this.session;
		return (session != null) ? session.toString() : "Upgrade to " + this.match.path();
	}

}
