package io.multiws.cluster;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * What the publisher sends on: the application's reactive connection for {@code PUBLISH}
 * and scripts, and on a Redis Cluster the relay's own connection, for {@code SPUBLISH}
 * with sharded pub/sub and for a probe that reaches every master. No method blocks
 * except {@link #close}.
 *
 * @author multi-ws team
 */
final class PublishLink {

	private final ReactiveRedisConnection connection;

	private final @Nullable ClusterClient cluster;

	private final boolean sharded;

	/**
	 * Create a link.
	 * @param connection the reactive connection
	 * @param cluster the cluster's client, {@code null} for one server
	 * @param sharded whether to publish with {@code SPUBLISH}
	 */
	PublishLink(ReactiveRedisConnection connection, @Nullable ClusterClient cluster, boolean sharded) {
		this.connection = connection;
		this.cluster = cluster;
		this.sharded = sharded && cluster != null;
	}

	void publish(byte[] channel, byte[] message, Runnable done, Consumer<Throwable> failed) {
		if (this.sharded) {
			requiredCluster().commands().spublish(channel, message).whenComplete((receivers, ex) -> {
				if (ex == null) {
					done.run();
				}
				else {
					failed.accept(ex);
				}
			});
		}
		else {
			this.connection.pubSubCommands()
				.publish(ByteBuffer.wrap(channel), ByteBuffer.wrap(message))
				.subscribe(null, failed, done);
		}
	}

	/**
	 * Publish a heartbeat that doubles as a probe: on a cluster, every master must answer
	 * too, so that a shard that stopped answering is noticed whichever shard the heartbeat
	 * went to.
	 * @param channel the channel
	 * @param message the heartbeat
	 * @return a future that completes when Redis answered
	 */
	CompletableFuture<?> probe(byte[] channel, byte[] message) {
		CompletableFuture<?> published = this.sharded
				? requiredCluster().commands().spublish(channel, message).toCompletableFuture()
				: this.connection.pubSubCommands().publish(ByteBuffer.wrap(channel), ByteBuffer.wrap(message)).toFuture();
		return (this.cluster != null) ? CompletableFuture.allOf(published, this.cluster.pingMasters()) : published;
	}

	void eval(ByteBuffer script, int numKeys, ByteBuffer[] keysAndArgs, Runnable done, Consumer<Throwable> failed) {
		this.connection.scriptingCommands()
			.eval(script.duplicate(), ReturnType.INTEGER, numKeys, keysAndArgs)
			.subscribe(null, failed, done);
	}

	/**
	 * Publish a last message and wait briefly for it, then release the connection.
	 * @param channel the channel
	 * @param message the message, or {@code null} for none
	 * @param timeout how long to wait
	 */
	void close(byte[] channel, byte @Nullable [] message, Duration timeout) {
		if (message != null) {
			publishAndWait(channel, message, timeout);
		}
		this.connection.closeLater().block(timeout);
	}

	private void publishAndWait(byte[] channel, byte[] message, Duration timeout) {
		if (this.sharded) {
			requiredCluster().commands()
				.spublish(channel, message)
				.toCompletableFuture()
				.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
				.join();
		}
		else {
			this.connection.pubSubCommands().publish(ByteBuffer.wrap(channel), ByteBuffer.wrap(message)).block(timeout);
		}
	}

	private ClusterClient requiredCluster() {
		ClusterClient cluster = this.cluster;
		if (cluster == null) {
			throw new IllegalStateException("Not a Redis Cluster");
		}
		return cluster;
	}

	@Override
	public String toString() {
		return "PublishLink[" + (this.sharded ? "sharded" : (this.cluster != null) ? "cluster" : "single") + "]";
	}

}
