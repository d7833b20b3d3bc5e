package io.multiws.hub;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The seam every broadcast goes through. The default relay delivers in-process; a
 * cluster relay also publishes to other instances of the application and delivers what
 * they publish, without any change to endpoints or to the hub API: it delivers those
 * through the {@link WsRelayContext} it is {@link #attach attached} to.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsRelay {

	/**
	 * Called once by the registry that uses this relay, before any broadcast: the hubs of
	 * this instance, where the relay delivers what other instances publish.
	 * @param context the hubs of this instance
	 * @since 0.2.0
	 */
	default void attach(WsRelayContext context) {
	}

	/**
	 * Deliver a broadcast.
	 * @param path the canonical hub path
	 * @param payload the encoded payload
	 * @param excluded the local session not to deliver to, or {@code null}
	 * @param local the local delivery, to call for this instance's sessions
	 * @return the number of local sessions the message was queued for
	 */
	int broadcast(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local);

	/**
	 * Deliver a payload to every session of a user.
	 * @param name the principal's name
	 * @param payload the encoded payload
	 * @param local the local delivery, to call for this instance's sessions
	 * @return the number of local sessions the message was queued for
	 * @since 0.2.0
	 */
	default int sendToUser(String name, WsPayload payload, UserDelivery local) {
		return local.deliver(name, payload);
	}

	/**
	 * Send a request to the sessions of a user and get the first reply. The default asks
	 * this instance's sessions only, and fails at once when the user has none that takes
	 * requests.
	 * @param name the principal's name
	 * @param payload the encoded request, text
	 * @param timeout how long to wait for a reply
	 * @param local the request to this instance's sessions
	 * @return the first reply
	 * @since 0.2.0
	 */
	default CompletionStage<String> requestUser(String name, WsPayload payload, Duration timeout, UserRequest local) {
		CompletionStage<String> reply = local.request(name, payload, timeout);
		return (reply != null) ? reply : CompletableFuture.failedFuture(
				new IllegalStateException("User '" + name + "' has no session on an endpoint with replies enabled"));
	}

	/**
	 * Called when a hub is created on this instance.
	 * @param hub the new hub
	 */
	default void hubCreated(WsHub hub) {
	}

	/**
	 * Called when a hub is removed from this instance.
	 * @param hub the removed hub
	 */
	default void hubRemoved(WsHub hub) {
	}

	/**
	 * Return the number of sessions of a path across instances, given the local count.
	 * @param path the canonical hub path
	 * @param localCount the number of sessions of that path on this instance
	 * @return the session count
	 */
	default long sessionCount(String path, int localCount) {
		return localCount;
	}

	/**
	 * Delivery to the sessions of this instance.
	 */
	@FunctionalInterface
	interface LocalDelivery {

		/**
		 * Deliver to the local sessions of a hub.
		 * @param path the canonical hub path
		 * @param payload the payload
		 * @param excluded the session to skip, or {@code null}
		 * @return the number of sessions the message was queued for
		 */
		int deliver(String path, WsPayload payload, @Nullable WsSession excluded);

	}

	/**
	 * Delivery to the sessions of a user on this instance.
	 *
	 * @since 0.2.0
	 */
	@FunctionalInterface
	interface UserDelivery {

		/**
		 * Deliver to the local sessions of a user.
		 * @param name the principal's name
		 * @param payload the payload
		 * @return the number of sessions the message was queued for
		 */
		int deliver(String name, WsPayload payload);

	}

	/**
	 * A request to the sessions of a user on this instance.
	 *
	 * @since 0.2.0
	 */
	@FunctionalInterface
	interface UserRequest {

		/**
		 * Send a request to the local sessions of a user that take requests.
		 * @param name the principal's name
		 * @param payload the request
		 * @param timeout how long to wait for a reply
		 * @return the first reply (a reply or an error reply) of those sessions, failed
		 * when none answered; {@code null} when the user has no such session here
		 */
		@Nullable CompletionStage<String> request(String name, WsPayload payload, Duration timeout);

	}

}
