package io.multiws.autoconfigure;

import java.util.Map;
import java.util.function.Predicate;

import io.micrometer.observation.ObservationRegistry;
import io.multiws.autoconfigure.MultiWsProperties.Endpoint;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.observation.ObservationWsListener;
import io.multiws.observation.WsHandshakeObservationConvention;
import io.multiws.observation.WsMessageObservationConvention;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the multi-ws observations: with an {@link ObservationRegistry}
 * bean, each handshake runs in an observation, and so does each inbound message's
 * callback of the endpoints whose messages are observed
 * ({@code multi-ws.observations.messages.enabled}, off by default, or per endpoint
 * {@code multi-ws.endpoints.<name>.observations.messages.enabled}). A
 * {@link WsHandshakeObservationConvention} or {@link WsMessageObservationConvention} bean
 * replaces the default convention. Without a registry, nothing is observed.
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
	ObservationWsListener multiWsObservationListener(ObservationRegistry registry, MultiWsProperties properties,
			ObjectProvider<WsHandshakeObservationConvention> handshakeConvention,
			ObjectProvider<WsMessageObservationConvention> messageConvention) {
		return new ObservationWsListener(registry, handshakeConvention.getIfAvailable(),
				messageConvention.getIfAvailable(), observesMessages(properties));
	}

	/**
	 * Whether an endpoint's messages are observed: its own setting, else the global one.
	 */
	private static Predicate<WsEndpointDefinition> observesMessages(MultiWsProperties properties) {
		boolean global = properties.getObservations().getMessages().isEnabled();
		Map<String, Endpoint> endpoints = Map.copyOf(properties.getEndpoints());
		return (endpoint) -> {
			Endpoint configured = endpoints.get(endpoint.name());
			@Nullable Boolean enabled = (configured != null) ? configured.getObservations().getMessages().getEnabled() : null;
			return (enabled != null) ? enabled : global;
		};
	}

}
