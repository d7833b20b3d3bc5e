package io.multiws.core;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The read pacing of one publishing session: how many recipients its broadcasts have
 * filled past their high-water mark, and whether its connection's reads are paused
 * until they all drain below their low-water mark.
 * <p>
 * A recipient holds the publisher whose callback is running on the current thread
 * ({@link #current()}); the publisher pauses its reads once that callback returns
 * ({@link #afterCallback()}), so a container only ever pauses the connection whose
 * message it has just processed, and the recipients release it from their writers.
 *
 * @author multi-ws team
 */
final class InboundPacing {

	private static final ThreadLocal<@Nullable InboundPacing> CURRENT = new ThreadLocal<>();

	private final AtomicInteger holds = new AtomicInteger();

	private final Object lock = new Object();

	private WsReadPacing reads = WsReadPacing.NONE;

	private boolean paused;

	private boolean stopped;

	/**
	 * Return the pacing of the session whose callback runs on this thread, if any.
	 * @return the pacing, or {@code null} outside a callback
	 */
	static @Nullable InboundPacing current() {
		return CURRENT.get();
	}

	void reads(WsReadPacing reads) {
		this.reads = reads;
	}

	boolean canPause() {
		return this.reads != WsReadPacing.NONE;
	}

	/**
	 * Mark the start of one of this session's callbacks on the current thread.
	 * @return the pacing that was current before, to restore
	 */
	@Nullable InboundPacing enter() {
		InboundPacing previous = CURRENT.get();
		CURRENT.set(this);
		return previous;
	}

	/**
	 * Mark the end of the callback, pausing reads if a recipient holds this session.
	 * @param previous what {@link #enter()} returned
	 */
	void exit(@Nullable InboundPacing previous) {
		CURRENT.set(previous);
		if (this.holds.get() > 0) {
			afterCallback();
		}
	}

	/**
	 * Pause reads now if a recipient holds this session: for a frame read outside the
	 * callbacks, such as a ping, on the thread that read it.
	 */
	void pauseIfHeld() {
		if (this.holds.get() > 0) {
			afterCallback();
		}
	}

	private void afterCallback() {
		synchronized (this.lock) {
			if (!this.paused && this.holds.get() > 0) {
				this.paused = true;
				this.reads.pauseReading();
			}
		}
	}

	/**
	 * Pause reads for good: no recipient's release resumes them.
	 */
	void stop() {
		synchronized (this.lock) {
			if (!this.stopped) {
				this.stopped = true;
				boolean paused = this.paused;
				this.paused = true;
				this.reads.stopReading(paused);
			}
		}
	}

	/**
	 * Called by a recipient, under its own lock, when this session's broadcast filled it
	 * past its high-water mark.
	 */
	void hold() {
		this.holds.incrementAndGet();
	}

	/**
	 * Called by a recipient that drained below its low-water mark, or closed.
	 */
	void release() {
		if (this.holds.decrementAndGet() == 0) {
			synchronized (this.lock) {
				if (this.paused && !this.stopped && this.holds.get() == 0) {
					this.paused = false;
					this.reads.resumeReading();
				}
			}
		}
	}

	/**
	 * Whether reads are paused now.
	 * @return {@code true} while paused
	 */
	boolean isPaused() {
		synchronized (this.lock) {
			return this.paused;
		}
	}

	@Override
	public String toString() {
		return "InboundPacing[holds=" + this.holds.get() + ", paused=" + this.paused + ", stopped=" + this.stopped
				+ "]";
	}

}
