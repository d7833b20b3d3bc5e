package io.multiws.actuate;

import org.jspecify.annotations.Nullable;

/**
 * The relay of the {@code multiws} endpoint's overview: how broadcasts reach the other
 * instances.
 *
 * @param mode {@code local} without a cluster relay; with the Redis relay {@code single}
 * (one Redis server), {@code cluster} (a Redis Cluster with classic pub/sub) or
 * {@code sharded} (a Redis Cluster with sharded pub/sub)
 * @param instanceId the id of this instance in the cluster, if any
 * @param otherInstances the other instances heard from, if any
 * @param redisAvailable whether Redis answers, if used
 * @param historyShared whether broadcasts to history hubs are numbered by the cluster,
 * if Redis is used
 * @author multi-ws team
 * @since 0.2.0
 */
public record RelayDescriptor(String mode, @Nullable String instanceId, @Nullable Integer otherInstances,
		@Nullable Boolean redisAvailable, @Nullable Boolean historyShared) {

	/**
	 * The in-process relay of an application without a cluster.
	 */
	public static final RelayDescriptor LOCAL = new RelayDescriptor("local", null, null, null, null);

}
