package io.multiws.cluster;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The channels the relay's subscription should hold: the instances channel, and the
 * channel of every hub the registry holds on this instance. Any thread records the paths
 * whose hub was created or removed; the subscription thread alone reconciles them with
 * the registry, and reads the result.
 *
 * @author multi-ws team
 */
final class HubChannelSet {

	private final ClusterChannels channels;

	private final Predicate<String> hasLocalHub;

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	private final Set<String> paths = new HashSet<>();

	/**
	 * Create an empty set.
	 * @param channels the channel names
	 * @param hasLocalHub whether the registry holds a hub for a path
	 */
	HubChannelSet(ClusterChannels channels, Predicate<String> hasLocalHub) {
		this.channels = channels;
		this.hasLocalHub = hasLocalHub;
	}

	/**
	 * Record that the hub of a path was created or removed; safe from any thread.
	 * @param path the canonical hub path
	 */
	void changed(String path) {
		this.changed.add(path);
	}

	/**
	 * Reconcile the recorded changes with the registry, on the subscription thread.
	 * @param subscribe receives the channels of hubs to subscribe to
	 * @param unsubscribe receives the channels of hubs to unsubscribe from
	 */
	void reconcile(List<byte[]> subscribe, List<byte[]> unsubscribe) {
		for (Iterator<String> iterator = this.changed.iterator(); iterator.hasNext();) {
			String path = iterator.next();
			iterator.remove();
			if (this.hasLocalHub.test(path)) {
				if (this.paths.add(path)) {
					subscribe.add(this.channels.hub(path));
				}
			}
			else if (this.paths.remove(path)) {
				unsubscribe.add(this.channels.hub(path));
			}
		}
	}

	/**
	 * Return the number of hubs whose channel the subscription should hold.
	 * @return the hub count
	 */
	int hubs() {
		return this.paths.size();
	}

	/**
	 * Return every channel the subscription should hold, the instances channel first.
	 * @return the channel names
	 */
	byte[][] all() {
		byte[][] all = new byte[this.paths.size() + 1][];
		all[0] = this.channels.instances();
		int i = 1;
		for (String path : this.paths) {
			all[i++] = this.channels.hub(path);
		}
		return all;
	}

	@Override
	public String toString() {
		return "HubChannelSet[hubs=" + this.paths.size() + ", changed=" + this.changed.size() + "]";
	}

}
