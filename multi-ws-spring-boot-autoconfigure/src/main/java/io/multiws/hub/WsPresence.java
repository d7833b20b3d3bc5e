package io.multiws.hub;

import java.util.List;

/**
 * Who is in a hub: one member per presence key, whatever the number of sessions (tabs,
 * devices) that key has in the hub. A session's key is the
 * {@link #KEY_ATTRIBUTE} attribute if an {@code @OnHandshake} method set it, otherwise
 * the name of its principal, otherwise its session id; its metadata is the
 * {@link #METADATA_ATTRIBUTE} attribute.
 * <p>
 * With the cluster relay, members on other instances are listed too.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public interface WsPresence {

	/**
	 * The session attribute holding the presence key, a {@code String}.
	 */
	String KEY_ATTRIBUTE = "multi-ws.presence.key";

	/**
	 * The session attribute holding the presence metadata, a {@code Map<String, ?>} that
	 * the JSON codec can write.
	 */
	String METADATA_ATTRIBUTE = "multi-ws.presence.metadata";

	/**
	 * Return a snapshot of the members, in join order.
	 * @return the members
	 */
	List<WsPresenceMember> members();

	/**
	 * Whether a key has at least one session in the hub.
	 * @param key the presence key
	 * @return {@code true} if present
	 */
	boolean contains(String key);

	/**
	 * Return the number of members (keys, not sessions).
	 * @return the member count
	 */
	int size();

}
