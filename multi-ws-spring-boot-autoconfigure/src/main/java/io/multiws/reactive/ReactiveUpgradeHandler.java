package io.multiws.reactive;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

import io.multiws.core.DefaultWsHubs;
import io.multiws.core.EndpointSettings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.core.WsUpgradeRefusal;
import io.multiws.endpoint.WsEndpointDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * Performs the checks multi-ws owns on every upgrade (origin, authentication, shutdown,
 * hub caps, the endpoint's {@code @OnHandshake} method), the same {@link WsUpgradeChecks}
 * as the servlet binding, where the endpoint callbacks run (so a blocking
 * {@code @OnHandshake} never stalls an event loop), and then the handshake through
 * WebFlux's {@link HandshakeWebSocketService}, one per endpoint: on Reactor Netty its
 * frame decoder refuses messages larger than the endpoint's limits. A refused upgrade
 * creates no hub.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ReactiveUpgradeHandler {

	private static final Log logger = LogFactory.getLog(ReactiveUpgradeHandler.class);

	private final DefaultWsHubs hubs;

	private final WsUpgradeChecks checks;

	private final WsCallbackExecutor callbacks;

	private final Map<WsEndpointDefinition, HandshakeWebSocketService> handshakeServices = new HashMap<>();

	/**
	 * Create an upgrade handler.
	 * @param checks the upgrade checks
	 * @param callbacks where endpoint callbacks run
	 */
	public ReactiveUpgradeHandler(WsUpgradeChecks checks, WsCallbackExecutor callbacks) {
		this.checks = checks;
		this.hubs = checks.hubs();
		this.callbacks = callbacks;
		for (WsEndpointDefinition endpoint : this.hubs.mappings().endpoints()) {
			this.handshakeServices.put(endpoint, createHandshakeService(endpoint.settings()));
		}
	}

	private static HandshakeWebSocketService createHandshakeService(EndpointSettings settings) {
		if (ReactiveWsTransport.REACTOR_NETTY) {
			int maxMessageSize = Math.max(settings.maxTextMessageSize(), settings.maxBinaryMessageSize());
			return new HandshakeWebSocketService(ReactorNettySupport.upgradeStrategy(maxMessageSize));
		}
		return new HandshakeWebSocketService();
	}

	Mono<Void> upgrade(WsEndpointMatch match, ServerWebExchange exchange) {
		return exchange.getPrincipal().singleOptional().flatMap((principal) -> {
			Map<String, Object> attributes = new HashMap<>();
			return check(match, exchange, principal.orElse(null), attributes)
				.flatMap((refusal) -> refuse(exchange, refusal.status(), refusal.reason()))
				.switchIfEmpty(Mono.defer(() -> this.handshakeServices.get(match.endpoint())
					.handleRequest(exchange, new ReactiveSessionHandler(match, this.hubs, this.callbacks,
							principal.orElse(null), attributes))));
		});
	}

	private Mono<WsUpgradeRefusal> check(WsEndpointMatch match, ServerWebExchange exchange,
			@Nullable Principal principal, Map<String, Object> attributes) {
		Mono<WsUpgradeRefusal> check = Mono
			.fromSupplier(() -> this.checks.check(match, exchange.getRequest(), principal, attributes));
		if (!match.endpoint().handler().hasHandshakeCallback() || this.callbacks.isOnEventLoop()) {
			return check;
		}
		// The application's @OnHandshake may block: run it on the callback pool, then
		// shake hands where the server expects it
		Mono<WsUpgradeRefusal> offLoop = this.callbacks.offEventLoop(() -> check);
		return ReactiveWsTransport.REACTOR_NETTY ? ReactorNettySupport.backOnEventLoop(offLoop, exchange) : offLoop;
	}

	static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket upgrade with " + status.value() + ": " + reason);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		DataBuffer body = response.bufferFactory().wrap(reason.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

}
