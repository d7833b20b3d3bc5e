package io.multiws.cluster;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Opens the relay's connections to Redis, on one server or on a Redis Cluster: the link
 * that publishes and the links that subscribe, by classic or sharded pub/sub. Which one a
 * cluster takes is resolved once, when the relay first reaches it (sharded pub/sub needs
 * every master on Redis 7.0 or newer, and the setting to allow it), and logged.
 *
 * @author multi-ws team
 */
final class RelayLinks {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final RedisConnectionFactory connectionFactory;

	private final @Nullable ClusterClient cluster;

	private final boolean shardedPubSub;

	private volatile @Nullable RelayMode resolvedMode;

	/**
	 * Create the links.
	 * @param connectionFactory the Redis connection factory, also reactive
	 * @param shardedPubSub whether to use sharded pub/sub on a Redis Cluster whose masters
	 * all have it
	 */
	RelayLinks(RedisConnectionFactory connectionFactory, boolean shardedPubSub) {
		this.connectionFactory = connectionFactory;
		this.cluster = ClusterClient.of(connectionFactory);
		this.shardedPubSub = shardedPubSub;
	}

	/**
	 * Whether the connection factory is configured for a Redis Cluster.
	 * @return {@code true} on a cluster
	 */
	boolean isCluster() {
		return this.cluster != null;
	}

	/**
	 * Return how the relay uses Redis; {@link RelayMode#CLUSTER} until a cluster's mode is
	 * resolved.
	 * @return the mode
	 */
	RelayMode mode() {
		RelayMode mode = this.resolvedMode;
		if (mode != null) {
			return mode;
		}
		return (this.cluster != null) ? RelayMode.CLUSTER : RelayMode.SINGLE;
	}

	private synchronized RelayMode resolveMode() {
		RelayMode mode = this.resolvedMode;
		if (mode == null) {
			ClusterClient cluster = this.cluster;
			mode = (cluster != null) ? cluster.resolveMode(this.shardedPubSub) : RelayMode.SINGLE;
			this.resolvedMode = mode;
			if (cluster != null) {
				logger.info("multi-ws cluster relay on a Redis Cluster: "
						+ ((mode == RelayMode.SHARDED) ? "sharded pub/sub (SPUBLISH/SSUBSCRIBE)" : "classic pub/sub")
						+ ", hub keys hash-tagged by path");
			}
		}
		return mode;
	}

	/**
	 * Open the link that publishes.
	 * @return the link
	 */
	PublishLink openPublishLink() {
		RelayMode mode = resolveMode();
		return new PublishLink(((ReactiveRedisConnectionFactory) this.connectionFactory).getReactiveConnection(),
				this.cluster, mode == RelayMode.SHARDED);
	}

	/**
	 * Open a link that subscribes.
	 * @param channels the channels to subscribe to
	 * @param sink receives the messages
	 * @param maintainSoon asks for the link to be maintained, after a topology change
	 * @return the link
	 */
	SubscriberLink openSubscriberLink(byte[][] channels, SubscriberLink.MessageSink sink, Runnable maintainSoon) {
		RelayMode mode = resolveMode();
		ClusterClient cluster = this.cluster;
		if (mode == RelayMode.SHARDED && cluster != null) {
			return ShardedSubscriberLink.open(cluster, sink, maintainSoon, channels);
		}
		return ClassicSubscriberLink.open(this.connectionFactory, sink, channels);
	}

	/**
	 * Close the cluster's client, if any.
	 */
	void close() {
		ClusterClient cluster = this.cluster;
		if (cluster != null) {
			cluster.close();
		}
	}

	@Override
	public String toString() {
		return "RelayLinks[mode=" + mode().displayName() + "]";
	}

}
