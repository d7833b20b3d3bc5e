package io.multiws.javaclient;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delays between a {@link WsClient}'s attempts to connect: the first is the minimum,
 * each one after twice the one before, up to the maximum, and each is a random 50-100 %
 * of that (the jitter), so that clients dropped together do not come back together. Not
 * thread-safe: the client calls it under its lock.
 *
 * @author multi-ws team
 */
final class BackOff {

	/**
	 * More doublings than any maximum needs, and few enough not to overflow a long.
	 */
	private static final int MAX_DOUBLINGS = 20;

	private final long minMillis;

	private final long maxMillis;

	private final DoubleSupplier random;

	private int attempts;

	/**
	 * Create a back-off.
	 * @param min the first delay before jitter
	 * @param max the longest delay before jitter
	 * @param random the source of the jitter, in {@code [0, 1)}
	 */
	BackOff(Duration min, Duration max, DoubleSupplier random) {
		this.minMillis = min.toMillis();
		this.maxMillis = Math.max(this.minMillis, max.toMillis());
		this.random = random;
	}

	/**
	 * Return the delay before the next attempt, and count the attempt.
	 * @return the delay in milliseconds
	 */
	long nextDelayMillis() {
		long ceiling = Math.min(this.maxMillis, this.minMillis << Math.min(this.attempts++, MAX_DOUBLINGS));
		return (long) (ceiling * (0.5 + this.random.getAsDouble() / 2));
	}

	/**
	 * Start again from the minimum, after a connection has opened.
	 */
	void reset() {
		this.attempts = 0;
	}

}
