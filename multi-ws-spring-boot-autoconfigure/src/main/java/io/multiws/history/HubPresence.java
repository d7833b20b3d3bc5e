package io.multiws.history;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsPresenceMember;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * The presence of one hub on this instance, merged with that of other instances when a
 * cluster relay reports them. Membership changes and the diffs pushed to clients happen
 * under one lock, so that every client sees the diffs in the order they happened.
 * <p>
 * The frames pushed to clients, JSON text: on join, to the joiner,
 * <code>{"presence":"state","members":[{"key":"alice","metadata":{...},"sessions":1}]}</code>;
 * then to the others, <code>{"presence":"join","key":"alice","metadata":{...}}</code> and
 * <code>{"presence":"leave","key":"alice"}</code>, once per key. A session gets diffs only
 * once it has had its state: one that is already a member of the hub but not yet counted
 * here gets none, so that the state is always its first presence frame.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class HubPresence implements WsPresence {

	private final WsHub hub;

	private final boolean pushDiffs;

	private final Function<Object, WsPayload> encoder;

	private final Object lock = new Object();

	private final Map<String, LocalMember> members = new LinkedHashMap<>();

	/**
	 * The sessions that have had their state, which diffs go to.
	 */
	private final Set<WsSession> counted = Collections.newSetFromMap(new IdentityHashMap<>());

	private volatile Map<String, WsPresenceMember> remote = Map.of();

	HubPresence(WsHub hub, boolean pushDiffs, Function<Object, WsPayload> encoder) {
		this.hub = hub;
		this.pushDiffs = pushDiffs;
		this.encoder = encoder;
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
			this.counted.add(session);
			if (this.pushDiffs) {
				session.send(this.encoder.apply(frame("presence", "state", "members", members())));
				if (first && !this.remote.containsKey(key)) {
					push(frame("presence", "join", "key", key, "metadata", member.metadata), session);
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
			this.counted.remove(session);
			LocalMember member = this.members.get(key);
			if (member == null) {
				return null;
			}
			if (--member.sessions > 0) {
				return null;
			}
			this.members.remove(key);
			if (this.pushDiffs && !this.remote.containsKey(key)) {
				push(frame("presence", "leave", "key", key), session);
			}
			return member.toMember(key);
		}
	}

	// In order, so that clients may read the kind of a frame from its start
	private static Map<String, Object> frame(Object... namesAndValues) {
		Map<String, Object> frame = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			frame.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return frame;
	}

	private void push(Map<String, Object> diff, @Nullable WsSession except) {
		WsPayload payload = this.encoder.apply(diff);
		for (WsSession session : this.hub.sessions()) {
			if (session != except && this.counted.contains(session)) {
				session.send(payload);
			}
		}
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
				if (!previous.containsKey(key) && !this.members.containsKey(key)) {
					push(frame("presence", "join", "key", key, "metadata", member.metadata()), null);
				}
			});
			previous.keySet().forEach((key) -> {
				if (!members.containsKey(key) && !this.members.containsKey(key)) {
					push(frame("presence", "leave", "key", key), null);
				}
			});
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
