package io.multiws.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.multiws.core.WsEndpointMappings;
import io.multiws.observation.ObservationWsListener;
import io.multiws.observation.WsHandshakeObservationConvention;
import io.multiws.observation.WsMessageObservationConvention;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the multi-ws observations: with an {@link ObservationRegistry}
 * bean, each handshake and each inbound message's callback runs in an observation, whose
 * conventions a {@link WsHandshakeObservationConvention} or
 * {@link WsMessageObservationConvention} bean replaces. Without one, nothing is observed.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@AutoConfiguration(after = MultiWsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, WsEndpointMappings.class })
public final class MultiWsObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationWsListener multiWsObservationListener(ObservationRegistry registry,
			ObjectProvider<WsHandshakeObservationConvention> handshakeConvention,
			ObjectProvider<WsMessageObservationConvention> messageConvention) {
		return new ObservationWsListener(registry, handshakeConvention.getIfAvailable(),
				messageConvention.getIfAvailable());
	}

}
