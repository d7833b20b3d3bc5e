package io.multiws.core;

import org.jspecify.annotations.Nullable;

/**
 * The pongs that answer the peer's pings, as one session's writer takes them: a pong
 * takes the writer like a message, ahead of what is queued; while a write is in flight
 * only the pong of the latest ping waits (RFC 6455 lets an endpoint answer only the most
 * recent one), so a peer that pings without reading holds up nothing but its own writer.
 * It also keeps since when the pongs have been behind the pings, which the send time
 * limit bounds as it bounds each write: so that a peer whose socket takes a few bytes now
 * and then, while it pings without reading, is dropped as surely as one that takes
 * nothing.
 * <p>
 * Not thread-safe: its {@link WsOutbound} calls it under its lock.
 *
 * @author multi-ws team
 */
final class OutboundPongs {

	private byte @Nullable [] waiting;

	private boolean inFlight;

	// Since when the pongs have been behind the pings, or -1
	private long behindTick = -1;

	/**
	 * A ping came while a write is in flight: its pong waits for the writer, in place of
	 * the pong of an earlier ping still waiting.
	 * @param payload the application data of the ping
	 * @param tick the current tick
	 * @return whether the pong of an earlier ping was still waiting: the peer pings
	 * faster than it takes the pongs
	 */
	boolean await(byte[] payload, long tick) {
		boolean overtaken = this.waiting != null;
		this.waiting = payload;
		if (this.behindTick < 0) {
			this.behindTick = tick;
		}
		return overtaken;
	}

	/**
	 * A pong takes the idle writer at once.
	 */
	void writing() {
		this.inFlight = true;
	}

	/**
	 * Take the waiting pong into the next write, once the previous write completed.
	 * @param open whether the session still takes messages; a closing one writes no pong
	 * @return the pong to write next, or {@code null} for none
	 */
	byte @Nullable [] next(boolean open) {
		byte[] pong = this.waiting;
		this.waiting = null;
		if (this.inFlight && pong == null) {
			// The pongs caught up with the pings
			this.behindTick = -1;
		}
		this.inFlight = pong != null && open;
		return this.inFlight ? pong : null;
	}

	/**
	 * Forget since when the pongs have been behind: the writer has nothing more to write.
	 */
	void caughtUp() {
		this.behindTick = -1;
	}

	/**
	 * Forget the waiting pong: the session is closing.
	 */
	void clear() {
		this.waiting = null;
		this.behindTick = -1;
	}

	/**
	 * Return since when the pongs have been behind the pings.
	 * @return the tick, or -1 if they are not behind
	 */
	long behindSince() {
		return this.behindTick;
	}

}
