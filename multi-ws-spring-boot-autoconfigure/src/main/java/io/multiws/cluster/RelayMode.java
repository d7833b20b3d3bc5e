package io.multiws.cluster;

import java.util.Locale;

/**
 * How the relay uses Redis: one server, or a Redis Cluster with classic or sharded
 * pub/sub.
 *
 * @author multi-ws team
 * @since 0.2.0
 * @see RedisWsRelay#getMode()
 */
public enum RelayMode {

	/**
	 * One Redis server (or a server behind Sentinel): {@code PUBLISH} / {@code SUBSCRIBE},
	 * and one blocking read of every history stream.
	 */
	SINGLE,

	/**
	 * A Redis Cluster with classic pub/sub, which every node forwards to every other:
	 * hash-tagged keys, so that each hub's keys share a slot, and pub/sub that adds no
	 * capacity with shards. Used for servers older than 7.0, or when sharded pub/sub is
	 * switched off.
	 */
	CLUSTER,

	/**
	 * A Redis Cluster of 7.0 or newer with sharded pub/sub ({@code SPUBLISH} /
	 * {@code SSUBSCRIBE}): each hub's channel lives on the shard that owns its slot, with
	 * its history, so that pub/sub grows with the shards.
	 */
	SHARDED;

	/**
	 * Return the name of this mode as the health and Actuator details show it.
	 * @return the lower-case name
	 */
	public String displayName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
