package io.multiws.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.multiws.features.HubFeatures;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsRelay.LocalDelivery;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * Where the registry's own sends go: a broadcast to a path goes to its live hub, which
 * hands it to the relay, or, with no hub here, straight to the relay, which reaches the
 * instances that have one; a message or a request to a user goes through the relay to
 * the user's sessions here and on the other instances. It is also where the relay
 * delivers what the other instances publish.
 *
 * @author multi-ws team
 */
final class HubRouting {

	private final HubRegistry registry;

	private final WsRelay relay;

	private final WsPayloadEncoder encoder;

	private final HubFeatures features;

	private final LocalDelivery localDelivery = this::deliverLocally;

	HubRouting(HubRegistry registry, WsRelay relay, WsPayloadEncoder encoder, HubFeatures features) {
		this.registry = registry;
		this.relay = relay;
		this.encoder = encoder;
		this.features = features;
	}

	/**
	 * Broadcast to every session of a hub, on every instance.
	 * @param path the canonical path of the hub
	 * @param payload the payload, encoded once
	 * @return the number of local sessions it was queued for
	 */
	int broadcast(String path, Object payload) {
		DefaultWsHub hub = this.registry.get(path);
		WsPayload encoded = this.encoder.encode(payload);
		return (hub != null) ? hub.broadcastEncoded(encoded, null)
				: this.relay.broadcast(path, encoded, null, this.localDelivery);
	}

	int sendToUser(String name, Object payload) {
		return this.relay.sendToUser(name, this.encoder.encode(payload), this.features::sendToUser);
	}

	CompletionStage<String> requestUser(String name, Object payload, Duration timeout) {
		return this.relay.requestUser(name, this.encoder.encode(payload), timeout, this::requestLocalUser);
	}

	/**
	 * Deliver a payload to the sessions of a hub of this instance, if it has one.
	 * @param path the path of the hub
	 * @param payload the payload
	 * @param excluded the session to skip, or {@code null}
	 * @return the number of sessions it was queued for
	 */
	int deliverLocally(String path, WsPayload payload, @Nullable WsSession excluded) {
		DefaultWsHub hub = this.registry.get(path);
		return (hub != null) ? hub.deliverObserved(path, payload, excluded) : 0;
	}

	/**
	 * Send a request to the sessions of a user on this instance; the first reply answers.
	 * @param name the user
	 * @param payload the request
	 * @param timeout how long to wait for a reply
	 * @return the reply, or {@code null} if the user has no session here
	 */
	@Nullable CompletionStage<String> requestLocalUser(String name, WsPayload payload, Duration timeout) {
		return FirstReply.of(this.features.userSessions(name), payload, timeout);
	}

}
