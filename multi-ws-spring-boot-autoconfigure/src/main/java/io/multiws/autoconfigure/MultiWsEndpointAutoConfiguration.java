package io.multiws.autoconfigure;

import java.time.Clock;

import io.multiws.actuate.MultiWsEndpoint;
import io.multiws.actuate.MultiWsWritableEndpoint;
import io.multiws.actuate.RedisRelayHealthIndicator;
import io.multiws.cluster.RedisWsRelay;
import io.multiws.core.DefaultWsHubs;

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
@ConditionalOnBean(DefaultWsHubs.class)
public final class MultiWsEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(MultiWsEndpoint.class)
	@ConditionalOnMissingBean(MultiWsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnBooleanProperty(name = "multi-ws.actuator.hub-close-enabled", havingValue = false,
				matchIfMissing = true)
		MultiWsEndpoint multiWsEndpoint(DefaultWsHubs hubs) {
			return new MultiWsEndpoint(hubs, Clock.systemUTC());
		}

		@Bean
		@ConditionalOnBooleanProperty("multi-ws.actuator.hub-close-enabled")
		MultiWsWritableEndpoint multiWsWritableEndpoint(DefaultWsHubs hubs) {
			return new MultiWsWritableEndpoint(hubs, Clock.systemUTC());
		}

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
