package io.multiws.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The session counts of the other instances, as their last heartbeats reported them. An
 * instance that has not been heard from for the expiry is no longer counted, so the
 * sessions of a crashed instance disappear from the counts at most one expiry after its
 * last heartbeat.
 *
 * @author multi-ws team
 */
final class ClusterSessionCounts {

	private final ConcurrentHashMap<String, Snapshot> instances = new ConcurrentHashMap<>();

	private final long expiryNanos;

	private final LongSupplier nanoClock;

	ClusterSessionCounts(Duration expiry, LongSupplier nanoClock) {
		this.expiryNanos = expiry.toNanos();
		this.nanoClock = nanoClock;
	}

	void update(String instanceId, Map<String, Integer> counts) {
		this.instances.put(instanceId, new Snapshot(this.nanoClock.getAsLong(), Map.copyOf(counts)));
	}

	void remove(String instanceId) {
		this.instances.remove(instanceId);
	}

	/**
	 * Return the sessions of a path on the other live instances.
	 * @param path the canonical hub path
	 * @return the session count
	 */
	long count(String path) {
		long now = this.nanoClock.getAsLong();
		long count = 0;
		for (Snapshot snapshot : this.instances.values()) {
			if (isLive(snapshot, now)) {
				count += snapshot.counts().getOrDefault(path, 0);
			}
		}
		return count;
	}

	/**
	 * Return the number of other instances heard from within the expiry.
	 * @return the live instance count
	 */
	int liveInstances() {
		long now = this.nanoClock.getAsLong();
		return (int) this.instances.values().stream().filter((snapshot) -> isLive(snapshot, now)).count();
	}

	/**
	 * Forget the instances that have expired.
	 */
	void prune() {
		long now = this.nanoClock.getAsLong();
		this.instances.values().removeIf((snapshot) -> !isLive(snapshot, now));
	}

	private boolean isLive(Snapshot snapshot, long now) {
		return now - snapshot.seenNanos() <= this.expiryNanos;
	}

	@Override
	public String toString() {
		return "ClusterSessionCounts[instances=" + this.instances.keySet() + "]";
	}

	private record Snapshot(long seenNanos, Map<String, Integer> counts) {

	}

}
