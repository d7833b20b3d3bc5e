package io.multiws.hub;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link WsRelay} needs to deliver the messages that other instances of the
 * application publish: the hubs of this instance, and delivery to their sessions. The
 * registry hands it to its relay once, through {@link WsRelay#attach}, before any
 * broadcast.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public interface WsRelayContext {

	/**
	 * Return the live hub of a canonical path, as the relay was given it.
	 * @param path the canonical hub path
	 * @return the hub, or {@code null} if no session of this instance is connected to it
	 */
	@Nullable WsHub hub(String path);

	/**
	 * Return a snapshot of the live hubs of this instance.
	 * @return the hubs
	 */
	Collection<WsHub> hubs();

	/**
	 * Deliver a payload to the sessions of this instance connected to a path.
	 * @param path the canonical hub path
	 * @param payload the payload
	 * @param excluded the session to skip, or {@code null}
	 * @return the number of sessions it was queued for
	 */
	int deliver(String path, WsPayload payload, @Nullable WsSession excluded);

	/**
	 * Deliver a payload to the sessions of a user on this instance, in every hub.
	 * @param name the principal's name
	 * @param payload the payload
	 * @return the number of sessions it was queued for
	 */
	int deliverToUser(String name, WsPayload payload);

	/**
	 * Send a request to the sessions of a user on this instance that take requests.
	 * @param name the principal's name
	 * @param payload the request, text
	 * @param timeout how long to wait for a reply
	 * @return the first reply of those sessions, or {@code null} if the user has none
	 * here
	 */
	@Nullable CompletionStage<String> requestUser(String name, WsPayload payload, Duration timeout);

}
