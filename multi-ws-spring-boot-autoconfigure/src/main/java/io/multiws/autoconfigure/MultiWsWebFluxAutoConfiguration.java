package io.multiws.autoconfigure;

import io.multiws.core.InvalidHubPathException;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.endpoint.StandardArgumentResolvers;
import io.multiws.endpoint.WsArgumentResolver;
import io.multiws.hub.WsCloseStatus;
import io.multiws.reactive.ReactiveBinding;
import io.multiws.reactive.ReactiveServerCheck;
import io.multiws.reactive.ReactiveUpgradeHandler;
import io.multiws.reactive.ReactiveWsHandlerMapping;
import io.multiws.reactive.WsCallbackExecutor;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for multi-ws on Spring WebFlux (Reactor Netty, Tomcat): the upgrade
 * mapping, the reactive binding, the executor of the callbacks, and the WebFlux argument
 * types of the callbacks.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
@AutoConfiguration(after = MultiWsAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebSocketSession.class, DispatcherHandler.class })
@ConditionalOnBooleanProperty(name = "multi-ws.enabled", matchIfMissing = true)
@ConditionalOnBean(WsUpgradeChecks.class)
public final class MultiWsWebFluxAutoConfiguration {

	@Bean
	WsCallbackExecutor multiWsCallbackExecutor(MultiWsProperties properties) {
		MultiWsProperties.Reactive reactive = properties.getReactive();
		return reactive.isCallbacksOnEventLoop() ? WsCallbackExecutor.onEventLoop()
				: WsCallbackExecutor.pooled(reactive.getCallbackThreads(), reactive.getMaxQueuedHandshakes());
	}

	@Bean
	ReactiveUpgradeHandler multiWsReactiveUpgradeHandler(WsUpgradeChecks checks, WsCallbackExecutor callbacks,
			ListableBeanFactory beanFactory, MultiWsProperties properties) {
		ReactiveServerCheck.requireSupportedServer(beanFactory);
		return new ReactiveUpgradeHandler(checks, callbacks, properties.getContainerOptimizations().isEnabled());
	}

	@Bean
	ReactiveBinding multiWsReactiveBinding(MultiWsProperties properties) {
		return new ReactiveBinding(properties.getContainerOptimizations().isEnabled());
	}

	@Bean
	ReactiveWsHandlerMapping multiWsReactiveHandlerMapping(WsEndpointMappings mappings,
			ReactiveUpgradeHandler upgradeHandler) {
		ReactiveWsHandlerMapping mapping = new ReactiveWsHandlerMapping(mappings, upgradeHandler);
		mapping.setOrder(MultiWsAutoConfiguration.HANDLER_MAPPING_ORDER);
		return mapping;
	}

	@Bean
	WsArgumentResolver multiWsReactiveWebSocketSessionResolver() {
		return StandardArgumentResolvers.ofType(WebSocketSession.class,
				(context) -> context.session().unwrap(WebSocketSession.class));
	}

	@Bean
	WsArgumentResolver multiWsReactiveCloseStatusResolver() {
		return StandardArgumentResolvers.ofType(CloseStatus.class, (context) -> {
			WsCloseStatus status = context.closeStatus();
			return (status != null) ? new CloseStatus(status.code(), status.reason()) : null;
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationPredicate.class, ServerRequestObservationContext.class })
	static class ObservationConfiguration {

		/**
		 * Leave the WebSocket upgrades of multi-ws's paths out of WebFlux's HTTP server
		 * observation, which would stay open for the connection's whole life (about 2.5 KB
		 * held per connection) and then record that life as one request; the
		 * {@code multiws.handshake} observation records the upgrade itself, as the HTTP
		 * server observation does on Spring MVC, where it ends with the 101.
		 * @param mappings the endpoint mappings
		 * @return the predicate
		 */
		@Bean
		ObservationPredicate multiWsUpgradeObservationPredicate(WsEndpointMappings mappings) {
			return (name, context) -> !(context instanceof ServerRequestObservationContext request
					&& isUpgradeToAnEndpoint(request.getCarrier(), mappings));
		}

		private static boolean isUpgradeToAnEndpoint(ServerHttpRequest request, WsEndpointMappings mappings) {
			if (!"websocket".equalsIgnoreCase(request.getHeaders().getFirst(HttpHeaders.UPGRADE))) {
				return false;
			}
			try {
				return mappings.match(request.getURI().getRawPath()) != null;
			}
			catch (InvalidHubPathException ex) {
				// Refused before the upgrade (400, 414): an ordinary request to observe
				return false;
			}
		}

	}

}
