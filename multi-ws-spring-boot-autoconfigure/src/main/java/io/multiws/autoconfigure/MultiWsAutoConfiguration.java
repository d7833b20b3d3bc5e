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
import io.multiws.core.WsListener;
import io.multiws.core.WsPayloadEncoder;
import io.multiws.core.WsUpgradeChecks;
import io.multiws.endpoint.AnnotatedEndpointFactory;
import io.multiws.endpoint.StandardArgumentResolvers;
import io.multiws.endpoint.WsArgumentResolver;
import io.multiws.endpoint.WsArgumentResolverComposite;
import io.multiws.endpoint.WsNativeHandlerAdapter;
import io.multiws.features.HistoryBudget;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsRelay;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for multi-ws: the hub registry of the {@code @WsEndpoint} beans, the
 * relay, the admission control and the upgrade checks, which both stacks share. The
 * upgrade mapping of each stack is {@link MultiWsWebMvcAutoConfiguration}'s and
 * {@link MultiWsWebFluxAutoConfiguration}'s.
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
				new DefaultWsHubs.Settings(properties.getMaxHubs(), session.getPingInterval(), session.getIdleTimeout(),
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

}
