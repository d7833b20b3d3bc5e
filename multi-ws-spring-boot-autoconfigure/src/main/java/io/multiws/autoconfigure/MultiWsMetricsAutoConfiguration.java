package io.multiws.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.multiws.cluster.RedisWsRelay;
import io.multiws.core.WsEndpointMappings;
import io.multiws.metrics.MicrometerWsListener;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code multiws.*} Micrometer meters, when the application
 * has a {@link MeterRegistry}; without one the runtime records nothing.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		SimpleMetricsExportAutoConfiguration.class, MultiWsAutoConfiguration.class,
		MultiWsClusterAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, WsEndpointMappings.class })
public final class MultiWsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerWsListener multiWsMetricsListener(MeterRegistry registry, WsEndpointMappings mappings) {
		return new MicrometerWsListener(registry, mappings);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	@ConditionalOnBean(RedisWsRelay.class)
	static class RelayMetricsConfiguration {

		@Bean
		MeterBinder multiWsRelayMeters(RedisWsRelay relay) {
			return (registry) -> {
				FunctionCounter.builder("multiws.relay.published", relay, RedisWsRelay::getPublishedMessages)
					.description("Broadcasts Redis acknowledged")
					.baseUnit("messages")
					.register(registry);
				FunctionCounter.builder("multiws.relay.received", relay, RedisWsRelay::getReceivedMessages)
					.description("Broadcasts received from other instances for a local hub")
					.baseUnit("messages")
					.register(registry);
				FunctionCounter.builder("multiws.relay.lost", relay, RedisWsRelay::getLostMessages)
					.description("Broadcasts that did not reach Redis")
					.baseUnit("messages")
					.register(registry);
			};
		}

	}

}
