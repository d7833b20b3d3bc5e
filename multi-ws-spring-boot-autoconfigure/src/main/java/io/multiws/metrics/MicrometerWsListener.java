package io.multiws.metrics;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;
import io.multiws.admission.WsRefusalReason;
import io.multiws.core.WsEndpointDefinition;
import io.multiws.core.WsEndpointMappings;
import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsListener;
import io.multiws.core.WsPathTemplates;
import io.multiws.core.WsSessionListener;
import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
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

	/**
	 * How long a write must have waited for the network to be timed: on Reactor Netty
	 * every write completes later, on the event loop, and timing each cost the reactive
	 * sample 5 % of its CPU per fan-out delivery, for waits that tell nothing.
	 */
	private static final long WAITED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final String NONE = "none";

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
			this.pathRefusals.put(reason, refusedCounter(registry, noEndpoint, reason));
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

	static Counter refusedCounter(MeterRegistry registry, Tags tags, WsRefusalReason reason) {
		return Counter.builder("multiws.upgrades.refused")
			.description("WebSocket upgrades refused before the handshake")
			.baseUnit("requests")
			.tags(tags)
			.tag("reason", reason.name().toLowerCase(Locale.ROOT))
			.register(registry);
	}

	/**
	 * Return the tag value of a close code's class.
	 * @param code the close code
	 * @return the class: {@code normal}, {@code going_away}, {@code abnormal},
	 * {@code protocol}, {@code policy}, {@code server_error}, {@code application} or
	 * {@code other}
	 */
	static String closeClass(int code) {
		return switch (code) {
			case 1000 -> "normal";
			case 1001 -> "going_away";
			case 1005, 1006, 1015 -> "abnormal";
			case 1002, 1003, 1007 -> "protocol";
			case 1008, 1009, 1010 -> "policy";
			case 1011, 1012, 1013, 1014 -> "server_error";
			default -> (code >= 3000 && code <= 4999) ? "application" : "other";
		};
	}

	// CLOSE closes the session rather than drop a message
	private static final OverflowPolicy[] DROPPING_POLICIES = { OverflowPolicy.DROP_OLDEST,
			OverflowPolicy.DROP_NEWEST };

	// A path refused as such maps to no endpoint: counted with endpoint and template "none"
	/**
	 * The reasons an upgrade to an endpoint is refused for: all but the inbound rates,
	 * which close or drop messages of open sessions.
	 */
	private static final Set<WsRefusalReason> ENDPOINT_REFUSALS = EnumSet.complementOf(
			EnumSet.of(WsRefusalReason.INBOUND_RATE_CLOSED, WsRefusalReason.INBOUND_RATE_DROPPED));

	/**
	 * The reasons an upgrade is refused for before it maps to an endpoint.
	 */
	private static final Set<WsRefusalReason> UNMATCHED_REFUSALS = EnumSet.of(WsRefusalReason.INVALID_PATH,
			WsRefusalReason.HANDSHAKE_FAILED);

	static final String[] CLOSE_CLASSES = { "normal", "going_away", "abnormal", "protocol", "policy", "server_error",
			"application", "other" };

	/**
	 * The meters of one endpoint template.
	 */
	private static final class TemplateMeters {

		final AtomicInteger active = new AtomicInteger();

		final AtomicInteger hubs = new AtomicInteger();

		final Counter opened;

		final Map<String, Counter> closed = new HashMap<>();

		final Counter received;

		final Counter receivedBytes;

		final Counter sent;

		final Counter sentBytes;

		final Timer waitingWrites;

		final Counter deliveries;

		final Map<OverflowPolicy, Counter> dropped = new EnumMap<>(OverflowPolicy.class);

		final Map<WsRefusalReason, Counter> refused = new EnumMap<>(WsRefusalReason.class);

		final Map<String, Counter> callbackErrors = new HashMap<>();

		/**
		 * Whether writes are measured: false when a meter filter denies the write timer and
		 * the sent counters (for instance {@code management.metrics.enable.multiws=false}),
		 * so that a session's writer does not report its writes for nothing.
		 */
		final boolean writesMeasured;

		/**
		 * Whether the inbound byte counter is live, which costs counting a text's UTF-8
		 * bytes.
		 */
		final boolean receivedBytesMeasured;

		TemplateMeters(MeterRegistry registry, Tags tags) {
			Gauge.builder("multiws.sessions.active", this.active, AtomicInteger::get)
				.description("Open WebSocket sessions")
				.baseUnit("sessions")
				.tags(tags)
				.strongReference(true)
				.register(registry);
			Gauge.builder("multiws.hubs.live", this.hubs, AtomicInteger::get)
				.description("Live hubs, one per concrete path")
				.baseUnit("hubs")
				.tags(tags)
				.strongReference(true)
				.register(registry);
			this.opened = counter(registry, "multiws.connections.opened", "WebSocket connections established",
					"connections", tags);
			for (String closeClass : CLOSE_CLASSES) {
				this.closed.put(closeClass, counter(registry, "multiws.connections.closed",
						"WebSocket connections closed", "connections", tags.and("close.class", closeClass)));
			}
			this.received = counter(registry, "multiws.messages.received", "Inbound messages", "messages", tags);
			this.receivedBytes = counter(registry, "multiws.messages.received.bytes", "Inbound payload bytes", "bytes",
					tags);
			this.sent = counter(registry, "multiws.messages.sent", "Outbound messages written", "messages", tags);
			this.sentBytes = counter(registry, "multiws.messages.sent.bytes", "Outbound payload bytes written", "bytes",
					tags);
			this.waitingWrites = Timer.builder("multiws.writes.waiting")
				.description("Writes of a session's queued messages (up to 64 at once) that the network did not "
						+ "take at once, from then until it did")
				.tags(tags)
				.register(registry);
			this.deliveries = counter(registry, "multiws.broadcast.deliveries",
					"Broadcast messages queued for a local session", "messages", tags);
			for (OverflowPolicy policy : DROPPING_POLICIES) {
				this.dropped.put(policy, counter(registry, "multiws.messages.dropped",
						"Outbound messages dropped because a session's queue was full", "messages",
						tags.and("policy", policy.name().toLowerCase(Locale.ROOT))));
			}
			for (WsRefusalReason reason : ENDPOINT_REFUSALS) {
				this.refused.put(reason, refusedCounter(registry, tags, reason));
			}
			for (String callback : new String[] { "open", "message" }) {
				this.callbackErrors.put(callback, counter(registry, "multiws.callback.errors",
						"Endpoint callbacks that failed", "errors", tags.and(Tag.of("callback", callback))));
			}
			this.writesMeasured = !(this.waitingWrites instanceof NoopTimer && this.sent instanceof NoopCounter
					&& this.sentBytes instanceof NoopCounter);
			this.receivedBytesMeasured = !(this.receivedBytes instanceof NoopCounter);
		}

		private static Counter counter(MeterRegistry registry, String name, String description, String unit,
				Tags tags) {
			return Counter.builder(name).description(description).baseUnit(unit).tags(tags).register(registry);
		}

	}

	/**
	 * The meters as one session sees them.
	 */
	private static final class SessionMeters implements WsSessionListener {

		private final TemplateMeters meters;

		SessionMeters(TemplateMeters meters) {
			this.meters = meters;
		}

		@Override
		public boolean observesWrites() {
			return this.meters.writesMeasured;
		}

		@Override
		public void written(int messages, long bytes, long waitedNanos) {
			this.meters.sent.increment(messages);
			this.meters.sentBytes.increment(bytes);
			if (waitedNanos >= WAITED_NANOS) {
				this.meters.waitingWrites.record(waitedNanos, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public Scope messageReceived(Object message) {
			this.meters.received.increment();
			if (this.meters.receivedBytesMeasured) {
				this.meters.receivedBytes.increment((message instanceof String text) ? WsPayload.utf8Length(text)
						: (message instanceof ByteBuffer bytes) ? bytes.remaining() : 0);
			}
			return Scope.NONE;
		}

		@Override
		public void messageDropped(OverflowPolicy policy) {
			Counter counter = this.meters.dropped.get(policy);
			if (counter != null) {
				counter.increment();
			}
		}

		@Override
		public void callbackFailed(String callback, Throwable failure) {
			Counter counter = this.meters.callbackErrors
				.get(callback.startsWith("@On") ? callback.substring(3).toLowerCase(Locale.ROOT) : callback);
			if (counter != null) {
				counter.increment();
			}
		}

		@Override
		public void closed(WsCloseStatus status) {
			this.meters.active.decrementAndGet();
			Counter counter = this.meters.closed.get(closeClass(status.code()));
			if (counter != null) {
				counter.increment();
			}
		}

	}

}
