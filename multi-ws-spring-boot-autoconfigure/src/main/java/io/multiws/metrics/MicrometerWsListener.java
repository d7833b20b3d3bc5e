package io.multiws.metrics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.multiws.admission.WsRefusalReason;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsListener;
import io.multiws.core.WsPathTemplates;
import io.multiws.core.WsSessionListener;
import io.multiws.hub.WsHub;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.pattern.PathPattern;

/**
 * Records the {@code multiws.*} meters: connections, sessions, hubs, messages, bytes,
 * writes that waited for the network, broadcast deliveries, drops, refused upgrades and
 * callback errors. On the hot paths a message costs counter increments only, with no
 * tags built: an inbound message two, and a write (of every message queued meanwhile,
 * reported by the session's writer as it completes) two; only a write that had to wait
 * for the network is timed. Every
 * meter is tagged with the endpoint name and the path template only, never a concrete
 * path or a session id, so that the number of series is bounded by the number of
 * endpoints; the meters of every template are registered at start-up.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class MicrometerWsListener implements WsListener {

	/**
	 * The tag of the endpoint name.
	 */
	public static final String ENDPOINT_TAG = "endpoint";

	/**
	 * The tag of the path template.
	 */
	public static final String TEMPLATE_TAG = "template";

	private static final String NONE = "none";

	/**
	 * The reasons an upgrade is refused for before it maps to an endpoint: counted with
	 * endpoint and template {@code none}.
	 */
	private static final Set<WsRefusalReason> UNMATCHED_REFUSALS = EnumSet.of(WsRefusalReason.INVALID_PATH,
			WsRefusalReason.HANDSHAKE_FAILED);

	private final MeterRegistry registry;

	private final Map<String, WsEndpointDefinition> endpoints = new HashMap<>();

	private final Map<PathPattern, TemplateMeters> meters = new IdentityHashMap<>();

	private final Map<WsRefusalReason, Counter> pathRefusals = new EnumMap<>(WsRefusalReason.class);

	/**
	 * Register the meters of every endpoint and template.
	 * @param registry the meter registry
	 * @param mappings the endpoints
	 */
	public MicrometerWsListener(MeterRegistry registry, WsEndpointMappings mappings) {
		this.registry = registry;
		for (WsEndpointDefinition endpoint : mappings.endpoints()) {
			this.endpoints.put(endpoint.name(), endpoint);
			for (PathPattern pattern : endpoint.patterns()) {
				this.meters.put(pattern, new TemplateMeters(registry,
						Tags.of(ENDPOINT_TAG, endpoint.name(), TEMPLATE_TAG, pattern.getPatternString())));
			}
		}
		Tags noEndpoint = Tags.of(ENDPOINT_TAG, NONE, TEMPLATE_TAG, NONE);
		for (WsRefusalReason reason : UNMATCHED_REFUSALS) {
			this.pathRefusals.put(reason, TemplateMeters.refusedCounter(registry, noEndpoint, reason));
		}
	}

	@Override
	public void upgradeRefused(@Nullable WsEndpointMatch match, WsRefusalReason reason) {
		Counter counter = (match != null) ? meters(match.endpoint(), match.path()).refused.get(reason)
				: this.pathRefusals.get(reason);
		if (counter != null) {
			counter.increment();
		}
	}

	@Override
	public WsSessionListener sessionOpened(WsEndpointMatch match) {
		TemplateMeters meters = meters(match.endpoint(), match.path());
		meters.opened.increment();
		meters.active.incrementAndGet();
		return new SessionMeters(meters);
	}

	@Override
	public void hubCreated(WsHub hub) {
		TemplateMeters meters = meters(hub);
		if (meters != null) {
			meters.hubs.incrementAndGet();
		}
	}

	@Override
	public void hubRemoved(WsHub hub) {
		TemplateMeters meters = meters(hub);
		if (meters != null) {
			meters.hubs.decrementAndGet();
		}
	}

	@Override
	public void broadcastDelivered(WsHub hub, int deliveries) {
		TemplateMeters meters = meters(hub);
		if (meters != null && deliveries > 0) {
			meters.deliveries.increment(deliveries);
		}
	}

	private @Nullable TemplateMeters meters(WsHub hub) {
		WsEndpointDefinition endpoint = this.endpoints.get(hub.endpoint());
		return (endpoint != null) ? meters(endpoint, hub.path()) : null;
	}

	private TemplateMeters meters(WsEndpointDefinition endpoint, String path) {
		return this.meters.get(WsPathTemplates.of(endpoint, path));
	}

	/**
	 * Return the meter registry.
	 * @return the registry
	 */
	public MeterRegistry getRegistry() {
		return this.registry;
	}

	@Override
	public String toString() {
		return "MicrometerWsListener[templates=" + this.meters.size() + "]";
	}

}
