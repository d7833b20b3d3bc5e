package io.multiws.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.multiws.admission.ClientAddresses;
import io.multiws.admission.InboundLimits;
import io.multiws.admission.WsAdmission;
import io.multiws.autoconfigure.MultiWsProperties.Endpoint;
import io.multiws.autoconfigure.MultiWsProperties.Limits;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.hub.OverflowPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Resolves the {@link WsAdmission.Settings} of {@code multi-ws.limits} and of the
 * endpoints' own inbound limits, failing start-up with a message that names the bad
 * property.
 *
 * @author multi-ws team
 */
final class AdmissionSettings {

	private AdmissionSettings() {
	}

	static WsAdmission.Settings of(MultiWsProperties properties, WsEndpointMappings mappings) {
		Limits limits = properties.getLimits();
		Integer maxSessions = limits.getMaxSessions();
		if (maxSessions != null && maxSessions <= 0) {
			throw new InvalidWsEndpointException(
					"multi-ws.limits.max-sessions must be positive, was " + maxSessions + " (leave it unset for the default)");
		}
		InboundLimits global = inbound("multi-ws.limits", limits.getMaxInboundMessagesPerSecond(),
				limits.getMaxInboundBytesPerSecond(), limits.getInboundOverflowPolicy());
		Map<String, InboundLimits> endpoints = new LinkedHashMap<>();
		for (WsEndpointDefinition endpoint : mappings.endpoints()) {
			Endpoint own = properties.getEndpoints().get(endpoint.name());
			if (own != null) {
				endpoints.put(endpoint.name(), inbound("multi-ws.endpoints." + endpoint.name(),
						or(own.getMaxInboundMessagesPerSecond(), limits.getMaxInboundMessagesPerSecond()),
						or(own.getMaxInboundBytesPerSecond(), limits.getMaxInboundBytesPerSecond()),
						or(own.getInboundOverflowPolicy(), limits.getInboundOverflowPolicy())));
			}
		}
		try {
			return new WsAdmission.Settings((maxSessions != null) ? maxSessions : 0, limits.getMaxSessionsPerClient(),
					limits.getMaxHandshakesPerClientPerSecond(), limits.getMaxTrackedClients(),
					clientAddresses(limits), global, endpoints);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsEndpointException(ex.getMessage());
		}
	}

	@SuppressWarnings("deprecation")
	private static ClientAddresses clientAddresses(Limits limits) {
		return new ClientAddresses(limits.isExemptLoopback() ? limits.getExemptAddresses() : List.of(),
				limits.getTrustedProxies(), limits.getForwardedHeader());
	}

	private static InboundLimits inbound(String prefix, int messagesPerSecond, DataSize bytesPerSecond,
			OverflowPolicy policy) {
		try {
			return new InboundLimits(messagesPerSecond, bytesPerSecond.toBytes(), policy);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWsEndpointException(prefix + " inbound limits: " + ex.getMessage());
		}
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
