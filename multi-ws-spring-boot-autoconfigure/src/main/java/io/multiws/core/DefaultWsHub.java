package io.multiws.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;

import io.multiws.features.HubFeatures;
import io.multiws.features.HubHistory;
import io.multiws.features.HubPresence;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubHistory;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsRelay.LocalDelivery;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * A hub kept by {@link DefaultWsHubs}: a copy-on-write array of sessions, so that a
 * broadcast iterates without locking, and a removed flag under the hub's lock, so that a
 * session can never join a hub that is being removed.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class DefaultWsHub implements WsHub {

	private static final DefaultWsSession[] NO_SESSIONS = {};

	private final String path;

	private final WsEndpointDefinition endpoint;

	private final Map<String, String> variables;

	private final WsRelay relay;

	private final WsPayloadEncoder encoder;

	private final HubFeatures features;

	private final HubRegistry registry;

	private final LocalDelivery localDelivery = this::deliverObserved;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>(4);

	private final @Nullable HubHistory history;

	private final @Nullable HubPresence presence;

	private volatile DefaultWsSession[] sessions = NO_SESSIONS;

	private boolean removed;

	private boolean joined;

	private @Nullable ScheduledFuture<?> pendingRemoval;

	DefaultWsHub(WsEndpointMatch match, DefaultWsHubs hubs) {
		this.path = match.path();
		this.endpoint = match.endpoint();
		this.variables = match.variables();
		this.relay = hubs.relay();
		this.encoder = hubs.encoder();
		this.features = hubs.features();
		this.registry = hubs.registry();
		this.history = this.features.history(this.path, this.endpoint.features());
		this.presence = this.features.presence(this, this.endpoint.features());
	}

	/**
	 * Add a session unless the hub is full or removed.
	 * @param session the session
	 * @return the outcome
	 */
	Join add(DefaultWsSession session) {
		HubHistory history = this.history;
		if (history == null) {
			return addMember(session);
		}
		String lastEventId = history.settings().messageIds()
				? LastEventId.of(session.handshakeHeaders(), session.uri()) : null;
		return history.join(session, lastEventId, () -> addMember(session), Join::isMember);
	}

	private synchronized Join addMember(DefaultWsSession session) {
		if (this.removed) {
			return Join.REMOVED;
		}
		DefaultWsSession[] current = this.sessions;
		if (current.length >= this.endpoint.settings().maxSessionsPerHub()) {
			return Join.FULL;
		}
		if (this.pendingRemoval != null) {
			this.pendingRemoval.cancel(false);
			this.pendingRemoval = null;
		}
		DefaultWsSession[] updated = Arrays.copyOf(current, current.length + 1);
		updated[current.length] = session;
		this.sessions = updated;
		if (!this.joined) {
			this.joined = true;
			return Join.FIRST;
		}
		return Join.JOINED;
	}

	/**
	 * Remove a session.
	 * @param session the session
	 * @return whether the hub is now empty
	 */
	synchronized boolean remove(DefaultWsSession session) {
		DefaultWsSession[] current = this.sessions;
		int index = -1;
		for (int i = 0; i < current.length; i++) {
			if (current[i] == session) {
				index = i;
				break;
			}
		}
		if (index == -1) {
			return false;
		}
		DefaultWsSession[] updated = (current.length == 1) ? NO_SESSIONS : new DefaultWsSession[current.length - 1];
		System.arraycopy(current, 0, updated, 0, index);
		System.arraycopy(current, index + 1, updated, index, current.length - index - 1);
		this.sessions = updated;
		return updated.length == 0;
	}

	/**
	 * Mark the hub removed if it is still empty.
	 * @return whether it was marked removed by this call
	 */
	synchronized boolean markRemovedIfEmpty() {
		if (this.removed || this.sessions.length > 0) {
			return false;
		}
		this.removed = true;
		return true;
	}

	synchronized void scheduleRemoval(ScheduledFuture<?> removal) {
		if (this.pendingRemoval != null) {
			this.pendingRemoval.cancel(false);
		}
		this.pendingRemoval = removal;
	}

	/**
	 * Queue a payload for every local session.
	 * @param payload the payload
	 * @param excluded the session to skip, or {@code null}
	 * @return the number of sessions it was queued for
	 */
	int deliver(WsPayload payload, @Nullable WsSession excluded) {
		HubHistory history = this.history;
		if (history == null) {
			return deliverNow(payload, excluded);
		}
		int delivered = history.append(payload, (sent) -> deliverNow(sent, excluded));
		this.features.reclaimHistories();
		return delivered;
	}

	/**
	 * Queue a payload for every local session, and tell the listener how many took it:
	 * the local delivery of this hub's broadcasts, and of what the relay brings in.
	 * @param path the hub's path
	 * @param payload the payload
	 * @param excluded the session to skip, or {@code null}
	 * @return the number of sessions it was queued for
	 */
	int deliverObserved(String path, WsPayload payload, @Nullable WsSession excluded) {
		int deliveries = deliver(payload, excluded);
		this.registry.listener().broadcastDelivered(this, deliveries);
		return deliveries;
	}

	/**
	 * Send an encoded payload through the relay, which delivers it to this hub's sessions
	 * and, for a cluster, to those of the other instances.
	 * @param payload the payload
	 * @param excluded the session to skip, or {@code null}
	 * @return the number of local sessions it was queued for
	 */
	int broadcastEncoded(WsPayload payload, @Nullable WsSession excluded) {
		return this.relay.broadcast(this.path, payload, excluded, this.localDelivery);
	}

	/**
	 * Queue a broadcast that the shared history accepted for every local session.
	 * @param sent the payload as sent
	 * @param excludedSessionId the id of the session to skip, or {@code null}
	 * @return the number of sessions it was queued for
	 */
	int deliverShared(WsPayload sent, @Nullable String excludedSessionId) {
		WsSession excluded = (excludedSessionId != null) ? sessionById(excludedSessionId) : null;
		return deliverNow(sent, excluded);
	}

	private @Nullable WsSession sessionById(String id) {
		for (DefaultWsSession session : this.sessions) {
			if (session.id().equals(id)) {
				return session;
			}
		}
		return null;
	}

	private int deliverNow(WsPayload payload, @Nullable WsSession excluded) {
		int count = 0;
		for (DefaultWsSession session : this.sessions) {
			if (session != excluded && session.sendPayload(payload)) {
				count++;
			}
		}
		return count;
	}

	DefaultWsSession[] sessionArray() {
		return this.sessions;
	}

	WsEndpointDefinition endpointDefinition() {
		return this.endpoint;
	}

	@Override
	public String path() {
		return this.path;
	}

	@Override
	public String endpoint() {
		return this.endpoint.name();
	}

	@Override
	public Map<String, String> variables() {
		return this.variables;
	}

	@Override
	public Collection<WsSession> sessions() {
		return List.of(this.sessions);
	}

	@Override
	public int size() {
		return this.sessions.length;
	}

	@Override
	public int broadcast(Object payload) {
		return broadcastExcept(payload, null);
	}

	@Override
	public int broadcastExcept(Object payload, @Nullable WsSession excluded) {
		return broadcastEncoded(this.encoder.encode(payload), excluded);
	}

	@Override
	public int broadcast(Object payload, Predicate<WsSession> filter) {
		WsPayload encoded = this.encoder.encode(payload);
		int count = 0;
		for (DefaultWsSession session : this.sessions) {
			if (filter.test(session) && session.sendPayload(encoded)) {
				count++;
			}
		}
		return count;
	}

	@Override
	public WsHubHistory history() {
		return (this.history != null) ? this.history : HubFeatures.noHistory();
	}

	@Override
	public WsPresence presence() {
		if (this.presence == null) {
			throw new IllegalStateException("Presence is off for WebSocket endpoint '" + this.endpoint.name()
					+ "': set multi-ws.endpoints." + this.endpoint.name() + ".presence.enabled=true");
		}
		return this.presence;
	}

	@Nullable HubPresence presenceIfTracked() {
		return this.presence;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public String toString() {
		return "WsHub[path=" + this.path + ", endpoint=" + this.endpoint.name() + ", sessions=" + this.sessions.length
				+ "]";
	}

	enum Join {

		/**
		 * The first session ever of this hub joined: the hub is now live.
		 */
		FIRST,

		/**
		 * Another session joined.
		 */
		JOINED,

		/**
		 * The hub is full.
		 */
		FULL,

		/**
		 * The hub is being removed: join a new one.
		 */
		REMOVED;

		boolean isMember() {
			return this == FIRST || this == JOINED;
		}

	}

}
