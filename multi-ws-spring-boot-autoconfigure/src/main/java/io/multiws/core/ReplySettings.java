package io.multiws.core;

/**
 * The request-reply settings of one endpoint, resolved once at start-up.
 *
 * @param enabled whether text frames in the request envelope are requests and replies
 * @param maxPending the maximum number of requests pending per session, in each direction
 * @author multi-ws team
 * @since 0.2.0
 */
public record ReplySettings(boolean enabled, int maxPending) {

	/**
	 * The default maximum number of requests pending per session, in each direction.
	 */
	public static final int DEFAULT_MAX_PENDING = 100;

	private static final ReplySettings NONE = new ReplySettings(false, DEFAULT_MAX_PENDING);

	/**
	 * Settings with replies off: every text frame is a message.
	 * @return the settings
	 */
	public static ReplySettings none() {
		return NONE;
	}

}
