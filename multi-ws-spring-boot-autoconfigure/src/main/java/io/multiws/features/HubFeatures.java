package io.multiws.features;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubHistory;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresenceJoinedEvent;
import io.multiws.hub.WsPresenceLeftEvent;
import io.multiws.hub.WsPresenceMember;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * What the hub registry keeps beside its hubs: the history of each hub path (which
 * outlives the hub while its messages are younger than the ttl), the presence of each hub,
 * and the sessions of each user for {@link io.multiws.hub.WsHubs#sendToUser}.
 * <p>
 * The histories of live and emptied hubs share one {@link HistoryBudget}, which a
 * {@link HistoryEviction} pass keeps them within. A pass runs on the thread whose
 * broadcast went over the budget, once that broadcast is delivered and its history's lock
 * released, and on the registry's timer.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class HubFeatures {

	private static final CompletionStage<Void> UP_TO_DATE = CompletableFuture.completedFuture(null);

	private final ApplicationEventPublisher eventPublisher;

	private final Function<Object, WsPayload> encoder;

	private final LongSupplier clock;

	private final ConcurrentHashMap<String, HubHistory> histories = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Set<WsSession>> users = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, HubPresence> presences = new ConcurrentHashMap<>();

	private final @Nullable SharedHistory sharedHistory;

	private final HistoryBudget budget;

	private final HistoryEviction eviction;

	/**
	 * Create the features of a registry.
	 * @param eventPublisher the publisher of presence events
	 * @param encoder the payload encoder of the registry
	 * @param clock the wall clock, in milliseconds
	 * @param sharedHistory the store that numbers broadcasts for a cluster, if any
	 * @param budget the memory budget of every history
	 */
	public HubFeatures(ApplicationEventPublisher eventPublisher, Function<Object, WsPayload> encoder,
			LongSupplier clock, @Nullable SharedHistory sharedHistory, HistoryBudget budget) {
		this.eventPublisher = eventPublisher;
		this.encoder = encoder;
		this.clock = clock;
		this.sharedHistory = sharedHistory;
		this.budget = budget;
		this.eviction = new HistoryEviction(this.histories, budget, clock);
	}

	/**
	 * Return the history a new hub of a path uses, the one kept from an earlier hub of
	 * that path if any.
	 * @param path the hub path
	 * @param settings the endpoint's settings
	 * @return the history, or {@code null} if the endpoint keeps none
	 */
	public @Nullable HubHistory history(String path, HubFeatureSettings settings) {
		if (!settings.hasHistory()) {
			return null;
		}
		// Attached in the map's lock, which an eviction pass takes to drop an emptied hub's history
		HubHistory history = this.histories.compute(path, (key, kept) -> {
			HubHistory attached = (kept != null) ? kept : new HubHistory(key, settings, this.clock, this.budget);
			attached.use().attached(true);
			return attached;
		});
		return history;
	}

	/**
	 * Bring the shared history of a path up to date before a session joins its hub, so
	 * that the joiner's replay holds every broadcast the cluster made before it joined.
	 * @param path the hub path
	 * @param settings the endpoint's settings
	 * @return a stage that completes when the session may join; complete at once without
	 * a shared history
	 * @see SharedHistory#catchUp
	 */
	public CompletionStage<Void> beforeJoin(String path, HubFeatureSettings settings) {
		SharedHistory sharedHistory = this.sharedHistory;
		if (sharedHistory == null || !settings.hasHistory()) {
			return UP_TO_DATE;
		}
		HubHistory history = this.histories.computeIfAbsent(path,
				(key) -> new HubHistory(key, settings, this.clock, this.budget));
		history.use().joining(this.clock.getAsLong());
		return sharedHistory.catchUp(history);
	}

	/**
	 * Return the history kept for a path, whether or not a hub uses it.
	 * @param path the hub path
	 * @return the history, or {@code null} if none is kept
	 */
	public @Nullable HubHistory kept(String path) {
		return this.histories.get(path);
	}

	/**
	 * Return the presence a new hub uses.
	 * @param hub the hub
	 * @param settings the endpoint's settings
	 * @return the presence, or {@code null} if the endpoint does not track it
	 */
	public @Nullable HubPresence presence(WsHub hub, HubFeatureSettings settings) {
		if (!settings.presence()) {
			return null;
		}
		return new HubPresence(hub, settings, this.encoder, this.clock);
	}

	/**
	 * Return the presence of every live hub that tracks it, for a cluster relay to share.
	 * @return a snapshot of path to presence
	 */
	public Map<String, HubPresence> presences() {
		return Map.copyOf(this.presences);
	}

	/**
	 * Return the history to show for a hub without one.
	 * @return an empty, disabled history
	 */
	public static WsHubHistory noHistory() {
		return NoHistory.INSTANCE;
	}

	/**
	 * Record that a session joined a hub.
	 * @param hub the hub
	 * @param presence the hub's presence, if tracked
	 * @param session the session, already a member
	 */
	public void joined(WsHub hub, @Nullable HubPresence presence, WsSession session) {
		Principal principal = session.principal();
		if (principal != null) {
			this.users.computeIfAbsent(principal.getName(), (name) -> ConcurrentHashMap.newKeySet()).add(session);
		}
		if (presence != null) {
			// Registered by its members, not at creation: a hub that lost a creation race has none
			this.presences.put(hub.path(), presence);
			WsPresenceMember member = presence.join(session);
			if (member != null) {
				this.eventPublisher.publishEvent(new WsPresenceJoinedEvent(hub, member));
			}
		}
	}

	/**
	 * Record that a session left a hub.
	 * @param hub the hub
	 * @param presence the hub's presence, if tracked
	 * @param session the session
	 */
	public void left(WsHub hub, @Nullable HubPresence presence, WsSession session) {
		Principal principal = session.principal();
		if (principal != null) {
			this.users.computeIfPresent(principal.getName(), (name, sessions) -> {
				sessions.remove(session);
				return sessions.isEmpty() ? null : sessions;
			});
		}
		if (presence != null) {
			WsPresenceMember member = presence.leave(session);
			if (member != null) {
				this.eventPublisher.publishEvent(new WsPresenceLeftEvent(hub, member));
			}
		}
	}

	/**
	 * Record that the hub of a path was removed: its history goes with it, unless the
	 * endpoint has a ttl, in which case it is kept until its newest message expires, so
	 * that a client that reconnects into an emptied hub still resumes.
	 * @param path the hub path
	 * @param settings the endpoint's settings
	 * @param presence the hub's presence, if tracked
	 */
	public void hubRemoved(String path, HubFeatureSettings settings, @Nullable HubPresence presence) {
		if (presence != null) {
			this.presences.remove(path, presence);
		}
		HubHistory history = this.histories.get(path);
		if (history == null) {
			return;
		}
		history.use().attached(false);
		if (settings.historyTtl().isZero()) {
			this.eviction.discard(history);
		}
	}

	/**
	 * Push the presence changes that waited for their diff, expire old messages, drop the
	 * histories of removed hubs that are empty, and keep within the budget; called by the
	 * registry's timer.
	 */
	public void sweep() {
		for (HubPresence presence : this.presences.values()) {
			presence.pushDiffIfDue();
		}
		long now = this.clock.getAsLong();
		for (HubHistory history : this.histories.values()) {
			history.expire(now);
			if (!history.isAttached() && history.size() == 0 && !history.use().isJoining(now)) {
				this.eviction.discard(history);
			}
		}
		reclaimHistories();
	}

	/**
	 * Evict histories until they fit the budget again, if they no longer do and no other
	 * thread is at it; a single read of a counter otherwise. Called without any history's
	 * lock held: after a broadcast to a history hub, and by the timer.
	 */
	public void reclaimHistories() {
		this.eviction.reclaim();
	}

	/**
	 * Return the memory budget of every history.
	 * @return the budget
	 */
	public HistoryBudget historyBudget() {
		return this.budget;
	}

	/**
	 * Return the histories kept for hubs that were removed, emptied longest ago first.
	 * @return a snapshot of the histories
	 */
	public List<HubHistory> emptiedHistories() {
		List<HubHistory> emptied = new ArrayList<>();
		for (HubHistory history : this.histories.values()) {
			if (!history.isAttached()) {
				emptied.add(history);
			}
		}
		emptied.sort(Comparator.comparingLong(HubHistory::detachedMillis));
		return emptied;
	}

	/**
	 * Queue a payload for every local session of a user.
	 * @param name the principal's name
	 * @param payload the payload
	 * @return the number of sessions it was queued for
	 */
	public int sendToUser(String name, WsPayload payload) {
		Set<WsSession> sessions = this.users.get(name);
		if (sessions == null) {
			return 0;
		}
		int count = 0;
		for (WsSession session : sessions) {
			if (session.send(payload)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return the local sessions of a user.
	 * @param name the principal's name
	 * @return a live view of the sessions, empty if the user has none
	 * @since 0.2.0
	 */
	public Set<WsSession> userSessions(String name) {
		Set<WsSession> sessions = this.users.get(name);
		return (sessions != null) ? sessions : Set.of();
	}

	/**
	 * Return the memory all kept histories use.
	 * @return the retained size in bytes
	 */
	public long retainedHistoryBytes() {
		long total = 0;
		for (HubHistory history : this.histories.values()) {
			total += history.retainedBytes();
		}
		return total;
	}

	/**
	 * Return the number of kept histories, those of removed hubs included.
	 * @return the history count
	 */
	public int historyCount() {
		return this.histories.size();
	}

	@Override
	public String toString() {
		return "HubFeatures[histories=" + this.histories.size() + ", users=" + this.users.size() + ", " + this.budget
				+ "]";
	}

}
