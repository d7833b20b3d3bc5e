package io.multiws.features;

import java.util.function.LongSupplier;

/**
 * Whether a live hub of this instance uses a {@link HubHistory}, and since when: what the
 * registry reads to keep, drop and evict the histories of emptied hubs.
 *
 * @author multi-ws team
 */
final class HistoryUse {

	/**
	 * How long a history that a join is preparing is kept before its hub takes it.
	 */
	private static final long JOINING_MILLIS = 10_000;

	private final LongSupplier clock;

	private volatile boolean attached;

	private volatile long joiningMillis;

	private volatile long detachedMillis;

	private volatile long attachedMillis;

	HistoryUse(LongSupplier clock) {
		this.clock = clock;
		this.attachedMillis = clock.getAsLong();
	}

	/**
	 * Record that a hub started or stopped using the history.
	 * @param attached {@code true} when a hub takes it, {@code false} when its hub is
	 * removed
	 */
	void attached(boolean attached) {
		this.attached = attached;
		if (attached) {
			this.attachedMillis = this.clock.getAsLong();
		}
		else {
			this.detachedMillis = this.clock.getAsLong();
		}
	}

	/**
	 * Record that a join is preparing the history for a hub that has not taken it yet.
	 * @param now the wall clock, in milliseconds
	 */
	void joining(long now) {
		this.joiningMillis = now;
	}

	/**
	 * Whether a join prepared the history recently, so that it is not dropped before its
	 * hub takes it.
	 * @param now the wall clock, in milliseconds
	 * @return {@code true} within a few seconds of {@link #joining}
	 */
	boolean isJoining(long now) {
		return now - this.joiningMillis < JOINING_MILLIS;
	}

	boolean isAttached() {
		return this.attached;
	}

	long detachedMillis() {
		return this.detachedMillis;
	}

	long attachedMillis() {
		return this.attachedMillis;
	}

}
