package io.multiws.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.multiws.features.HubFeatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The registry's clock and timer: a tick four times a second that visits the open
 * sessions of every hub for their ping, idle and send time limits, and every session that
 * is closing until its connection is gone, member of a hub or not (one whose
 * {@code @OnOpen} failed has left its hub already): so that a write stuck on a peer that
 * does not read, or a close that such a peer never completes, is dropped within the send
 * time limit however the session came to close.
 *
 * @author multi-ws team
 */
final class SessionSweeper {

	private static final Log logger = LogFactory.getLog(SessionSweeper.class);

	static final long TICK_MILLIS = 250;

	private final Set<DefaultWsSession> closing = ConcurrentHashMap.newKeySet();

	private final HubRegistry registry;

	private final HubFeatures features;

	private final long pingMillis;

	private final long idleMillis;

	private final ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService pingExecutor;

	private final long startNanos = System.nanoTime();

	private volatile long tick;

	private volatile @Nullable ScheduledFuture<?> sweeper;

	SessionSweeper(HubRegistry registry, HubFeatures features, Duration pingInterval, Duration idleTimeout) {
		this.registry = registry;
		this.features = features;
		this.pingMillis = pingInterval.toMillis();
		this.idleMillis = idleTimeout.toMillis();
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("multi-ws-timer-"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		// Some containers write pings with a blocking call: keep them off the timer thread
		this.pingExecutor = Executors.newFixedThreadPool(2, daemonThreads("multi-ws-ping-"));
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory(prefix);
		threadFactory.setDaemon(true);
		return threadFactory;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	Executor pingExecutor() {
		return this.pingExecutor;
	}

	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
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

	void closing(DefaultWsSession session) {
		this.closing.add(session);
	}

	void gone(DefaultWsSession session) {
		this.closing.remove(session);
	}

	int closingCount() {
		return this.closing.size();
	}

	List<DefaultWsSession> closingSessions() {
		return List.copyOf(this.closing);
	}

	/**
	 * Start sweeping, bringing the tick up to date first, so that a registry started again
	 * after a pause (a cached test context) does not date its new sessions from before it.
	 */
	void start() {
		advanceTick();
		this.sweeper = this.scheduler.scheduleWithFixedDelay(this::sweepSafely, TICK_MILLIS, TICK_MILLIS,
				TimeUnit.MILLISECONDS);
	}

	void stop() {
		ScheduledFuture<?> sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.cancel(false);
		}
	}

	void destroy() {
		this.scheduler.shutdownNow();
		this.pingExecutor.shutdownNow();
	}

	private void sweepSafely() {
		try {
			sweep();
		}
		catch (Throwable ex) {
			logger.error("multi-ws timer sweep failed", ex);
		}
	}

	private void sweep() {
		long now = advanceTick();
		for (DefaultWsHub hub : this.registry.liveHubs()) {
			long sendLimit = hub.endpointDefinition().settings().sendTimeLimit().toMillis();
			for (DefaultWsSession session : hub.sessionArray()) {
				session.liveness().checkTimers(now, this.pingMillis, this.idleMillis, sendLimit);
			}
		}
		for (DefaultWsSession session : this.closing) {
			session.liveness().checkClosing(now);
		}
		this.features.sweep();
	}

	private long advanceTick() {
		long now = currentTick();
		this.tick = now;
		return now;
	}

}
