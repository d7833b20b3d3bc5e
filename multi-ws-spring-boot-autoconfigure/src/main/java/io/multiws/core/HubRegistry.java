package io.multiws.core;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.admission.WsRefusalReason;
import io.multiws.features.HubFeatures;
import io.multiws.hub.WsHubCreatedEvent;
import io.multiws.hub.WsHubRemovedEvent;
import io.multiws.hub.WsRelay;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The live hubs and their membership: creates a hub on the first session of a path,
 * within the registry's and the endpoint's caps, and removes it when the last one leaves
 * (at once, or after the endpoint's empty timeout), announcing both to the listener, the
 * relay, the features and the application.
 *
 * @author multi-ws team
 */
final class HubRegistry {

	private final ConcurrentHashMap<String, DefaultWsHub> hubs = new ConcurrentHashMap<>(64);

	private final AtomicInteger hubCount = new AtomicInteger();

	private final Object emptied = new Object();

	private final int maxHubs;

	private final WsRelay relay;

	private final HubFeatures features;

	private final HubEvents events;

	private volatile WsListener listener = WsListener.NONE;

	private volatile boolean draining;

	HubRegistry(int maxHubs, WsRelay relay, HubFeatures features, HubEvents events) {
		this.maxHubs = maxHubs;
		this.relay = relay;
		this.features = features;
		this.events = events;
	}

	void setListener(WsListener listener) {
		this.listener = listener;
	}

	WsListener listener() {
		return this.listener;
	}

	void setDraining(boolean draining) {
		this.draining = draining;
	}

	boolean isDraining() {
		return this.draining;
	}

	@Nullable DefaultWsHub get(String path) {
		return this.hubs.get(path);
	}

	/**
	 * Return the live hubs, a weakly consistent view.
	 * @return the hubs
	 */
	Collection<DefaultWsHub> liveHubs() {
		return this.hubs.values();
	}

	int count() {
		return this.hubCount.get();
	}

	/**
	 * Return why an upgrade must be refused with 503 before it happens, if it must.
	 * @param match the endpoint and hub of the upgrade
	 * @return the refusal, or {@code null} to proceed
	 */
	@Nullable WsUpgradeRefusal admissionRefusal(WsEndpointMatch match) {
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
		if (this.hubCount.get() >= this.maxHubs) {
			return unavailable("Too many hubs (multi-ws.max-hubs=" + this.maxHubs + ")", WsRefusalReason.TOO_MANY_HUBS);
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
	 * Add a session to the hub of its path, creating the hub if needed.
	 * @param session the session
	 * @param owner the registry the hub belongs to
	 * @return the hub, or {@code null} if the hub is full or no hub may be created
	 */
	@Nullable DefaultWsHub join(DefaultWsSession session, DefaultWsHubs owner) {
		WsEndpointMatch match = session.match();
		while (true) {
			if (this.draining) {
				return null;
			}
			DefaultWsHub hub = this.hubs.get(match.path());
			if (hub == null) {
				hub = create(match, owner);
				if (hub == null) {
					return null;
				}
			}
			switch (hub.add(session)) {
				case FIRST -> {
					this.listener.hubCreated(hub);
					this.relay.hubCreated(hub);
					this.events.publish(new WsHubCreatedEvent(hub));
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
	private @Nullable DefaultWsHub create(WsEndpointMatch match, DefaultWsHubs owner) {
		return this.hubs.computeIfAbsent(match.path(),
				(path) -> reserveHub(match.endpoint()) ? new DefaultWsHub(match, owner) : null);
	}

	private boolean reserveHub(WsEndpointDefinition endpoint) {
		if (this.hubCount.incrementAndGet() > this.maxHubs) {
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
	 * @param scheduler the timer of a hub's empty timeout
	 */
	void leave(DefaultWsSession session, ScheduledExecutorService scheduler) {
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
					scheduler.schedule(() -> removeIfEmpty(hub), emptyTimeout.toMillis(), TimeUnit.MILLISECONDS));
		}
	}

	void removeIfEmpty(DefaultWsHub hub) {
		if (hub.markRemovedIfEmpty()) {
			unregister(hub);
		}
	}

	/**
	 * Unregister a hub that this thread marked removed. Its removal is published first and
	 * the path freed after, so that the events of one path always alternate: a joiner
	 * that finds the hub removed waits for the path to be freed. The hub is uncounted
	 * before its path is freed, so that this joiner finds room under the caps for the hub
	 * that replaces it. The relay hears of it last.
	 */
	private void unregister(DefaultWsHub hub) {
		try {
			this.listener.hubRemoved(hub);
			this.features.hubRemoved(hub.path(), hub.endpointDefinition().features(), hub.presenceIfTracked());
			this.events.publish(new WsHubRemovedEvent(hub));
		}
		finally {
			// Only the thread that marked the hub removed gets here, once, and only it
			// frees the path: the hub counted when it was created is still registered
			hub.endpointDefinition().hubCount().decrementAndGet();
			boolean none = this.hubCount.decrementAndGet() == 0;
			this.hubs.remove(hub.path(), hub);
			if (none && this.draining) {
				synchronized (this.emptied) {
					this.emptied.notifyAll();
				}
			}
			// The relay reconciles with the registry as it is now: tell it once the path is free
			this.relay.hubRemoved(hub);
		}
	}

	/**
	 * Wait, while draining, until every hub is removed or the timeout passes.
	 * @param timeout how long to wait
	 */
	void awaitEmpty(Duration timeout) {
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

}
