package io.multiws.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.multiws.cluster.RedisWsRelay;
import io.multiws.core.DefaultWsHubs;
import io.multiws.core.WsEndpointMappings;
import io.multiws.features.HistoryBudget;
import io.multiws.hub.WsHubs;
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

	@Bean
	@ConditionalOnBean(WsHubs.class)
	MeterBinder multiWsHistoryMeters(WsHubs hubs) {
		HistoryBudget budget = DefaultWsHubs.of(hubs).features().historyBudget();
		return (registry) -> {
			Gauge.builder("multiws.history.memory.used", budget, HistoryBudget::usedBytes)
				.description("Heap the histories of live and emptied hubs hold together")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("multiws.history.memory.max", budget, HistoryBudget::maxBytes)
				.description("Heap the histories of every hub may hold together (multi-ws.history.max-total-bytes)")
				.baseUnit("bytes")
				.register(registry);
			FunctionCounter.builder("multiws.history.evictions", budget, HistoryBudget::evictedHistories)
				.description("Histories and messages evicted to stay within multi-ws.history.max-total-bytes")
				.tag("kind", "emptied-hub")
				.baseUnit("evictions")
				.register(registry);
			FunctionCounter.builder("multiws.history.evictions", budget, HistoryBudget::evictedEntries)
				.description("Histories and messages evicted to stay within multi-ws.history.max-total-bytes")
				.tag("kind", "live-message")
				.baseUnit("evictions")
				.register(registry);
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	@ConditionalOnBean(RedisWsRelay.class)
	static class RelayMetricsConfiguration {

		@Bean
		MeterBinder multiWsRelayMeters(RedisWsRelay relay) {
			return (registry) -> {
				FunctionCounter.builder("multiws.relay.published", relay,
						(source) -> source.status().publishedMessages())
					.description("Broadcasts Redis acknowledged")
					.baseUnit("messages")
					.register(registry);
				FunctionCounter.builder("multiws.relay.received", relay,
						(source) -> source.status().receivedMessages())
					.description("Broadcasts received from other instances for a local hub")
					.baseUnit("messages")
					.register(registry);
				FunctionCounter.builder("multiws.relay.lost", relay,
						(source) -> source.status().lostMessages())
					.description("Broadcasts that did not reach Redis")
					.baseUnit("messages")
					.register(registry);
			};
		}

	}

}
