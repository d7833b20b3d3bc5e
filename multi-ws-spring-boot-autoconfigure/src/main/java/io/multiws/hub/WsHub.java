package io.multiws.hub;

import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The sessions connected to exactly one concrete path, such as {@code /rooms/42}.
 * <p>
 * A hub exists from the first successful upgrade to its path until its last session
 * leaves (or, with {@code multi-ws.hub.empty-timeout}, until it has stayed empty that
 * long). Broadcasts encode their payload once, whatever the number of recipients, and
 * never wait for a slow session.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsHub {

	/**
	 * Return the canonical path of this hub: the request path without query string,
	 * percent-decoded where that is safe, with no trailing slash.
	 * @return the hub path, also its key in the {@link WsHubs registry}
	 */
	String path();

	/**
	 * Return the name of the endpoint that serves this hub.
	 * @return the endpoint name
	 */
	String endpoint();

	/**
	 * Return the variables of the endpoint's path pattern, decoded.
	 * @return an unmodifiable map of variable name to value
	 */
	Map<String, String> variables();

	/**
	 * Return a snapshot of the sessions of this hub.
	 * @return the sessions, in join order
	 */
	Collection<WsSession> sessions();

	/**
	 * Return the number of sessions of this hub on this instance.
	 * @return the local session count
	 */
	int size();

	/**
	 * Send a payload to every session of this hub: a {@code String} as text, a
	 * {@code byte[]} or {@code ByteBuffer} as binary, a {@link WsPayload} as it is, and
	 * any other object as JSON text. The payload is encoded once.
	 * @param payload the payload
	 * @return the number of local sessions the message was queued for
	 */
	int broadcast(Object payload);

	/**
	 * Send a payload to every session of this hub except one, typically the sender.
	 * @param payload the payload, as for {@link #broadcast(Object)}
	 * @param excluded the session not to send to, or {@code null}
	 * @return the number of local sessions the message was queued for
	 */
	int broadcastExcept(Object payload, @Nullable WsSession excluded);

	/**
	 * Send a payload to the sessions of this hub on this instance that a filter accepts,
	 * for example those of one role. The payload is encoded once; it is not a broadcast:
	 * it is neither kept in the history nor numbered, nor sent to other instances.
	 * @param payload the payload, as for {@link #broadcast(Object)}
	 * @param filter which sessions to send to
	 * @return the number of sessions the message was queued for
	 * @since 0.2.0
	 */
	int broadcast(Object payload, Predicate<WsSession> filter);

	/**
	 * Return the recent broadcasts of this hub, kept when its endpoint sets
	 * {@code multi-ws.endpoints.<name>.history.size}.
	 * @return the history, empty and disabled when the endpoint keeps none
	 * @since 0.2.0
	 */
	WsHubHistory history();

	/**
	 * Return who is in this hub, on every instance.
	 * @return the presence
	 * @throws IllegalStateException if the endpoint does not set
	 * {@code multi-ws.endpoints.<name>.presence.enabled}
	 * @since 0.2.0
	 */
	WsPresence presence();

	/**
	 * Return the application's attributes of this hub, which live as long as the hub.
	 * @return a mutable, thread-safe map
	 */
	Map<String, Object> attributes();

}
