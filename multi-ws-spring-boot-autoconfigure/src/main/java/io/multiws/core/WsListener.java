package io.multiws.core;

import java.util.List;

import io.multiws.admission.WsRefusalReason;
import io.multiws.hub.WsHub;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;

/**
 * Observes the runtime for metrics and traces: upgrades, sessions, hubs and broadcasts.
 * The registry holds one, {@link #NONE} unless an instrumentation is configured, so that
 * nothing is paid for what nobody observes. Implementations must be thread-safe, quick
 * and must not throw.
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see WsSessionListener
 */
public interface WsListener {

	/**
	 * A listener that observes nothing.
	 */
	WsListener NONE = new WsListener() {
	};

	/**
	 * Called before the checks of an upgrade request (origin, authentication, caps, the
	 * endpoint's handshake method) run.
	 * @param match the endpoint and hub the request maps to
	 * @param request the handshake request
	 * @return the handshake's scope, finished when the checks refuse the upgrade, or
	 * else once the handshake itself has switched protocols or failed
	 */
	default Handshake handshakeStarted(WsEndpointMatch match, HttpRequest request) {
		return Handshake.NONE;
	}

	/**
	 * Called when an upgrade is refused before the handshake.
	 * @param match the endpoint and hub the request maps to, or {@code null} when the path
	 * itself was refused
	 * @param reason why
	 */
	default void upgradeRefused(@Nullable WsEndpointMatch match, WsRefusalReason reason) {
	}

	/**
	 * Called once per established connection, before it joins its hub.
	 * @param match the endpoint and hub of the connection
	 * @return the listener of that session, {@link WsSessionListener#NONE} for none
	 */
	default WsSessionListener sessionOpened(WsEndpointMatch match) {
		return WsSessionListener.NONE;
	}

	/**
	 * Called when a hub is created on this instance.
	 * @param hub the hub
	 */
	default void hubCreated(WsHub hub) {
	}

	/**
	 * Called when a hub is removed from this instance.
	 * @param hub the hub
	 */
	default void hubRemoved(WsHub hub) {
	}

	/**
	 * Called when a broadcast was queued for the local sessions of a hub, whether it
	 * started on this instance or came through the relay.
	 * @param hub the hub
	 * @param deliveries the number of sessions it was queued for
	 */
	default void broadcastDelivered(WsHub hub, int deliveries) {
	}

	/**
	 * Combine listeners, each called in turn.
	 * @param listeners the listeners
	 * @return one listener calling them all, {@link #NONE} if there are none
	 */
	static WsListener of(List<? extends WsListener> listeners) {
		List<WsListener> active = listeners.stream()
			.filter((listener) -> listener != NONE)
			.map(WsListener.class::cast)
			.toList();
		return switch (active.size()) {
			case 0 -> NONE;
			case 1 -> active.get(0);
			default -> new CompositeWsListener(active);
		};
	}

	/**
	 * The scope of one upgrade's checks.
	 */
	interface Handshake {

		/**
		 * A scope that does nothing.
		 */
		Handshake NONE = (refusal, failure) -> {
		};

		/**
		 * Called on the thread of the checks once they admitted the upgrade, before the
		 * handshake itself, which may end on another thread: a scope bound to the thread
		 * ends here.
		 */
		default void checked() {
		}

		/**
		 * Called once, when the checks refused the upgrade or the handshake that they
		 * admitted has switched protocols or failed.
		 * @param refusal the refusal, or {@code null} if the connection is upgraded
		 * @param failure the failure of the endpoint's handshake method or of the
		 * handshake, if any
		 */
		void finished(@Nullable WsUpgradeRefusal refusal, @Nullable Throwable failure);

	}

}
