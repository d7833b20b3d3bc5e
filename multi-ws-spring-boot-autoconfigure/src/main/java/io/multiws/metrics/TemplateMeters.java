package io.multiws.metrics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import io.multiws.hub.OverflowPolicy;

/**
 * The meters of one endpoint template, registered at start-up with the endpoint name and
 * the template as tags; {@link MicrometerWsListener} and the {@link SessionMeters} of
 * its sessions update them.
 *
 * @author multi-ws team
 */
final class TemplateMeters {

	// CLOSE closes the session rather than drop a message
	private static final OverflowPolicy[] DROPPING_POLICIES = { OverflowPolicy.DROP_OLDEST,
			OverflowPolicy.DROP_NEWEST };

	/**
	 * The reasons an upgrade to an endpoint is refused for: all but the inbound rates,
	 * which close or drop messages of open sessions.
	 */
	private static final Set<WsRefusalReason> ENDPOINT_REFUSALS = EnumSet.complementOf(
			EnumSet.of(WsRefusalReason.INBOUND_RATE_CLOSED, WsRefusalReason.INBOUND_RATE_DROPPED));

	static final String[] CLOSE_CLASSES = { "normal", "going_away", "abnormal", "protocol", "policy", "server_error",
			"application", "other" };

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

}
