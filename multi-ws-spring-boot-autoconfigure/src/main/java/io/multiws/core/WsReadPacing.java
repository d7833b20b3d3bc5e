package io.multiws.core;

/**
 * Stops and restarts reading a connection, so that a session whose callbacks broadcast
 * faster than their recipients drain is slowed to what they take: implemented by a web
 * stack binding where its container can suspend a connection's reads.
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see DefaultWsSession#readPacing(WsReadPacing)
 */
public interface WsReadPacing {

	/**
	 * No pacing: the container keeps reading, and a saturated room is left to the
	 * overflow policy.
	 */
	WsReadPacing NONE = new WsReadPacing() {

		@Override
		public void pauseReading() {
		}

		@Override
		public void resumeReading() {
		}

		@Override
		public String toString() {
			return "WsReadPacing.NONE";
		}

	};

	/**
	 * Stop reading new messages once the one being processed is done. Called from any
	 * thread, never twice without a {@link #resumeReading()} in between.
	 */
	void pauseReading();

	/**
	 * Read again. Called from any thread, only after {@link #pauseReading()}.
	 */
	void resumeReading();

	/**
	 * Stop reading for good, for a peer that goes on sending after its session was
	 * closed for its inbound rate. Called once, on the thread that reads the connection;
	 * {@link #resumeReading()} is not called afterwards. By default, pauses reading
	 * unless it is paused already.
	 * @param paused whether reading is paused already
	 */
	default void stopReading(boolean paused) {
		if (!paused) {
			pauseReading();
		}
	}

}
