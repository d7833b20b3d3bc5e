package io.multiws.reactive;

import io.multiws.core.InvalidHubPathException;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * Claims WebSocket upgrade requests ({@code GET} with {@code Upgrade: websocket}) whose
 * path maps to a {@code @WsEndpoint}, ahead of the application's other WebFlux mappings.
 * Every other request gets an empty result, so a controller or router function on the
 * same path still answers.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class ReactiveWsHandlerMapping extends AbstractHandlerMapping {

	private final WsEndpointMappings mappings;

	private final ReactiveUpgradeHandler upgradeHandler;

	/**
	 * Create a mapping.
	 * @param mappings the endpoint mappings
	 * @param upgradeHandler the upgrade handler
	 */
	public ReactiveWsHandlerMapping(WsEndpointMappings mappings, ReactiveUpgradeHandler upgradeHandler) {
		this.mappings = mappings;
		this.upgradeHandler = upgradeHandler;
	}

	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		// Plain HTTP, the common case, leaves at once
		return isUpgrade(exchange.getRequest()) ? super.getHandler(exchange) : Mono.empty();
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (!isUpgrade(request)) {
			return Mono.empty();
		}
		WsEndpointMatch match;
		try {
			match = this.mappings.match(request.getPath().pathWithinApplication().value());
		}
		catch (InvalidHubPathException ex) {
			return Mono.just((WebHandler) (refused) -> this.upgradeHandler.refusePath(refused, ex));
		}
		return (match != null) ? Mono.just(new Upgrade(match, this.upgradeHandler)) : Mono.empty();
	}

	private static boolean isUpgrade(ServerHttpRequest request) {
		return HttpMethod.GET.equals(request.getMethod())
				&& "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
	}

	@Override
	public String toString() {
		return "ReactiveWsHandlerMapping " + this.mappings;
	}

	private record Upgrade(WsEndpointMatch match, ReactiveUpgradeHandler handler) implements WebHandler {

		@Override
		public Mono<Void> handle(ServerWebExchange exchange) {
			return this.handler.upgrade(this.match, exchange);
		}

		@Override
		public String toString() {
			return "WebSocket upgrade to " + this.match.path() + " (endpoint '" + this.match.endpoint().name() + "')";
		}

	}

}
