package io.multiws.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.Event;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The relay's own connections to a Redis Cluster, on the Lettuce client of the
 * application's {@link LettuceConnectionFactory} (Spring Data Redis has no sharded
 * pub/sub): one for commands ({@code SPUBLISH}, the probe of every master, the version
 * check) and, for the subscriptions, a cluster pub/sub connection of their own.
 *
 * @author multi-ws team
 */
final class ClusterClient {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	/**
	 * The first Redis version with sharded pub/sub.
	 */
	private static final int SHARDED_PUB_SUB_MAJOR = 7;

	private static final Duration MAX_CHECK_TIMEOUT = Duration.ofSeconds(10);

	private final LettuceConnectionFactory connectionFactory;

	private volatile @Nullable StatefulRedisClusterConnection<byte[], byte[]> connection;

	private ClusterClient(LettuceConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Return the client of a connection factory configured for a Redis Cluster.
	 * @param connectionFactory the application's connection factory
	 * @return the client, or {@code null} if the factory is not Lettuce's in cluster mode
	 */
	static @Nullable ClusterClient of(RedisConnectionFactory connectionFactory) {
		if (connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
			return new ClusterClient(lettuce);
		}
		return null;
	}

	/**
	 * Return how to use the cluster, asking every master for its version.
	 * @param shardedAllowed whether sharded pub/sub may be used
	 * @return {@link RelayMode#SHARDED} if allowed and every master is 7.0 or newer,
	 * otherwise {@link RelayMode#CLUSTER}
	 * @throws RuntimeException if a master does not answer
	 */
	RelayMode resolveMode(boolean shardedAllowed) {
		if (!shardedAllowed) {
			return RelayMode.CLUSTER;
		}
		List<String> infos = await(commands().upstream().commands().info("server").toCompletableFuture());
		for (String info : infos) {
			int major = majorVersion(info);
			if (major < SHARDED_PUB_SUB_MAJOR) {
				logger.info("A Redis Cluster master runs version " + major + ".x, before sharded pub/sub (7.0):"
						+ " the relay uses classic pub/sub");
				return RelayMode.CLUSTER;
			}
		}
		return RelayMode.SHARDED;
	}

	static int majorVersion(String info) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("redis_version:")) {
				String version = line.substring("redis_version:".length()).trim();
				int dot = version.indexOf('.');
				try {
					return Integer.parseInt((dot > 0) ? version.substring(0, dot) : version);
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 0;
	}

	/**
	 * Ask every master for a {@code PING}.
	 * @return a future that completes when every master answered
	 */
	CompletableFuture<Void> pingMasters() {
		return CompletableFuture.allOf(commands().upstream().commands().ping().futures());
	}

	/**
	 * Return the asynchronous commands of the relay's connection, connecting first if
	 * needed; Lettuce reconnects it on its own once connected.
	 * @return the commands, routed by slot
	 */
	RedisAdvancedClusterAsyncCommands<byte[], byte[]> commands() {
		StatefulRedisClusterConnection<byte[], byte[]> connection = this.connection;
		return (connection != null) ? connection.async() : connect().async();
	}

	private synchronized StatefulRedisClusterConnection<byte[], byte[]> connect() {
		StatefulRedisClusterConnection<byte[], byte[]> connection = this.connection;
		if (connection == null) {
			connection = client().connect(ByteArrayCodec.INSTANCE);
			this.connection = connection;
		}
		return connection;
	}

	/**
	 * Open a cluster pub/sub connection.
	 * @return the connection, to close by the caller
	 */
	StatefulRedisClusterPubSubConnection<byte[], byte[]> connectPubSub() {
		return client().connectPubSub(ByteArrayCodec.INSTANCE);
	}

	/**
	 * Return the events of the client's connections, such as a node's connection lost and
	 * established again.
	 * @return the events
	 */
	Flux<Event> events() {
		return client().getResources().eventBus().get();
	}

	/**
	 * Ask for the cluster's topology again, after a slot moved.
	 */
	void refreshTopology() {
		client().refreshPartitionsAsync().exceptionally((ex) -> {
			logger.debug("Could not refresh the Redis Cluster topology", ex);
			return null;
		});
	}

	private RedisClusterClient client() {
		AbstractRedisClient client = this.connectionFactory.getRequiredNativeClient();
		if (client instanceof RedisClusterClient clusterClient) {
			return clusterClient;
		}
		throw new IllegalStateException("Expected a RedisClusterClient but got " + client.getClass().getName());
	}

	private <T> T await(CompletableFuture<T> future) {
		long timeout = Math.min(this.connectionFactory.getTimeout(), MAX_CHECK_TIMEOUT.toMillis());
		try {
			return future.get(timeout, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A Redis Cluster master did not answer: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new IllegalStateException("A Redis Cluster master did not answer within " + timeout + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking the Redis Cluster masters", ex);
		}
	}

	/**
	 * Close the relay's command connection; the pub/sub connections are closed by their
	 * owners.
	 */
	synchronized void close() {
		StatefulRedisClusterConnection<byte[], byte[]> connection = this.connection;
		this.connection = null;
		if (connection != null) {
			connection.closeAsync();
		}
	}

	@Override
	public String toString() {
		return "ClusterClient[" + this.connectionFactory.getClusterConfiguration() + "]";
	}

}
