package io.multiws.admission;

import java.util.Map;

/**
 * A read-only view of admission control, for metrics and health: sessions counted
 * against the cap and refusals by reason. Every figure is a snapshot, cheap to read.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsAdmissionStatistics {

	/**
	 * Return the number of sessions counted against the cap, from the moment their
	 * upgrade was admitted until they close.
	 * @return the session count
	 */
	int sessions();

	/**
	 * Return the cap on sessions of all hubs together.
	 * @return the cap
	 */
	int maxSessions();

	/**
	 * Return the number of clients whose sessions or handshake rate are tracked.
	 * @return the tracked client count
	 */
	int trackedClients();

	/**
	 * Return how many times multi-ws refused for a reason since start-up.
	 * @param reason the reason
	 * @return the count
	 */
	long refusals(WsRefusalReason reason);

	/**
	 * Return every refusal count since start-up, zeros included, in the order of
	 * {@link WsRefusalReason}.
	 * @return the counts by reason
	 */
	Map<WsRefusalReason, Long> refusals();

}
