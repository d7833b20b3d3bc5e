package io.multiws.autoconfigure;

import io.multiws.container.tomcat.TomcatConnectionBuffers;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.endpoint.StandardArgumentResolvers;
import io.multiws.endpoint.WsArgumentResolver;
import io.multiws.endpoint.WsNativeHandlerAdapter;
import io.multiws.hub.WsCloseStatus;
import io.multiws.servlet.ServletBinding;
import io.multiws.servlet.ServletUpgradeHandler;
import io.multiws.servlet.ServletWsHandlerMapping;
import io.multiws.servlet.WebSocketHandlerEndpointAdapter;
import jakarta.websocket.Session;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for multi-ws on Spring MVC (Tomcat, Jetty): the upgrade mapping,
 * the Servlet binding, the adapter of Spring {@link WebSocketHandler} beans, and the
 * Spring MVC argument types of the callbacks.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
@AutoConfiguration(after = MultiWsAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, Session.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "multi-ws.enabled", matchIfMissing = true)
@ConditionalOnBean(WsUpgradeChecks.class)
public final class MultiWsWebMvcAutoConfiguration {

	@Bean
	ServletUpgradeHandler multiWsUpgradeHandler(WsUpgradeChecks checks, MultiWsProperties properties) {
		return new ServletUpgradeHandler(checks, properties.getContainerOptimizations().isEnabled());
	}

	@Bean
	ServletWsHandlerMapping multiWsHandlerMapping(WsEndpointMappings mappings, ServletUpgradeHandler upgradeHandler) {
		ServletWsHandlerMapping mapping = new ServletWsHandlerMapping(mappings, upgradeHandler);
		mapping.setOrder(MultiWsAutoConfiguration.HANDLER_MAPPING_ORDER);
		return mapping;
	}

	@Bean
	ServletBinding multiWsBinding(MultiWsProperties properties) {
		return new ServletBinding(properties.getContainerOptimizations().isEnabled());
	}

	@Bean
	WsNativeHandlerAdapter multiWsWebSocketHandlerAdapter() {
		return (bean) -> (bean instanceof WebSocketHandler handler) ? new WebSocketHandlerEndpointAdapter(handler)
				: null;
	}

	@Bean
	WsArgumentResolver multiWsWebSocketSessionResolver() {
		return StandardArgumentResolvers.ofType(WebSocketSession.class,
				(context) -> context.session().unwrap(WebSocketSession.class));
	}

	@Bean
	WsArgumentResolver multiWsCloseStatusResolver() {
		return StandardArgumentResolvers.ofType(CloseStatus.class, (context) -> {
			WsCloseStatus status = context.closeStatus();
			return (status != null) ? new CloseStatus(status.code(), status.reason()) : null;
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
			"org.apache.tomcat.websocket.server.WsSci" })
	static class TomcatConfiguration {

		@Bean
		TomcatConnectionBuffers multiWsTomcatConnectionBuffers(MultiWsProperties properties) {
			return new TomcatConnectionBuffers((int) properties.getContainerBufferSize().toBytes());
		}

	}

}
