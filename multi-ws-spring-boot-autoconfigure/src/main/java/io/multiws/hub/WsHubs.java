package io.multiws.hub;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The registry of live hubs, a bean that any other bean can inject to find hubs and to
 * broadcast from outside a WebSocket callback, for example from a REST controller or a
 * {@code @Scheduled} method.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsHubs {

	/**
	 * Find the hub of a path. The path is canonicalised as for an upgrade, so
	 * {@code /chat/%61} finds the hub of {@code /chat/a}.
	 * @param path the request path, without context path
	 * @return the hub, or empty if no session is connected to that path
	 */
	Optional<WsHub> find(String path);

	/**
	 * Return a snapshot of every live hub.
	 * @return the hubs
	 */
	Collection<WsHub> hubs();

	/**
	 * Return a snapshot of the live hubs of one endpoint.
	 * @param endpoint the endpoint name
	 * @return the hubs
	 */
	Collection<WsHub> hubs(String endpoint);

	/**
	 * Return the number of live hubs.
	 * @return the hub count
	 */
	int count();

	/**
	 * Send a payload to every session of the hub of a path, as {@link WsHub#broadcast}.
	 * A path with no hub is not an error.
	 * @param path the request path, without context path
	 * @param payload the payload
	 * @return the number of local sessions the message was queued for, {@code 0} when
	 * the path has no hub
	 */
	int broadcast(String path, Object payload);

	/**
	 * Return the number of sessions of a path across every instance of the application:
	 * with a cluster relay, sessions on other instances are counted too; otherwise this
	 * is the local count.
	 * @param path the request path, without context path
	 * @return the session count
	 */
	long sessionCount(String path);

	/**
	 * Send a payload to every session of a user, in every hub, on every instance: the
	 * sessions whose principal has that name. The payload is encoded once.
	 * @param name the principal's name
	 * @param payload the payload, as for {@link WsHub#broadcast(Object)}
	 * @return the number of local sessions the message was queued for
	 * @since 0.2.0
	 */
	int sendToUser(String name, Object payload);

	/**
	 * Send a request to the sessions of a user, in every hub of an endpoint with replies
	 * enabled, on every instance, and get the first reply: as {@link WsSession#request}
	 * for each of them, the first answer (a reply or an error reply) completing the
	 * stage. With the Redis relay the sessions of other instances are asked too, and
	 * their reply comes back to this instance.
	 * @param name the principal's name
	 * @param payload the request, text or an object sent as JSON
	 * @param timeout how long to wait for a reply
	 * @return the first reply; failed with {@link WsReplyException} for an error reply,
	 * {@link java.util.concurrent.TimeoutException} when none came in time, and at once
	 * with {@link IllegalStateException} when the user has no session that takes requests
	 * (on this instance, without a cluster relay)
	 * @since 0.2.0
	 */
	CompletionStage<String> requestUser(String name, Object payload, Duration timeout);

}
