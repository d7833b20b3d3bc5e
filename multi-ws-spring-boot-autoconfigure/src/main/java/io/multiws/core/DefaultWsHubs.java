package io.multiws.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.admission.WsRefusalReason;
import io.multiws.history.HistoryBudget;
import io.multiws.history.HubFeatureSettings;
import io.multiws.history.HubFeatures;
import io.multiws.history.HubHistory;
import io.multiws.history.SharedHistory;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubCreatedEvent;
import io.multiws.hub.WsHubRemovedEvent;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The hub registry: creates a hub on the first session of a path, removes it when the
 * last one leaves, enforces the hub caps and the session timers, and closes every
 * session with 1001 on shutdown.
 * <p>
 * Its timer visits the open sessions of every hub, and every session that is closing
 * until its connection is gone, member of a hub or not (one whose {@code @OnOpen} failed
 * has left its hub already): so that a write stuck on a peer that does not read, or a
 * close that such a peer never completes, is dropped within the send time limit however
 * the session came to close.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class DefaultWsHubs
		implements WsHubs, SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered, DisposableBean {

	private static final Log logger = LogFactory.getLog(DefaultWsHubs.class);

	/**
	 * The lifecycle phase: stopped before the web server's graceful shutdown, so that
	 * sessions are closed with 1001 while the server still runs.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	static final long TICK_MILLIS = 250;

	private final ConcurrentHashMap<String, DefaultWsHub> hubs = new ConcurrentHashMap<>(64);

	private final AtomicInteger hubCount = new AtomicInteger();

	private final Set<DefaultWsSession> closing = ConcurrentHashMap.newKeySet();

	private final WsEndpointMappings mappings;

	private final WsRelay relay;

	private final WsPayloadEncoder encoder;

	private final ApplicationEventPublisher eventPublisher;

	private final Timers timers;

	private final ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService pingExecutor;

	private final HubFeatures features;

	private final long startNanos = System.nanoTime();

	private final Object emptied = new Object();

	private volatile WsListener listener = WsListener.NONE;

	private volatile long tick;

	private volatile boolean running;

	private volatile boolean draining;

	private volatile @Nullable ScheduledFuture<?> sweeper;

	private volatile Executor eventExecutor = Runnable::run;

	/**
	 * Create a registry.
	 * @param mappings the endpoint mappings
	 * @param relay the broadcast relay
	 * @param encoder the payload encoder
	 * @param eventPublisher the publisher of hub events
	 * @param timers the registry-wide limits and timers
	 */
	public DefaultWsHubs(WsEndpointMappings mappings, WsRelay relay, WsPayloadEncoder encoder,
			ApplicationEventPublisher eventPublisher, Timers timers) {
		this.mappings = mappings;
		this.relay = relay;
		this.encoder = encoder;
		this.eventPublisher = eventPublisher;
		this.timers = timers;
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("multi-ws-timer-"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		// Some containers write pings with a blocking call: keep them off the timer thread
		this.pingExecutor = Executors.newFixedThreadPool(2, daemonThreads("multi-ws-ping-"));
		SharedHistory shared = (relay instanceof SharedHistory history) ? history : null;
		this.features = new HubFeatures(eventPublisher, encoder::encode, System::currentTimeMillis, shared,
				new HistoryBudget(timers.historyMaxTotalBytes()));
		RelayContext context = new RelayContext();
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

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory(prefix);
		threadFactory.setDaemon(true);
		return threadFactory;
	}

	// Upgrade and membership

	/**
	 * Return why an upgrade must be refused with 503 before it happens, if it must.
	 * @param match the endpoint and hub of the upgrade
	 * @return the refusal, or {@code null} to proceed
	 */
	public @Nullable WsUpgradeRefusal admissionRefusal(WsEndpointMatch match) {
		if (this.draining) {
			return unavailable("Server is shutting down", WsRefusalReason.SHUTTING_DOWN);
		}
		DefaultWsHub hub = this.hubs.get(match.path());
		EndpointSettings settings = match.endpoint().settings();
		if (hub != null) {
			return (hub.size() >= settings.maxSessionsPerHub()) ? unavailable(
					"Hub is full (max-sessions-per-hub=" + settings.maxSessionsPerHub() + ")", WsRefusalReason.HUB_FULL)
					: null;
		}
		if (this.hubCount.get() >= this.timers.maxHubs()) {
			return unavailable("Too many hubs (multi-ws.max-hubs=" + this.timers.maxHubs() + ")",
					WsRefusalReason.TOO_MANY_HUBS);
		}
		if (match.endpoint().hubCount().get() >= settings.maxHubs()) {
			return unavailable("Too many hubs for endpoint '" + match.endpoint().name() + "' (max-hubs="
					+ settings.maxHubs() + ")", WsRefusalReason.TOO_MANY_HUBS);
		}
		return null;
	}

	private static WsUpgradeRefusal unavailable(String reason, WsRefusalReason cause) {
		return new WsUpgradeRefusal(HttpStatus.SERVICE_UNAVAILABLE, reason, cause);
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
	 * Add a session to the hub of its path, creating the hub if needed.
	 * @param session the session
	 * @return the hub, or {@code null} if the hub is full or no hub may be created
	 */
	@Nullable DefaultWsHub join(DefaultWsSession session) {
		WsEndpointMatch match = session.match();
		while (true) {
			if (this.draining) {
				return null;
			}
			DefaultWsHub hub = this.hubs.get(match.path());
			if (hub == null) {
				hub = create(match);
				if (hub == null) {
					return null;
				}
			}
			switch (hub.add(session)) {
				case FIRST -> {
					this.listener.hubCreated(hub);
					this.relay.hubCreated(hub);
					publish(new WsHubCreatedEvent(hub));
					this.features.joined(hub, hub.presenceIfTracked(), session);
					return hub;
				}
				case JOINED -> {
					this.features.joined(hub, hub.presenceIfTracked(), session);
					return hub;
				}
				case FULL -> {
					return null;
				}
				case REMOVED -> awaitUnregistered(hub);
			}
		}
	}

	/**
	 * Return the hub of a path, created if no hub has it and both the registry's and the
	 * endpoint's caps allow one more: counted and registered at once, so that two first
	 * joins of one path never count two hubs.
	 */
	private @Nullable DefaultWsHub create(WsEndpointMatch match) {
		return this.hubs.computeIfAbsent(match.path(), (path) -> reserveHub(match.endpoint())
				? new DefaultWsHub(match, this) : null);
	}

	private boolean reserveHub(WsEndpointDefinition endpoint) {
		if (this.hubCount.incrementAndGet() > this.timers.maxHubs()) {
			this.hubCount.decrementAndGet();
			return false;
		}
		if (endpoint.hubCount().incrementAndGet() > endpoint.settings().maxHubs()) {
			endpoint.hubCount().decrementAndGet();
			this.hubCount.decrementAndGet();
			return false;
		}
		return true;
	}

	/**
	 * Wait while the thread that removed a hub publishes its removal, so that the hub
	 * that replaces it is created, and announced, after that.
	 */
	private void awaitUnregistered(DefaultWsHub hub) {
		while (this.hubs.get(hub.path()) == hub) {
			Thread.yield();
		}
	}

	/**
	 * Remove a session from its hub, removing the hub when it empties.
	 * @param session the session
	 */
	void leave(DefaultWsSession session) {
		DefaultWsHub hub = session.joinedHub();
		if (hub == null) {
			return;
		}
		this.features.left(hub, hub.presenceIfTracked(), session);
		if (!hub.remove(session)) {
			return;
		}
		Duration emptyTimeout = hub.endpointDefinition().settings().hubEmptyTimeout();
		if (emptyTimeout.isZero() || this.draining) {
			removeIfEmpty(hub);
		}
		else {
			hub.scheduleRemoval(
					this.scheduler.schedule(() -> removeIfEmpty(hub), emptyTimeout.toMillis(), TimeUnit.MILLISECONDS));
		}
	}

	private void removeIfEmpty(DefaultWsHub hub) {
		if (hub.markRemovedIfEmpty()) {
			unregister(hub);
		}
	}

	/**
	 * Unregister a hub that this thread marked removed. Its removal is published first and
	 * the path freed after, so that the events of one path always alternate: a joiner
	 * that finds the hub removed waits for the path to be freed. The relay hears of it
	 * last.
	 */
	private void unregister(DefaultWsHub hub) {
		try {
			this.listener.hubRemoved(hub);
			this.features.hubRemoved(hub.path(), hub.endpointDefinition().features(), hub.presenceIfTracked());
			publish(new WsHubRemovedEvent(hub));
		}
		finally {
			if (this.hubs.remove(hub.path(), hub)) {
				hub.endpointDefinition().hubCount().decrementAndGet();
				if (this.hubCount.decrementAndGet() == 0 && this.draining) {
					synchronized (this.emptied) {
						this.emptied.notifyAll();
					}
				}
			}
			// The relay reconciles with the registry as it is now: tell it once the path is free
			this.relay.hubRemoved(hub);
		}
	}

	private void publish(Object event) {
		this.eventExecutor.execute(() -> this.eventPublisher.publishEvent(event));
	}

	/**
	 * Publish hub events on the given executor, one at a time and in the order they
	 * happened, instead of on the thread that created or removed the hub: for a binding
	 * whose hubs change on threads that must not run application code (an event loop).
	 * @param executor where event listeners run
	 */
	public void publishEventsOn(Executor executor) {
		this.eventExecutor = new SerialExecutor(executor);
	}

	// Broadcast

	int broadcast(String path, @Nullable DefaultWsHub hub, WsPayload payload, @Nullable WsSession excluded) {
		return this.relay.broadcast(path, payload, excluded,
				(hub != null) ? (p, encoded, skip) -> deliver(hub, encoded, skip) : this::deliverLocally);
	}

	private int deliver(DefaultWsHub hub, WsPayload payload, @Nullable WsSession excluded) {
		int deliveries = hub.deliver(payload, excluded);
		this.listener.broadcastDelivered(hub, deliveries);
		return deliveries;
	}

	private int deliverLocally(String path, WsPayload payload, @Nullable WsSession excluded) {
		DefaultWsHub hub = this.hubs.get(path);
		return (hub != null) ? deliver(hub, payload, excluded) : 0;
	}

	private int deliverShared(String path, long id, long millis, WsPayload payload,
			@Nullable String excludedSessionId) {
		HubHistory history = this.features.kept(path);
		if (history == null) {
			return 0;
		}
		// The hub is looked up under the history's lock, where joins add their sessions: a
		// joiner either replays the broadcast or receives it, even if its hub is new
		int delivered = history.accept(id, millis, payload, (sent) -> {
			DefaultWsHub hub = this.hubs.get(path);
			return (hub != null && hub.history() == history) ? hub.deliverShared(sent, excludedSessionId) : 0;
		});
		this.features.reclaimHistories();
		return delivered;
	}

	@Override
	public int broadcast(String path, Object payload) {
		String key = canonicalize(path);
		return broadcast(key, this.hubs.get(key), this.encoder.encode(payload), null);
	}

	@Override
	public int sendToUser(String name, Object payload) {
		return this.relay.sendToUser(name, this.encoder.encode(payload), this.features::sendToUser);
	}

	@Override
	public CompletionStage<String> requestUser(String name, Object payload, Duration timeout) {
		return this.relay.requestUser(name, this.encoder.encode(payload), timeout, this::requestLocalUser);
	}

	private @Nullable CompletionStage<String> requestLocalUser(String name, WsPayload payload, Duration timeout) {
		return FirstReply.of(this.features.userSessions(name), payload, timeout);
	}

	// Queries

	@Override
	public Optional<WsHub> find(String path) {
		return Optional.ofNullable(this.hubs.get(canonicalize(path)));
	}

	@Override
	public Collection<WsHub> hubs() {
		return List.copyOf(this.hubs.values());
	}

	@Override
	public Collection<WsHub> hubs(String endpoint) {
		List<WsHub> result = new ArrayList<>();
		for (DefaultWsHub hub : this.hubs.values()) {
			if (hub.endpoint().equals(endpoint)) {
				result.add(hub);
			}
		}
		return result;
	}

	@Override
	public int count() {
		return this.hubCount.get();
	}

	@Override
	public long sessionCount(String path) {
		String key = canonicalize(path);
		DefaultWsHub hub = this.hubs.get(key);
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
		this.listener = listener;
	}

	/**
	 * Return what observes the runtime.
	 * @return the listener, {@link WsListener#NONE} if nothing does
	 */
	public WsListener listener() {
		return this.listener;
	}

	/**
	 * Return the payload encoder.
	 * @return the encoder
	 */
	public WsPayloadEncoder encoder() {
		return this.encoder;
	}

	/**
	 * Return the history, presence and per-user state kept beside the hubs.
	 * @return the features
	 */
	public HubFeatures features() {
		return this.features;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Run a task once after a delay on the registry's timer; a cancelled task is removed
	 * from it at once, so that it retains nothing.
	 * @param task the task
	 * @param delay the delay
	 * @return the scheduled task, to cancel
	 */
	public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	Executor pingExecutor() {
		return this.pingExecutor;
	}

	/**
	 * Return how long a silent peer is kept.
	 * @return the idle timeout, zero for none
	 */
	public Duration idleTimeout() {
		return this.timers.idleTimeout();
	}

	long tick() {
		return this.tick;
	}

	/**
	 * Return the current tick, to the millisecond rather than as of the last sweep.
	 * @return the milliseconds since the registry was created
	 */
	long currentTick() {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
	}

	/**
	 * Sweep a session that stopped taking messages until its connection is gone.
	 * @param session the session
	 */
	void closing(DefaultWsSession session) {
		this.closing.add(session);
	}

	/**
	 * Forget a session whose connection is gone.
	 * @param session the session
	 */
	void gone(DefaultWsSession session) {
		this.closing.remove(session);
	}

	/**
	 * Return the number of sessions that are closing: they stopped taking messages, and
	 * their connection is not gone yet.
	 * @return the closing session count
	 */
	public int closingCount() {
		return this.closing.size();
	}

	// Timers and lifecycle

	private void sweep() {
		long now = advanceTick();
		long ping = this.timers.pingInterval().toMillis();
		long idle = this.timers.idleTimeout().toMillis();
		for (DefaultWsHub hub : this.hubs.values()) {
			long sendLimit = hub.endpointDefinition().settings().sendTimeLimit().toMillis();
			for (DefaultWsSession session : hub.sessionArray()) {
				session.checkTimers(now, ping, idle, sendLimit);
			}
		}
		for (DefaultWsSession session : this.closing) {
			session.checkClosing(now);
		}
		this.features.sweep();
	}

	/**
	 * Bring the tick up to date: by the timer four times a second, and at start, so that a
	 * registry started again after a pause (a cached test context) does not date its new
	 * sessions from before it.
	 */
	private long advanceTick() {
		long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
		this.tick = now;
		return now;
	}

	@Override
	public void start() {
		advanceTick();
		this.draining = false;
		this.sweeper = this.scheduler.scheduleWithFixedDelay(this::sweepSafely, TICK_MILLIS, TICK_MILLIS,
				TimeUnit.MILLISECONDS);
		this.running = true;
	}

	private void sweepSafely() {
		try {
			sweep();
		}
		catch (Throwable ex) {
			logger.error("multi-ws timer sweep failed", ex);
		}
	}

	/**
	 * Refuse new upgrades from the very start of shutdown, before any bean stops.
	 * @param event the event
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.draining = true;
	}

	/**
	 * Run first among the listeners of {@link ContextClosedEvent}.
	 * @return the highest precedence
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void stop() {
		this.draining = true;
		List<DefaultWsHub> live = List.copyOf(this.hubs.values());
		int sessions = 0;
		for (DefaultWsHub hub : live) {
			for (DefaultWsSession session : hub.sessionArray()) {
				session.close(WsCloseStatus.GOING_AWAY.withReason("Server shutting down"));
				sessions++;
			}
		}
		if (sessions > 0) {
			logger.info("Closing " + sessions + " WebSocket sessions in " + live.size() + " hubs with 1001");
		}
		// Hubs kept by hub.empty-timeout have nobody to wait for
		live.forEach(this::removeIfEmpty);
		awaitEmpty(this.timers.shutdownTimeout());
		for (DefaultWsHub hub : List.copyOf(this.hubs.values())) {
			for (DefaultWsSession session : hub.sessionArray()) {
				session.abort(WsCloseStatus.GOING_AWAY.withReason("Server shutting down"));
			}
			removeIfEmpty(hub);
		}
		// Closing sessions that no hub holds any more, whose peers did not complete the close
		for (DefaultWsSession session : List.copyOf(this.closing)) {
			session.dropAtShutdown();
		}
		ScheduledFuture<?> sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.cancel(false);
		}
		this.running = false;
	}

	/**
	 * Stop the registry's threads: a stopped registry may be started again (a paused
	 * test context is), a destroyed one not.
	 */
	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.pingExecutor.shutdownNow();
	}

	private void awaitEmpty(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.emptied) {
			long remaining;
			while (this.hubCount.get() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this.emptied, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Whether new upgrades are refused because the application is shutting down.
	 * @return {@code true} once shutdown has started
	 */
	public boolean isDraining() {
		return this.draining;
	}

	@Override
	public String toString() {
		return "WsHubs[hubs=" + this.hubCount.get() + ", endpoints=" + this.mappings.endpoints().size() + "]";
	}

	/**
	 * The registry-wide limits and timers.
	 *
	 * @param maxHubs the maximum number of live hubs
	 * @param pingInterval the interval between server pings, zero for none
	 * @param idleTimeout how long a silent peer is kept, zero for ever
	 * @param shutdownTimeout how long shutdown waits for sessions to close
	 * @param historyMaxTotalBytes the maximum heap the histories of every hub, live or
	 * emptied, may hold together
	 */
	public record Timers(int maxHubs, Duration pingInterval, Duration idleTimeout, Duration shutdownTimeout,
			long historyMaxTotalBytes) {

		/**
		 * Create limits and timers with the default history budget, a tenth of the heap.
		 * @param maxHubs the maximum number of live hubs
		 * @param pingInterval the interval between server pings, zero for none
		 * @param idleTimeout how long a silent peer is kept, zero for ever
		 * @param shutdownTimeout how long shutdown waits for sessions to close
		 */
		public Timers(int maxHubs, Duration pingInterval, Duration idleTimeout, Duration shutdownTimeout) {
			this(maxHubs, pingInterval, idleTimeout, shutdownTimeout, HistoryBudget.heapDefault());
		}

	}

	/**
	 * The registry as its relay sees it: where the relay delivers what other instances
	 * publish, and the side of a shared history that the registry keeps.
	 */
	private final class RelayContext implements WsRelayContext, SharedHistory.Host {

		@Override
		public @Nullable WsHub hub(String path) {
			return DefaultWsHubs.this.hubs.get(path);
		}

		@Override
		public Collection<WsHub> hubs() {
			return DefaultWsHubs.this.hubs();
		}

		@Override
		public int deliver(String path, WsPayload payload, @Nullable WsSession excluded) {
			return deliverLocally(path, payload, excluded);
		}

		@Override
		public int deliverToUser(String name, WsPayload payload) {
			return DefaultWsHubs.this.features.sendToUser(name, payload);
		}

		@Override
		public @Nullable CompletionStage<String> requestUser(String name, WsPayload payload, Duration timeout) {
			return requestLocalUser(name, payload, timeout);
		}

		@Override
		public int deliverShared(String path, long id, long millis, WsPayload payload,
				@Nullable String excludedSessionId) {
			return DefaultWsHubs.this.deliverShared(path, id, millis, payload, excludedSessionId);
		}

		@Override
		public @Nullable HubFeatureSettings endpointFeatures(String path) {
			WsEndpointMatch match = DefaultWsHubs.this.mappings.match(path);
			return (match != null) ? match.endpoint().features() : null;
		}

		@Override
		public boolean keepsHistory() {
			return DefaultWsHubs.this.mappings.endpoints()
				.stream()
				.anyMatch((endpoint) -> endpoint.features().hasHistory());
		}

		@Override
		public HubFeatures features() {
			return DefaultWsHubs.this.features;
		}

	}

	/**
	 * Runs tasks one at a time, in order, on another executor; runs them in place once
	 * that executor refuses them (shutting down).
	 */
	private static final class SerialExecutor implements Executor {

		private final Executor executor;

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final AtomicInteger pending = new AtomicInteger();

		SerialExecutor(Executor executor) {
			this.executor = executor;
		}

		@Override
		public void execute(Runnable task) {
			this.tasks.offer(task);
			if (this.pending.getAndIncrement() == 0) {
				schedule();
			}
		}

		private void schedule() {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				drain();
			}
		}

		private void drain() {
			do {
				Runnable task = this.tasks.poll();
				if (task != null) {
					try {
						task.run();
					}
					catch (RuntimeException ex) {
						logger.error("Hub event listener failed", ex);
					}
				}
			}
			while (this.pending.decrementAndGet() != 0);
		}

	}

}
