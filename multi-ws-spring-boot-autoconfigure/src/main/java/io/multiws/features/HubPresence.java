package io.multiws.features;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.multiws.features.PresenceFrames.Published;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsPresenceMember;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * The presence of one hub on this instance, merged with that of other instances when a
 * cluster relay reports them. Membership changes and the frames pushed to clients happen
 * under one lock, so that every client sees the changes in the order they happened.
 * <p>
 * The frames pushed to clients, JSON text: on join, to the joiner,
 * <code>{"presence":"state","members":[{"key":"alice","metadata":{...},"sessions":1}]}</code>;
 * then, to every session that has had its state,
 * <code>{"presence":"diff","joins":[{"key":"bob","metadata":{...},"sessions":1}],"leaves":[{"key":"carol"}]}</code>,
 * once per key that came or went. A session gets diffs only once it has had its state: one
 * that is already a member of the hub but not yet counted here gets none, so that the
 * state is always its first presence frame.
 * <p>
 * <strong>A join costs the same in a room of any size.</strong> Clients are told of
 * changes in diffs of their own: a change after a quiet {@value #DIFF_INTERVAL_MILLIS} ms
 * is pushed at once, the changes that come closer together in one diff with the
 * registry's next tick, so that a crowd joining a room costs one diff per member per
 * tick, not one per join. The state a joiner gets is the membership as of the last diff,
 * encoded once after it and shared by every joiner until the next one (each member
 * encoded once when it changes); the joiner and whoever joined since come in the next
 * diff. A state larger than the endpoint allows (half of the send buffer a joiner's replay
 * leaves) lists the members that fit, with {@code "truncated":true} and the
 * {@code "count"} of them all, so that joining never overflows the joiner's buffer.
 * <p>
 * What a session sees depends on its {@link PresenceView}: a session with a principal
 * sees every member in full; one without, what the endpoint's
 * {@code presence.anonymous-view} allows (nothing by default, since keys are principal
 * names unless the application sets them).
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class HubPresence implements WsPresence {

	/**
	 * The least time between two diffs of a hub; changes in between are pushed together.
	 */
	static final long DIFF_INTERVAL_MILLIS = 250;

	private final WsHub hub;

	private final boolean pushDiffs;

	private final PresenceView anonymousView;

	private final PresenceFrames frames;

	private final LongSupplier clock;

	private final Object lock = new Object();

	private final Map<String, LocalMember> members = new LinkedHashMap<>();

	/**
	 * The sessions that have had their state, which diffs go to, by what they may see.
	 */
	private final Set<WsSession> fullViewers = Collections.newSetFromMap(new IdentityHashMap<>());

	private final Set<WsSession> keyViewers = Collections.newSetFromMap(new IdentityHashMap<>());

	private volatile Map<String, WsPresenceMember> remote = Map.of();

	/**
	 * The members as clients were last told, in the order they were first told.
	 */
	private final Map<String, Published> published = new LinkedHashMap<>();

	/**
	 * The keys that changed since clients were last told.
	 */
	private final Set<String> changed = new LinkedHashSet<>();

	private long lastDiffMillis = Long.MIN_VALUE / 2;

	HubPresence(WsHub hub, HubFeatureSettings settings, Function<Object, WsPayload> encoder, LongSupplier clock) {
		this.hub = hub;
		this.pushDiffs = settings.presenceDiffs();
		this.anonymousView = settings.anonymousPresenceView();
		this.frames = new PresenceFrames(encoder, settings.presenceStateMaxBytes());
		this.clock = clock;
	}

	/**
	 * Return the presence key of a session.
	 * @param session the session
	 * @return the key attribute, the principal's name or the session id
	 */
	public static String keyOf(WsSession session) {
		Object key = session.attributes().get(KEY_ATTRIBUTE);
		if (key != null) {
			return key.toString();
		}
		Principal principal = session.principal();
		return (principal != null) ? principal.getName() : session.id();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> metadataOf(WsSession session) {
		Object metadata = session.attributes().get(METADATA_ATTRIBUTE);
		return (metadata instanceof Map<?, ?> map) ? Map.copyOf((Map<String, Object>) map) : Map.of();
	}

	/**
	 * Count a session in.
	 * @param session the session, already a member of the hub
	 * @return the member if its key was not present before, else {@code null}
	 */
	@Nullable WsPresenceMember join(WsSession session) {
		String key = keyOf(session);
		synchronized (this.lock) {
			LocalMember member = this.members.get(key);
			boolean first = member == null;
			if (member == null) {
				member = new LocalMember(metadataOf(session));
				this.members.put(key, member);
			}
			member.sessions++;
			if (this.pushDiffs) {
				changed(key);
				PresenceView view = viewOf(session);
				if (view != PresenceView.NONE) {
					session.send(this.frames.state(this.published.values(), view));
					viewers(view).add(session);
				}
			}
			return first ? member.toMember(key) : null;
		}
	}

	/**
	 * Count a session out.
	 * @param session the session, no longer a member of the hub
	 * @return the member if that was its key's last session, else {@code null}
	 */
	@Nullable WsPresenceMember leave(WsSession session) {
		String key = keyOf(session);
		synchronized (this.lock) {
			this.fullViewers.remove(session);
			this.keyViewers.remove(session);
			LocalMember member = this.members.get(key);
			if (member == null) {
				return null;
			}
			boolean last = --member.sessions == 0;
			if (last) {
				this.members.remove(key);
			}
			if (this.pushDiffs) {
				changed(key);
			}
			return last ? member.toMember(key) : null;
		}
	}

	private PresenceView viewOf(WsSession session) {
		return (session.principal() != null) ? PresenceView.FULL : this.anonymousView;
	}

	private Set<WsSession> viewers(PresenceView view) {
		return (view == PresenceView.FULL) ? this.fullViewers : this.keyViewers;
	}

	/**
	 * Record that a key changed, and tell the clients at once unless they were told of an
	 * earlier change less than {@value #DIFF_INTERVAL_MILLIS} ms ago; they are told of it
	 * with the next diff then.
	 */
	private void changed(String key) {
		this.changed.add(key);
		pushDiffIfDue();
	}

	/**
	 * Push the changes not yet told to clients, if the last diff was long enough ago;
	 * called on every change and by the registry's timer.
	 */
	void pushDiffIfDue() {
		synchronized (this.lock) {
			long now = this.clock.getAsLong();
			if (!this.changed.isEmpty() && now - this.lastDiffMillis >= DIFF_INTERVAL_MILLIS) {
				pushDiff(now);
			}
		}
	}

	private void pushDiff(long now) {
		this.lastDiffMillis = now;
		List<Published> joins = new ArrayList<>();
		List<Published> leaves = new ArrayList<>();
		for (String key : this.changed) {
			WsPresenceMember current = merged(key);
			Published told = this.published.get(key);
			if (current == null) {
				if (told != null) {
					this.published.remove(key);
					leaves.add(told);
				}
			}
			else if (told == null || !told.metadata().equals(current.metadata())) {
				Published member = new Published(current);
				this.published.put(key, member);
				joins.add(member);
			}
			else if (told.sessions() != current.sessions()) {
				this.published.put(key, new Published(current));
			}
			else {
				continue;
			}
			this.frames.stale();
		}
		this.changed.clear();
		if (!joins.isEmpty() || !leaves.isEmpty()) {
			push(this.fullViewers, this.frames.diff(joins, leaves, PresenceView.FULL));
			push(this.keyViewers, this.frames.diff(joins, leaves, PresenceView.KEYS));
		}
	}

	private static void push(Set<WsSession> viewers, WsPayload diff) {
		// A send that finds its connection gone may leave the hub on this thread, and the set
		for (WsSession session : viewers.toArray(WsSession[]::new)) {
			session.send(diff);
		}
	}

	private @Nullable WsPresenceMember merged(String key) {
		LocalMember local = this.members.get(key);
		WsPresenceMember other = this.remote.get(key);
		if (local == null) {
			return other;
		}
		int sessions = local.sessions + ((other != null) ? other.sessions() : 0);
		return new WsPresenceMember(key, local.metadata, sessions);
	}

	/**
	 * Return the local members with their session counts, for a cluster relay to share.
	 * @return key to member
	 */
	public Map<String, WsPresenceMember> localMembers() {
		synchronized (this.lock) {
			Map<String, WsPresenceMember> result = new LinkedHashMap<>();
			this.members.forEach((key, member) -> result.put(key, member.toMember(key)));
			return result;
		}
	}

	/**
	 * Replace the members of other instances, pushing what changed to the clients.
	 * @param members key to member, on every other instance together
	 */
	public void remoteMembers(Map<String, WsPresenceMember> members) {
		synchronized (this.lock) {
			Map<String, WsPresenceMember> previous = this.remote;
			this.remote = Map.copyOf(members);
			if (!this.pushDiffs) {
				return;
			}
			members.forEach((key, member) -> {
				if (!member.equals(previous.get(key))) {
					this.changed.add(key);
				}
			});
			previous.keySet().forEach((key) -> {
				if (!members.containsKey(key)) {
					this.changed.add(key);
				}
			});
			pushDiffIfDue();
		}
	}

	@Override
	public List<WsPresenceMember> members() {
		synchronized (this.lock) {
			Map<String, WsPresenceMember> merged = new LinkedHashMap<>();
			this.members.forEach((key, member) -> merged.put(key, member.toMember(key)));
			this.remote.forEach((key, member) -> merged.merge(key, member, (local, other) -> new WsPresenceMember(key,
					local.metadata(), local.sessions() + other.sessions())));
			return new ArrayList<>(merged.values());
		}
	}

	@Override
	public boolean contains(String key) {
		synchronized (this.lock) {
			return this.members.containsKey(key) || this.remote.containsKey(key);
		}
	}

	@Override
	public int size() {
		return members().size();
	}

	@Override
	public String toString() {
		return "WsPresence[hub=" + this.hub.path() + ", members=" + size() + "]";
	}

	private static final class LocalMember {

		private final Map<String, Object> metadata;

		private int sessions;

		LocalMember(Map<String, Object> metadata) {
			this.metadata = metadata;
		}

		WsPresenceMember toMember(String key) {
			return new WsPresenceMember(key, this.metadata, this.sessions);
		}

	}

}
