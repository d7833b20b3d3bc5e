package io.multiws.hub;

/**
 * What to do when a session's outbound buffer is full because its client reads too
 * slowly.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public enum OverflowPolicy {

	/**
	 * Close the session with 1008 (policy violation) and drop what it had queued.
	 */
	CLOSE,

	/**
	 * Drop the oldest queued message to make room for the new one.
	 */
	DROP_OLDEST,

	/**
	 * Drop the new message.
	 */
	DROP_NEWEST

}
