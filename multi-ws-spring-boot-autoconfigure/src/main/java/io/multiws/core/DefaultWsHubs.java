package io.multiws.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

import io.multiws.features.HistoryBudget;
import io.multiws.features.HubFeatures;
import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsRelay;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The hub registry: the {@link WsHubs} bean, and the runtime behind it. It wires the
 * parts that do the work, and answers for them: the live hubs and their membership
 * ({@link HubRegistry}), where its sends go ({@link HubRouting}), the hub events
 * ({@link HubEvents}), the clock and timer that sweep the sessions
 * ({@link SessionSweeper}), and its lifecycle in the application context
 * ({@link RegistryLifecycle}), whose drain on shutdown closes every session with 1001
 * ({@link RegistryShutdown}).
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class DefaultWsHubs extends RegistryLifecycle implements WsHubs {

	/**
	 * The lifecycle phase: stopped before the web server's graceful shutdown, so that
	 * sessions are closed with 1001 while the server still runs.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final WsEndpointMappings mappings;

	private final WsRelay relay;

	private final WsPayloadEncoder encoder;

	private final Settings settings;

	private final HubFeatures features;

	private final HubEvents events;

	private final HubRegistry registry;

	private final SessionSweeper sweeper;

	private final HubRouting routing;

	/**
	 * Create a registry.
	 * @param mappings the endpoint mappings
	 * @param relay the broadcast relay
	 * @param encoder the payload encoder
	 * @param eventPublisher the publisher of hub events
	 * @param settings the registry-wide settings
	 */
	public DefaultWsHubs(WsEndpointMappings mappings, WsRelay relay, WsPayloadEncoder encoder,
			ApplicationEventPublisher eventPublisher, Settings settings) {
		this.mappings = mappings;
		this.relay = relay;
		this.encoder = encoder;
		this.settings = settings;
		SharedHistory shared = (relay instanceof SharedHistory history) ? history : null;
		this.features = new HubFeatures(eventPublisher, encoder::encode, System::currentTimeMillis, shared,
				new HistoryBudget(settings.historyMaxTotalBytes()));
		this.events = new HubEvents(eventPublisher);
		this.registry = new HubRegistry(settings.maxHubs(), relay, this.features, this.events);
		this.sweeper = new SessionSweeper(this.registry, this.features, settings.pingInterval(), settings.idleTimeout());
		this.routing = new HubRouting(this.registry, relay, encoder, this.features);
		RegistryRelayContext context = new RegistryRelayContext(this);
		relay.attach(context);
		if (shared != null) {
			shared.attach(context);
		}
	}

	/**
	 * Return the runtime behind the registry bean, for the parts of multi-ws that drive
	 * it (the bindings, the Actuator endpoint, the metrics).
	 * @param hubs the registry bean
	 * @return the runtime
	 * @throws IllegalStateException if the bean is not the registry multi-ws defines
	 */
	public static DefaultWsHubs of(WsHubs hubs) {
		if (hubs instanceof DefaultWsHubs runtime) {
			return runtime;
		}
		throw new IllegalStateException("multi-ws needs the WsHubs bean of its auto-configuration, found a "
				+ hubs.getClass().getName() + ": do not define a WsHubs bean of your own");
	}

	// Upgrade and membership

	/**
	 * Return why an upgrade must be refused with 503 before it happens, if it must.
	 * @param match the endpoint and hub of the upgrade
	 * @return the refusal, or {@code null} to proceed
	 */
	public @Nullable WsUpgradeRefusal admissionRefusal(WsEndpointMatch match) {
		return this.registry.admissionRefusal(match);
	}

	/**
	 * Prepare the join of a session to the hub of a path: with a history shared by a
	 * cluster, bring it up to date first, so that the joiner replays every broadcast made
	 * before it joined on any instance.
	 * @param match the endpoint and hub of the session
	 * @return a stage that completes when the session may join; complete at once unless a
	 * shared history has to catch up
	 */
	public CompletionStage<Void> beforeJoin(WsEndpointMatch match) {
		return this.features.beforeJoin(match.path(), match.endpoint().features());
	}

	/**
	 * Publish hub events on the given executor, one at a time and in the order they
	 * happened, instead of on the thread that created or removed the hub: for a binding
	 * whose hubs change on threads that must not run application code (an event loop).
	 * @param executor where event listeners run
	 */
	public void publishEventsOn(Executor executor) {
		this.events.publishOn(executor);
	}

	// Broadcast

	@Override
	public int broadcast(String path, Object payload) {
		return this.routing.broadcast(canonicalize(path), payload);
	}

	@Override
	public int sendToUser(String name, Object payload) {
		return this.routing.sendToUser(name, payload);
	}

	@Override
	public CompletionStage<String> requestUser(String name, Object payload, Duration timeout) {
		return this.routing.requestUser(name, payload, timeout);
	}

	HubRouting routing() {
		return this.routing;
	}

	// Queries

	@Override
	public Optional<WsHub> find(String path) {
		return Optional.ofNullable(this.registry.get(canonicalize(path)));
	}

	@Override
	public Collection<WsHub> hubs() {
		return List.copyOf(this.registry.liveHubs());
	}

	@Override
	public Collection<WsHub> hubs(String endpoint) {
		List<WsHub> result = new ArrayList<>();
		for (DefaultWsHub hub : this.registry.liveHubs()) {
			if (hub.endpoint().equals(endpoint)) {
				result.add(hub);
			}
		}
		return result;
	}

	@Override
	public int count() {
		return this.registry.count();
	}

	@Override
	public long sessionCount(String path) {
		String key = canonicalize(path);
		DefaultWsHub hub = this.registry.get(key);
		return this.relay.sessionCount(key, (hub != null) ? hub.size() : 0);
	}

	private String canonicalize(String path) {
		try {
			return HubPaths.canonicalize(path, this.mappings.maxPathLength());
		}
		catch (InvalidHubPathException ex) {
			throw new IllegalArgumentException(ex.getMessage() + ": '" + path + "'", ex);
		}
	}

	/**
	 * Return the endpoint mappings.
	 * @return the mappings
	 */
	public WsEndpointMappings mappings() {
		return this.mappings;
	}

	/**
	 * Set what observes the runtime, for metrics and traces.
	 * @param listener the listener, {@link WsListener#NONE} for nothing
	 */
	public void setListener(WsListener listener) {
		this.registry.setListener(listener);
	}

	/**
	 * Return what observes the runtime.
	 * @return the listener, {@link WsListener#NONE} if nothing does
	 */
	public WsListener listener() {
		return this.registry.listener();
	}

	/**
	 * Return the payload encoder.
	 * @return the encoder
	 */
	public WsPayloadEncoder encoder() {
		return this.encoder;
	}

	WsRelay relay() {
		return this.relay;
	}

	@Override
	HubRegistry registry() {
		return this.registry;
	}

	/**
	 * Return the history, presence and per-user state kept beside the hubs.
	 * @return the features
	 */
	public HubFeatures features() {
		return this.features;
	}

	// The timer

	/**
	 * Return the registry's clock and timer, which the sessions and their writers run on.
	 * @return the sweeper
	 */
	@Override
	SessionSweeper sweeper() {
		return this.sweeper;
	}

	/**
	 * Run a task once after a delay on the registry's timer; a cancelled task is removed
	 * from it at once, so that it retains nothing.
	 * @param task the task
	 * @param delay the delay
	 * @return the scheduled task, to cancel
	 */
	public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.sweeper.schedule(task, delay);
	}

	/**
	 * Return how long a silent peer is kept.
	 * @return the idle timeout, zero for none
	 */
	public Duration idleTimeout() {
		return this.settings.idleTimeout();
	}

	@Override
	Duration shutdownTimeout() {
		return this.settings.shutdownTimeout();
	}

	/**
	 * Return the number of sessions that are closing: they stopped taking messages, and
	 * their connection is not gone yet.
	 * @return the closing session count
	 */
	public int closingCount() {
		return this.sweeper.closingCount();
	}

	@Override
	public String toString() {
		return "WsHubs[hubs=" + this.registry.count() + ", endpoints=" + this.mappings.endpoints().size() + "]";
	}

	/**
	 * The registry-wide settings: the hub cap, the session timers, the shutdown timeout and
	 * the history budget.
	 *
	 * @param maxHubs the maximum number of live hubs
	 * @param pingInterval the interval between server pings, zero for none
	 * @param idleTimeout how long a silent peer is kept, zero for ever
	 * @param shutdownTimeout how long shutdown waits for sessions to close
	 * @param historyMaxTotalBytes the maximum heap the histories of every hub, live or
	 * emptied, may hold together
	 */
	public record Settings(int maxHubs, Duration pingInterval, Duration idleTimeout, Duration shutdownTimeout,
			long historyMaxTotalBytes) {

		/**
		 * Create settings with the default history budget, a tenth of the heap.
		 * @param maxHubs the maximum number of live hubs
		 * @param pingInterval the interval between server pings, zero for none
		 * @param idleTimeout how long a silent peer is kept, zero for ever
		 * @param shutdownTimeout how long shutdown waits for sessions to close
		 */
		public Settings(int maxHubs, Duration pingInterval, Duration idleTimeout, Duration shutdownTimeout) {
			this(maxHubs, pingInterval, idleTimeout, shutdownTimeout, HistoryBudget.heapDefault());
		}

	}

}
