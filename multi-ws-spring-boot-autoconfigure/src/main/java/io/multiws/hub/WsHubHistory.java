package io.multiws.hub;

import java.util.List;

/**
 * The recent broadcasts of a hub, kept when the hub's endpoint sets
 * {@code multi-ws.endpoints.<name>.history.size}: a joining session receives them before
 * any live message, and a client that reconnects with the id of the last message it saw
 * receives exactly the ones it missed.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public interface WsHubHistory {

	/**
	 * Whether the hub's endpoint keeps a history.
	 * @return {@code false} when history is off, the history then always being empty
	 */
	boolean isEnabled();

	/**
	 * Return a snapshot of the retained messages, oldest first.
	 * @return the entries
	 */
	List<WsHistoryEntry> entries();

	/**
	 * Return the id of the last message broadcast in this hub.
	 * @return the last id, or {@code 0} if there was none
	 */
	long lastId();

	/**
	 * Return the number of retained messages.
	 * @return the entry count
	 */
	int size();

	/**
	 * Return the heap the retained messages hold, as counted against
	 * {@code multi-ws.history.max-total-bytes}: each message as sent (with its id prefix)
	 * and the encoded copy that its first write builds and later ones share.
	 * @return the retained size in bytes
	 */
	long retainedBytes();

}
