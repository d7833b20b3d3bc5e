package io.multiws.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.multiws.admission.WsAdmission;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.JacksonWsJsonCodec;
import io.multiws.core.LocalWsRelay;
import io.multiws.core.WsBinding;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsJsonCodec;
import io.multiws.core.WsListener;
import io.multiws.core.WsPayloadEncoder;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.endpoint.AnnotatedEndpointFactory;
import io.multiws.endpoint.StandardArgumentResolvers;
import io.multiws.endpoint.WsArgumentResolver;
import io.multiws.endpoint.WsArgumentResolverComposite;
import io.multiws.endpoint.WsNativeHandlerAdapter;
import io.multiws.history.HistoryBudget;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsRelay;
import io.multiws.reactive.ReactiveBinding;
import io.multiws.reactive.ReactiveServerCheck;
import io.multiws.reactive.ReactiveUpgradeHandler;
import io.multiws.reactive.ReactiveWsHandlerMapping;
import io.multiws.reactive.WsCallbackExecutor;
import io.multiws.servlet.MultiWsHandlerMapping;
import io.multiws.servlet.ServletBinding;
import io.multiws.servlet.ServletUpgradeHandler;
import io.multiws.servlet.WebSocketHandlerEndpointAdapter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for multi-ws: the hub registry of the {@code @WsEndpoint} beans and
 * the upgrade mapping of the application's web stack.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "multi-ws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MultiWsProperties.class)
public final class MultiWsAutoConfiguration {

	/**
	 * Order of the upgrade {@code HandlerMapping}: ahead of every Spring MVC and WebFlux
	 * mapping.
	 */
	public static final int HANDLER_MAPPING_ORDER = -200;

	@Bean
	@ConditionalOnMissingBean
	WsRelay multiWsRelay(MultiWsProperties properties) {
		Assert.state(!properties.getCluster().isEnabled(),
				"multi-ws.cluster.enabled=true needs Spring Data Redis with Lettuce (spring-boot-starter-data-redis)"
						+ " and a RedisConnectionFactory bean");
		return new LocalWsRelay();
	}

	@Bean
	@ConditionalOnMissingBean
	WsPayloadEncoder multiWsPayloadEncoder(ObjectProvider<WsJsonCodec> jsonCodec) {
		return new WsPayloadEncoder(jsonCodec.getIfAvailable(WsJsonCodec::unavailable));
	}

	@Bean
	@ConditionalOnMissingBean
	WsEndpointMappings multiWsEndpointMappings(MultiWsProperties properties, ListableBeanFactory beanFactory,
			WsPayloadEncoder encoder, ObjectProvider<ConversionService> conversionService,
			ObjectProvider<WsArgumentResolver> extraResolvers, ObjectProvider<WsNativeHandlerAdapter> nativeAdapters) {
		ConversionService conversion = conversionService
			.getIfUnique(ApplicationConversionService::getSharedInstance);
		List<WsArgumentResolver> resolvers = new ArrayList<>(extraResolvers.orderedStream().toList());
		resolvers.addAll(StandardArgumentResolvers.create(conversion));
		AnnotatedEndpointFactory annotatedFactory = new AnnotatedEndpointFactory(
				new WsArgumentResolverComposite(resolvers), encoder.jsonCodec(), conversion);
		WsEndpointDefinitions definitions = new WsEndpointDefinitions(properties, annotatedFactory,
				nativeAdapters.orderedStream().toList());
		return new WsEndpointMappings(definitions.create(beanFactory), properties.getMaxPathLength());
	}

	@Bean
	@ConditionalOnMissingBean
	WsHubs multiWsHubs(WsEndpointMappings mappings, WsRelay relay, WsPayloadEncoder encoder,
			ApplicationEventPublisher eventPublisher, MultiWsProperties properties,
			ObjectProvider<WsListener> listeners) {
		MultiWsProperties.Session session = properties.getSession();
		DefaultWsHubs hubs = new DefaultWsHubs(mappings, relay, encoder, eventPublisher,
				new DefaultWsHubs.Timers(properties.getMaxHubs(), session.getPingInterval(), session.getIdleTimeout(),
						properties.getShutdownTimeout(), historyMaxTotalBytes(properties)));
		hubs.setListener(WsListener.of(listeners.orderedStream().toList()));
		return hubs;
	}

	private static long historyMaxTotalBytes(MultiWsProperties properties) {
		DataSize configured = properties.getHistory().getMaxTotalBytes();
		if (configured == null) {
			return HistoryBudget.heapDefault();
		}
		if (configured.toBytes() <= 0) {
			throw new InvalidWsEndpointException("multi-ws.history.max-total-bytes must be positive, was " + configured
					+ " (leave it unset for a tenth of the heap)");
		}
		return configured.toBytes();
	}

	@Bean
	@ConditionalOnMissingBean
	WsUpgradeChecks multiWsUpgradeChecks(WsHubs hubs, WsAdmission admission) {
		return new WsUpgradeChecks(DefaultWsHubs.of(hubs), admission);
	}

	@Bean
	@ConditionalOnMissingBean
	WsAdmission multiWsAdmission(MultiWsProperties properties, WsEndpointMappings mappings) {
		return new WsAdmission(AdmissionSettings.of(properties, mappings));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebServerInitializedEvent.class)
	static class ServerConnectionLimitConfiguration {

		@Bean
		ServerConnectionLimit multiWsServerConnectionLimit(WsAdmission admission, Environment environment) {
			return new ServerConnectionLimit(admission, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebServerInitializedEvent.class)
	static class StartupReportConfiguration {

		@Bean
		WsStartupReport multiWsStartupReport(WsEndpointMappings mappings, ObjectProvider<WsBinding> binding) {
			return new WsStartupReport(mappings, binding);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsJsonCodec multiWsJsonCodec(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonWsJsonCodec(jsonMapper.getIfAvailable(JsonMapper::new));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ WebSocketHandler.class, jakarta.websocket.Session.class,
			org.springframework.web.servlet.DispatcherServlet.class })
	static class ServletConfiguration {

		@Bean
		ServletUpgradeHandler multiWsUpgradeHandler(WsUpgradeChecks checks) {
			return new ServletUpgradeHandler(checks);
		}

		@Bean
		MultiWsHandlerMapping multiWsHandlerMapping(WsEndpointMappings mappings, ServletUpgradeHandler upgradeHandler) {
			MultiWsHandlerMapping mapping = new MultiWsHandlerMapping(mappings, upgradeHandler);
			mapping.setOrder(HANDLER_MAPPING_ORDER);
			return mapping;
		}

		@Bean
		ServletBinding multiWsBinding() {
			return new ServletBinding();
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
				io.multiws.hub.WsCloseStatus status = context.closeStatus();
				return (status != null) ? new CloseStatus(status.code(), status.reason()) : null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ org.springframework.web.reactive.socket.WebSocketSession.class,
			org.springframework.web.reactive.DispatcherHandler.class })
	static class ReactiveConfiguration {

		@Bean
		WsCallbackExecutor multiWsCallbackExecutor(MultiWsProperties properties) {
			MultiWsProperties.Reactive reactive = properties.getReactive();
			return reactive.isCallbacksOnEventLoop() ? WsCallbackExecutor.onEventLoop()
					: WsCallbackExecutor.pooled(reactive.getCallbackThreads(), reactive.getMaxQueuedHandshakes());
		}

		@Bean
		ReactiveUpgradeHandler multiWsReactiveUpgradeHandler(WsUpgradeChecks checks, WsCallbackExecutor callbacks,
				ListableBeanFactory beanFactory) {
			ReactiveServerCheck.requireReactorNetty(beanFactory);
			return new ReactiveUpgradeHandler(checks, callbacks);
		}

		@Bean
		ReactiveBinding multiWsReactiveBinding() {
			return new ReactiveBinding();
		}

		@Bean
		ReactiveWsHandlerMapping multiWsReactiveHandlerMapping(WsEndpointMappings mappings,
				ReactiveUpgradeHandler upgradeHandler) {
			ReactiveWsHandlerMapping mapping = new ReactiveWsHandlerMapping(mappings, upgradeHandler);
			mapping.setOrder(HANDLER_MAPPING_ORDER);
			return mapping;
		}

		@Bean
		WsArgumentResolver multiWsReactiveWebSocketSessionResolver() {
			return StandardArgumentResolvers.ofType(org.springframework.web.reactive.socket.WebSocketSession.class,
					(context) -> context.session().unwrap(org.springframework.web.reactive.socket.WebSocketSession.class));
		}

		@Bean
		WsArgumentResolver multiWsReactiveCloseStatusResolver() {
			return StandardArgumentResolvers.ofType(org.springframework.web.reactive.socket.CloseStatus.class,
					(context) -> {
						io.multiws.hub.WsCloseStatus status = context.closeStatus();
						return (status != null)
								? new org.springframework.web.reactive.socket.CloseStatus(status.code(), status.reason())
								: null;
					});
		}

	}

}
