package io.multiws.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.multiws.features.HubPresence;
import io.multiws.hub.WsPresenceMember;
import org.jspecify.annotations.Nullable;

/**
 * The presence of the other instances, as their last heartbeats reported it: for each
 * hub with presence, its members on that instance. An instance not heard from for the
 * expiry is forgotten, so the members of a crashed instance leave every hub at most one
 * expiry after its last heartbeat.
 *
 * @author multi-ws team
 */
final class ClusterPresence {

	private final ConcurrentHashMap<String, Snapshot> instances = new ConcurrentHashMap<>();

	private final long expiryNanos;

	private final LongSupplier nanoClock;

	ClusterPresence(Duration expiry, LongSupplier nanoClock) {
		this.expiryNanos = expiry.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Return the local presence of every hub, as a heartbeat carries it.
	 * @param presences the local presence of each hub path
	 * @return path to a list of members, each a map of key, metadata and sessions
	 */
	static Map<String, List<Map<String, Object>>> local(Map<String, HubPresence> presences) {
		Map<String, List<Map<String, Object>>> local = new HashMap<>();
		presences.forEach((path, presence) -> {
			List<Map<String, Object>> members = new ArrayList<>();
			presence.localMembers().values().forEach((member) -> members.add(Map.of("key", member.key(), "metadata",
					member.metadata(), "sessions", member.sessions())));
			if (!members.isEmpty()) {
				local.put(path, members);
			}
		});
		return local;
	}

	@SuppressWarnings("unchecked")
	void update(String instanceId, Map<?, ?> reported) {
		Map<String, Map<String, WsPresenceMember>> paths = new HashMap<>();
		reported.forEach((path, members) -> {
			if (path instanceof String hubPath && members instanceof List<?> list) {
				Map<String, WsPresenceMember> byKey = new LinkedHashMap<>();
				for (Object item : list) {
					WsPresenceMember member = member((item instanceof Map<?, ?> map) ? (Map<String, Object>) map : null);
					if (member != null) {
						byKey.put(member.key(), member);
					}
				}
				paths.put(hubPath, byKey);
			}
		});
		this.instances.put(instanceId, new Snapshot(this.nanoClock.getAsLong(), paths));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable WsPresenceMember member(@Nullable Map<String, Object> map) {
		if (map == null || !(map.get("key") instanceof String key) || !(map.get("sessions") instanceof Number count)) {
			return null;
		}
		Object metadata = map.get("metadata");
		return new WsPresenceMember(key,
				(metadata instanceof Map<?, ?> values) ? Map.copyOf((Map<String, Object>) values) : Map.of(),
				count.intValue());
	}

	void remove(String instanceId) {
		this.instances.remove(instanceId);
	}

	void prune() {
		long now = this.nanoClock.getAsLong();
		this.instances.values().removeIf((snapshot) -> now - snapshot.seenNanos() > this.expiryNanos);
	}

	/**
	 * Return the members of a hub on the other live instances together.
	 * @param path the canonical hub path
	 * @return key to member, sessions summed over instances
	 */
	Map<String, WsPresenceMember> members(String path) {
		long now = this.nanoClock.getAsLong();
		Map<String, WsPresenceMember> merged = new LinkedHashMap<>();
		for (Snapshot snapshot : this.instances.values()) {
			if (now - snapshot.seenNanos() > this.expiryNanos) {
				continue;
			}
			snapshot.paths().getOrDefault(path, Map.of()).forEach((key, member) -> merged.merge(key, member,
					(first, other) -> new WsPresenceMember(key, first.metadata(), first.sessions() + other.sessions())));
		}
		return merged;
	}

	@Override
	public String toString() {
		return "ClusterPresence[instances=" + this.instances.keySet() + "]";
	}

	private record Snapshot(long seenNanos, Map<String, Map<String, WsPresenceMember>> paths) {

	}

}
