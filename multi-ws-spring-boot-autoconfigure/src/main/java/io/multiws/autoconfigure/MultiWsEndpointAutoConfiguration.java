package io.multiws.autoconfigure;

import java.time.Clock;
import java.util.function.Supplier;

import io.multiws.actuate.MultiWsEndpoint;
import io.multiws.actuate.MultiWsWritableEndpoint;
import io.multiws.actuate.RedisRelayHealthIndicator;
import io.multiws.actuate.RelayDescriptor;
import io.multiws.cluster.RedisWsRelay;
import io.multiws.cluster.RelayStatus;
import io.multiws.core.DefaultWsHubs;
import io.multiws.hub.WsHubs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code multiws} Actuator endpoint, exposed like any other
 * through {@code management.endpoints.*}, and of the Redis relay's health indicator.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MultiWsAutoConfiguration.class, MultiWsClusterAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(WsHubs.class)
public final class MultiWsEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(MultiWsEndpoint.class)
	@ConditionalOnMissingBean(MultiWsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnBooleanProperty(name = "multi-ws.actuator.hub-close-enabled", havingValue = false,
				matchIfMissing = true)
		MultiWsEndpoint multiWsEndpoint(WsHubs hubs, ObjectProvider<RelayDescriptions> relay) {
			return new MultiWsEndpoint(DefaultWsHubs.of(hubs), Clock.systemUTC(), relay(relay));
		}

		@Bean
		@ConditionalOnBooleanProperty("multi-ws.actuator.hub-close-enabled")
		MultiWsWritableEndpoint multiWsWritableEndpoint(WsHubs hubs, ObjectProvider<RelayDescriptions> relay) {
			return new MultiWsWritableEndpoint(DefaultWsHubs.of(hubs), Clock.systemUTC(), relay(relay));
		}

		private static Supplier<RelayDescriptor> relay(ObjectProvider<RelayDescriptions> relay) {
			RelayDescriptions descriptions = relay.getIfAvailable();
			return (descriptions != null) ? descriptions : () -> RelayDescriptor.LOCAL;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisWsRelay.class)
	static class RelayDescriptionConfiguration {

		@Bean
		RelayDescriptions multiWsRelayDescriptions(RedisWsRelay relay) {
			return () -> {
				RelayStatus status = relay.status();
				return new RelayDescriptor(status.mode().displayName(), status.instanceId(), status.otherInstances(),
						status.redisAvailable(), status.historyLocalSince() == null);
			};
		}

	}

	/**
	 * Describes the relay for the {@code multiws} endpoint.
	 */
	@FunctionalInterface
	interface RelayDescriptions extends Supplier<RelayDescriptor> {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, RedisConnectionFactory.class })
	@ConditionalOnBean(RedisWsRelay.class)
	@ConditionalOnEnabledHealthIndicator("multiws-relay")
	static class RelayHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "multiWsRelayHealthIndicator")
		RedisRelayHealthIndicator multiWsRelayHealthIndicator(RedisWsRelay relay) {
			return new RedisRelayHealthIndicator(relay);
		}

	}

}
