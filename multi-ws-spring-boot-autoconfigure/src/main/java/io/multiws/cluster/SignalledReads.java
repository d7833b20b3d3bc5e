package io.multiws.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which history streams the reader takes next on a Redis Cluster, where one {@code XREAD}
 * cannot span slots and so cannot block on every stream at once: those signalled since
 * the last read (a broadcast was added, a subscription was confirmed), those of hubs it
 * never read, and every one at each sweep, which catches a signal lost while a
 * subscription was down. Signals come from any thread; the rest is the reader's.
 *
 * @author multi-ws team
 */
final class SignalledReads {

	private final long sweepNanos;

	private final Object monitor;

	private final Set<String> signalled = ConcurrentHashMap.newKeySet();

	private final Set<String> read = new HashSet<>();

	private volatile boolean sweepNow;

	private long lastSweepNanos;

	/**
	 * Create the reads of one history.
	 * @param sweep the interval between reads of every stream
	 * @param monitor the monitor the reader waits on, also notified by joins
	 */
	SignalledReads(Duration sweep, Object monitor) {
		this.sweepNanos = sweep.toNanos();
		this.monitor = monitor;
	}

	/**
	 * Read the stream of a hub soon.
	 * @param path the canonical hub path
	 */
	void signal(String path) {
		this.signalled.add(path);
		wakeUp();
	}

	/**
	 * Read every stream soon.
	 */
	void signalAll() {
		this.sweepNow = true;
		wakeUp();
	}

	private void wakeUp() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	/**
	 * Return the streams to read now, of the live history hubs.
	 * @param live the paths of the live history hubs
	 * @return the paths to read, empty if there is nothing to read yet
	 */
	List<String> due(Set<String> live) {
		long now = System.nanoTime();
		List<String> due = new ArrayList<>();
		if (this.sweepNow || now - this.lastSweepNanos >= this.sweepNanos) {
			this.sweepNow = false;
			this.lastSweepNanos = now;
			this.signalled.clear();
			due.addAll(live);
		}
		else {
			for (Iterator<String> iterator = this.signalled.iterator(); iterator.hasNext();) {
				String path = iterator.next();
				iterator.remove();
				if (live.contains(path)) {
					due.add(path);
				}
			}
			for (String path : live) {
				if (!this.read.contains(path) && !due.contains(path)) {
					due.add(path);
				}
			}
		}
		this.read.retainAll(live);
		return due;
	}

	/**
	 * Record that a stream was read.
	 * @param path the canonical hub path
	 * @param more whether the read stopped at its count, with more to read
	 */
	void read(String path, boolean more) {
		this.read.add(path);
		if (more) {
			this.signalled.add(path);
		}
	}

	/**
	 * Wait for a signal, at most until the next sweep.
	 * @throws InterruptedException if interrupted
	 */
	void await() throws InterruptedException {
		long nanos = this.sweepNanos - (System.nanoTime() - this.lastSweepNanos);
		synchronized (this.monitor) {
			if (this.signalled.isEmpty() && !this.sweepNow && nanos > 0) {
				TimeUnit.NANOSECONDS.timedWait(this.monitor, nanos);
			}
		}
	}

	@Override
	public String toString() {
		return "SignalledReads[signalled=" + this.signalled.size() + ", sweep=" + Duration.ofNanos(this.sweepNanos)
				+ "]";
	}

}
