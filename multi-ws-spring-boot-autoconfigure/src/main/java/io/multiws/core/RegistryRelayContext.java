package io.multiws.core;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

import io.multiws.features.HubFeatureSettings;
import io.multiws.features.HubFeatures;
import io.multiws.features.HubHistory;
import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * The registry as its relay sees it: where the relay delivers what other instances
 * publish, and the side of a shared history that the registry keeps.
 *
 * @author multi-ws team
 */
final class RegistryRelayContext implements WsRelayContext, SharedHistory.Host {

	private final DefaultWsHubs hubs;

	RegistryRelayContext(DefaultWsHubs hubs) {
		this.hubs = hubs;
	}

	@Override
	public @Nullable WsHub hub(String path) {
		return this.hubs.registry().get(path);
	}

	@Override
	public Collection<WsHub> hubs() {
		return this.hubs.hubs();
	}

	@Override
	public int deliver(String path, WsPayload payload, @Nullable WsSession excluded) {
		return this.hubs.routing().deliverLocally(path, payload, excluded);
	}

	@Override
	public int deliverToUser(String name, WsPayload payload) {
		return this.hubs.features().sendToUser(name, payload);
	}

	@Override
	public @Nullable CompletionStage<String> requestUser(String name, WsPayload payload, Duration timeout) {
		return this.hubs.routing().requestLocalUser(name, payload, timeout);
	}

	@Override
	public int deliverShared(String path, long id, long millis, WsPayload payload,
			@Nullable String excludedSessionId) {
		HubFeatures features = this.hubs.features();
		HubHistory history = features.kept(path);
		if (history == null) {
			return 0;
		}
		// The hub is looked up under the history's lock, where joins add their sessions: a
		// joiner either replays the broadcast or receives it, even if its hub is new
		int delivered = history.accept(id, millis, payload, (sent) -> {
			DefaultWsHub hub = this.hubs.registry().get(path);
			return (hub != null && hub.history() == history) ? hub.deliverShared(sent, excludedSessionId) : 0;
		});
		features.reclaimHistories();
		return delivered;
	}

	@Override
	public @Nullable HubFeatureSettings endpointFeatures(String path) {
		WsEndpointMatch match = this.hubs.mappings().match(path);
		return (match != null) ? match.endpoint().features() : null;
	}

	@Override
	public boolean keepsHistory() {
		return this.hubs.mappings().endpoints().stream().anyMatch((endpoint) -> endpoint.features().hasHistory());
	}

	@Override
	public HubFeatures features() {
		return this.hubs.features();
	}

}
