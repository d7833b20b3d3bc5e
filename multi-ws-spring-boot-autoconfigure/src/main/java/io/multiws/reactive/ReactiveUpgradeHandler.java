package io.multiws.reactive;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import io.multiws.admission.WsAdmissionPermit;
import io.multiws.admission.WsClientConnection;
import io.multiws.admission.WsRefusalReason;
import io.multiws.container.netty.ReactorNettySupport;
import io.multiws.container.tomcat.TomcatSupport;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsProtocolChecks;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.core.WsUpgradeDecision;
import io.multiws.core.WsUpgradeRefusal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Performs the checks multi-ws owns on every upgrade (origin, authentication, shutdown,
 * admission control, hub caps, the endpoint's {@code @OnHandshake} method), the same
 * {@link WsUpgradeChecks} as the servlet binding: all of them on the event loop, except a
 * blocking {@code @OnHandshake}, which runs on the callback pool once the others admitted
 * the upgrade, after at most {@code multi-ws.reactive.max-queued-handshakes} others
 * (503 past them), and then the handshake through
 * WebFlux's {@link HandshakeWebSocketService}: on Reactor Netty one per endpoint, whose
 * frame decoder refuses messages larger than the endpoint's limits. A refused upgrade
 * creates no hub.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ReactiveUpgradeHandler {

	private static final Log logger = LogFactory.getLog(ReactiveUpgradeHandler.class);

	/**
	 * How long the server may take to open an upgraded connection before its permit is
	 * given back, as on the Servlet stack.
	 */
	private static final Duration OPEN_DEADLINE = Duration.ofSeconds(5);

	private final DefaultWsHubs hubs;

	private final WsUpgradeChecks checks;

	private final WsCallbackExecutor callbacks;

	private static final boolean JAKARTA_WEBSOCKET = ClassUtils.isPresent("jakarta.websocket.server.ServerContainer",
			ReactiveUpgradeHandler.class.getClassLoader());

	private final Map<WsEndpointDefinition, HandshakeWebSocketService> nettyHandshakeServices = new HashMap<>();

	private final Map<WsEndpointDefinition, HandshakeWebSocketService> standardHandshakeServices =
			new ConcurrentHashMap<>();

	private volatile @Nullable HandshakeWebSocketService defaultHandshakeService;

	private final WsUpgradeRefusal queueFull;

	private final boolean containerOptimizations;

	/**
	 * Create an upgrade handler.
	 * @param checks the upgrade checks
	 * @param callbacks where endpoint callbacks run
	 * @param containerOptimizations whether to use the container's own API below the
	 * portable one where it is reachable
	 */
	public ReactiveUpgradeHandler(WsUpgradeChecks checks, WsCallbackExecutor callbacks,
			boolean containerOptimizations) {
		this.checks = checks;
		this.containerOptimizations = containerOptimizations;
		this.hubs = checks.hubs();
		this.callbacks = callbacks;
		this.queueFull = new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE,
				"Too many WebSocket handshakes waiting (multi-ws.reactive.max-queued-handshakes="
						+ callbacks.maxQueuedHandshakes() + ")",
				WsRefusalReason.HANDSHAKE_QUEUE_FULL);
		if (!callbacks.isOnEventLoop()) {
			// Hubs are created and removed on event loops: keep event listeners off them
			this.hubs.publishEventsOn(callbacks.pool());
		}
		if (ReactiveWsTransport.REACTOR_NETTY) {
			for (WsEndpointDefinition endpoint : this.hubs.mappings().endpoints()) {
				EndpointSettings settings = endpoint.settings();
				int maxMessageSize = settings.maxMessageSize();
				this.nettyHandshakeServices.put(endpoint,
						new HandshakeWebSocketService(containerOptimizations
								? ReactorNettySupport.upgradeStrategy(maxMessageSize, settings.compression())
								: ReactorNettySupport.portableUpgradeStrategy(maxMessageSize, settings.compression())));
			}
		}
	}

	private HandshakeWebSocketService handshakeService(WsEndpointDefinition endpoint, ServerWebExchange exchange) {
		if (ReactiveWsTransport.REACTOR_NETTY && ReactorNettySupport.isReactorNetty(exchange)) {
			return this.nettyHandshakeServices.get(endpoint);
		}
		if (JAKARTA_WEBSOCKET) {
			// Tomcat: the container's message buffers sized to the endpoint's limits
			return this.standardHandshakeServices.computeIfAbsent(endpoint,
					(definition) -> TomcatSupport.handshakeService(definition, this.containerOptimizations));
		}
		// Another server: WebFlux's own strategy, with the message size limits checked by
		// the session handler
		HandshakeWebSocketService service = this.defaultHandshakeService;
		if (service == null) {
			service = new HandshakeWebSocketService();
			this.defaultHandshakeService = service;
		}
		return service;
	}

	Mono<Void> upgrade(WsEndpointMatch match, ServerWebExchange exchange) {
		WsUpgradeRefusal malformed = WsProtocolChecks.check(exchange.getRequest().getHeaders());
		if (malformed != null) {
			this.checks.refused(malformed.cause());
			return refuse(exchange, malformed);
		}
		return exchange.getPrincipal().singleOptional().flatMap((principal) -> {
			Map<String, Object> attributes = new HashMap<>();
			PendingPermit pending = new PendingPermit();
			return check(match, exchange, principal.orElse(null), attributes, pending).flatMap((decision) -> {
				WsUpgradeRefusal refusal = decision.refusal();
				if (refusal != null) {
					return refuse(exchange, refusal);
				}
				pending.handOver();
				return handshake(match, exchange, principal.orElse(null), attributes, decision);
			}).doOnCancel(pending::cancel);
		});
	}

	private Mono<Void> handshake(WsEndpointMatch match, ServerWebExchange exchange, @Nullable Principal principal,
			Map<String, Object> attributes, WsUpgradeDecision decision) {
		WsAdmissionPermit permit = decision.requirePermit();
		ReactiveSessionHandler sessionHandler = new ReactiveSessionHandler(match, this.hubs, this.callbacks,
				principal, attributes, permit.inboundLimiter(match.endpoint().name()));
		AdmittedWebSocketHandler admitted = new AdmittedWebSocketHandler(sessionHandler, decision);
		// The server calls the handler once it switched protocols: Reactor Netty before the
		// handshake's publisher completes (with the connection), Tomcat after it
		return handshakeService(match.endpoint(), exchange).handleRequest(exchange, admitted)
			.doOnSuccess((done) -> decision.upgraded())
			.doOnError((ex) -> {
				this.checks.refused(WsRefusalReason.HANDSHAKE_FAILED);
				HttpStatus status = statusOf(ex);
				// A request the handshake refuses (4xx) is a refusal, as on the Servlet stack
				decision.handshakeFailed(status, status.is4xxClientError() ? null : ex);
			})
			.doFinally((signal) -> {
				admitted.handshakeDone(signal, this.hubs, OPEN_DEADLINE);
				if (signal == SignalType.CANCEL) {
					decision.handshakeFailed(HttpStatus.INTERNAL_SERVER_ERROR,
							new CancellationException("The exchange was cancelled during the handshake"));
				}
			});
	}

	private static HttpStatus statusOf(Throwable failure) {
		HttpStatus status = (failure instanceof ResponseStatusException responseStatus)
				? HttpStatus.resolve(responseStatus.getStatusCode().value()) : null;
		return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private Mono<WsUpgradeDecision> check(WsEndpointMatch match, ServerWebExchange exchange,
			@Nullable Principal principal, Map<String, Object> attributes, PendingPermit pending) {
		ServerHttpRequest request = exchange.getRequest();
		if (!match.endpoint().handler().handlesHandshake() || this.callbacks.isOnEventLoop()
				|| match.endpoint().isNonBlocking()) {
			return Mono.fromSupplier(() -> {
				WsUpgradeDecision decision = this.checks.check(match, request, connection(exchange), principal,
						attributes);
				pending.hold(decision);
				return decision;
			});
		}
		return Mono.defer(() -> {
			// Origin, caps and rates here, where the upgrade arrived: only an admitted
			// upgrade waits for a callback thread, and only while the handshake queue has
			// room
			WsUpgradeDecision admitted = this.checks.admit(match, request, connection(exchange), principal);
			WsAdmissionPermit permit = admitted.permit();
			if (permit == null) {
				return Mono.just(admitted);
			}
			pending.hold(admitted);
			// The application's @OnHandshake may block: run it on the callback pool, then
			// shake hands where the server expects it
			Mono<WsUpgradeDecision> offLoop = this.callbacks.offEventLoopBounded(
					() -> this.checks.handshake(match, request, principal, attributes, permit),
					() -> this.checks.refuse(match, request, permit, this.queueFull));
			return ReactiveWsTransport.REACTOR_NETTY ? ReactorNettySupport.backOnEventLoop(offLoop, exchange)
					: offLoop;
		});
	}

	/**
	 * Return the connection an upgrade came on, beneath any forwarding.
	 */
	private static WsClientConnection connection(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		Object nativeRequest = nativeRequest(request);
		WsClientConnection connection = null;
		if (ReactiveWsTransport.REACTOR_NETTY && nativeRequest != null) {
			connection = ReactorNettySupport.connection(nativeRequest);
		}
		if (connection == null && JAKARTA_WEBSOCKET && nativeRequest != null) {
			connection = TomcatSupport.connection(nativeRequest);
		}
		if (connection != null) {
			return connection;
		}
		String address = clientAddress(request);
		return new WsClientConnection() {

			@Override
			public String address() {
				return address;
			}

			@Override
			public List<String> headers(String name) {
				List<String> values = request.getHeaders().get(name);
				return (values != null) ? values : List.of();
			}

		};
	}

	private static @Nullable Object nativeRequest(ServerHttpRequest request) {
		try {
			return ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String clientAddress(ServerHttpRequest request) {
		InetSocketAddress address = request.getRemoteAddress();
		if (address == null) {
			return "unknown";
		}
		InetAddress resolved = address.getAddress();
		return (resolved != null) ? resolved.getHostAddress() : address.getHostString();
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, WsUpgradeRefusal refusal) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket upgrade with " + refusal.status().value() + ": " + refusal.reason());
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(refusal.status());
		response.getHeaders().putAll(refusal.headers());
		DataBuffer body = response.bufferFactory().wrap(refusal.body());
		return response.writeWith(Mono.just(body));
	}

	static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String reason) {
		return refuse(exchange, new WsUpgradeRefusal(status, reason));
	}

	/**
	 * Refuse an upgrade to an invalid hub path, and count it.
	 * @param exchange the exchange
	 * @param status the status
	 * @param reason the reason
	 * @return completion
	 */
	Mono<Void> refuseInvalidPath(ServerWebExchange exchange, HttpStatus status, String reason) {
		this.checks.refused(WsRefusalReason.INVALID_PATH);
		return refuse(exchange, status, reason);
	}

}
