package io.multiws.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.multiws.actuate.MultiWsEndpoint.HubDescriptor;
import io.multiws.core.DefaultWsSession;
import io.multiws.core.PendingRequests;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubHistory;
import io.multiws.hub.WsSession;

/**
 * Describes one hub for the pages of {@link MultiWsEndpoint}: its age, from the creation
 * times it records as the hub events arrive, and what its sessions dropped, queue and
 * wait for, summed over them.
 *
 * @author multi-ws team
 */
final class HubDescriptions {

	private final Clock clock;

	private final Map<WsHub, Instant> created = new ConcurrentHashMap<>();

	/**
	 * Create the descriptions.
	 * @param clock the clock of hub ages
	 */
	HubDescriptions(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Record that a hub was created, now.
	 * @param hub the hub
	 */
	void created(WsHub hub) {
		this.created.put(hub, this.clock.instant());
	}

	/**
	 * Forget a removed hub.
	 * @param hub the hub
	 */
	void removed(WsHub hub) {
		this.created.remove(hub);
	}

	/**
	 * Return the current instant, the one ages are measured to.
	 * @return now
	 */
	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Describe a hub.
	 * @param hub the hub
	 * @param now the instant its age is measured to
	 * @return the description
	 */
	HubDescriptor describe(WsHub hub, Instant now) {
		long dropped = 0;
		long queued = 0;
		long pendingRequests = 0;
		long requestsInProgress = 0;
		for (WsSession session : hub.sessions()) {
			dropped += session.droppedMessages();
			if (session instanceof DefaultWsSession defaultSession) {
				queued += defaultSession.queuedBytes();
				PendingRequests requests = defaultSession.requests();
				if (requests != null) {
					pendingRequests += requests.pending();
					requestsInProgress += requests.inProgress();
				}
			}
		}
		Instant createdAt = this.created.get(hub);
		Duration age = (createdAt != null) ? Duration.between(createdAt, now) : null;
		WsHubHistory history = hub.history();
		return new HubDescriptor(hub.path(), hub.size(), createdAt, (age != null) ? age.toMillis() : null, dropped,
				queued, history.isEnabled() ? history.size() : 0, history.isEnabled() ? history.retainedBytes() : 0,
				pendingRequests, requestsInProgress, hub.variables());
	}

	@Override
	public String toString() {
		return "HubDescriptions[hubs=" + this.created.size() + "]";
	}

}
