package io.multiws.features;

/**
 * What the presence frames pushed to a session show of a hub's members. A member's key is
 * its principal's name unless an {@code @OnHandshake} method set one, so a view with keys
 * shows the names of authenticated members.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public enum PresenceView {

	/**
	 * Every member's key, metadata and session count.
	 */
	FULL,

	/**
	 * Every member's key only.
	 */
	KEYS,

	/**
	 * No presence frames at all.
	 */
	NONE

}
