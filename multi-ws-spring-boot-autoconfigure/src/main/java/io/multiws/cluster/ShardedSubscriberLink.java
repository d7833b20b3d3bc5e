package io.multiws.cluster;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Sharded pub/sub ({@code SSUBSCRIBE}) on a Lettuce cluster pub/sub connection: each
 * channel is subscribed on the node that owns its slot, one command per channel (Redis
 * refuses one {@code SSUBSCRIBE} across slots).
 * <p>
 * The link keeps the channels it wants and which of them Redis confirmed, and subscribes
 * again, from {@link #maintain()}, to each one that lost its subscription: when Redis
 * says so ({@code SUNSUBSCRIBE} of a slot that moved, after which the topology is read
 * again), when the connection to a node went away (a shard restarted), or when a
 * subscription failed. The driver's own resubscription after a reconnect sends every
 * channel of a node at once, which Redis refuses across slots; the link does not rely on
 * it. Messages published on a channel while it has no subscription are lost, as any
 * broadcast while Redis cannot be reached.
 *
 * @author multi-ws team
 */
final class ShardedSubscriberLink extends RedisClusterPubSubAdapter<byte[], byte[]> implements SubscriberLink {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private static final long REFRESH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final ClusterClient cluster;

	private final StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;

	private final MessageSink sink;

	private final Runnable maintainSoon;

	private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

	private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - REFRESH_INTERVAL_NANOS);

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

	private final Disposable events;

	private ShardedSubscriberLink(ClusterClient cluster, MessageSink sink, Runnable maintainSoon) {
		this.cluster = cluster;
		this.sink = sink;
		this.maintainSoon = maintainSoon;
		this.connection = cluster.connectPubSub();
		this.connection.addListener(this);
		this.events = cluster.events().subscribe((event) -> {
			// Only a connection that was lost is reconnected, one closed on purpose is not
			if (event instanceof ReconnectAttemptEvent reconnecting) {
				nodeLost(reconnecting.remoteAddress());
			}
			else if (event instanceof ConnectionActivatedEvent) {
				this.maintainSoon.run();
			}
		});
	}

	/**
	 * Connect and subscribe.
	 * @param cluster the cluster's client
	 * @param sink receives the messages
	 * @param maintainSoon asks the subscription thread to call {@link #maintain()}
	 * @param channels the first channels
	 * @return the link
	 */
	static ShardedSubscriberLink open(ClusterClient cluster, MessageSink sink, Runnable maintainSoon,
			byte[][] channels) {
		ShardedSubscriberLink link = new ShardedSubscriberLink(cluster, sink, maintainSoon);
		try {
			link.subscribe(channels);
			return link;
		}
		catch (RuntimeException ex) {
			link.close();
			throw ex;
		}
	}

	@Override
	public void subscribe(byte[][] channels) {
		for (byte[] name : channels) {
			Channel channel = new Channel(name);
			Channel previous = this.channels.putIfAbsent(key(name), channel);
			send((previous != null) ? previous : channel);
		}
	}

	private void send(Channel channel) {
		channel.confirmed = false;
		channel.inFlight = true;
		this.connection.async().ssubscribe(channel.name).whenComplete((done, ex) -> {
			channel.inFlight = false;
			if (ex != null) {
				logger.debug("Could not subscribe to " + channel, ex);
			}
		});
	}

	@Override
	public void unsubscribe(byte[][] channels) {
		for (byte[] name : channels) {
			if (this.channels.remove(key(name)) != null) {
				this.connection.async().sunsubscribe(name);
			}
		}
	}

	@Override
	public void maintain() {
		for (Channel channel : this.channels.values()) {
			if (!channel.confirmed && !channel.inFlight) {
				send(channel);
			}
		}
	}

	@Override
	public int pending() {
		int pending = 0;
		for (Channel channel : this.channels.values()) {
			if (!channel.confirmed) {
				pending++;
			}
		}
		return pending;
	}

	@Override
	public boolean isAlive() {
		return this.connection.isOpen();
	}

	@Override
	public void close() {
		this.events.dispose();
		this.connection.removeListener(this);
		this.connection.closeAsync();
	}

	// Notifications, on the driver's threads

	@Override
	public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
		this.sink.accept(channel, message);
	}

	@Override
	public void ssubscribed(@Nullable RedisClusterNode node, byte[] name, long count) {
		Channel channel = this.channels.get(key(name));
		if (channel != null) {
			RedisURI uri = (node != null) ? node.getUri() : null;
			channel.port = (uri != null) ? uri.getPort() : Channel.UNKNOWN_PORT;
			channel.confirmed = true;
			this.sink.subscribed(name);
		}
	}

	@Override
	public void sunsubscribed(@Nullable RedisClusterNode node, byte[] name, long count) {
		Channel channel = this.channels.get(key(name));
		if (channel != null && channel.confirmed) {
			// Not asked for: the slot moved to another node, which the topology will say
			logger.debug("Redis unsubscribed " + channel + " (its slot moved): subscribing again");
			channel.confirmed = false;
			refreshTopology();
			this.maintainSoon.run();
		}
	}

	private void nodeLost(SocketAddress address) {
		int port = (address instanceof InetSocketAddress inet) ? inet.getPort() : Channel.UNKNOWN_PORT;
		int lost = 0;
		for (Channel channel : this.channels.values()) {
			// By port alone: a host may be named or numbered; at worst a few channels are subscribed again
			if (channel.confirmed
					&& (port == Channel.UNKNOWN_PORT || channel.port == Channel.UNKNOWN_PORT || channel.port == port)) {
				channel.confirmed = false;
				channel.inFlight = false;
				lost++;
			}
		}
		if (lost > 0) {
			String message = "Lost the connection to Redis Cluster node " + address + ": " + lost
					+ " sharded subscriptions are made again once it answers; messages published on them meanwhile"
					+ " are lost";
			// Every connection to the node says so, one after the other: once is enough
			long now = System.nanoTime();
			long last = this.lastWarning.get();
			if (now - last >= WARNING_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
			this.maintainSoon.run();
		}
	}

	private void refreshTopology() {
		long now = System.nanoTime();
		long last = this.lastRefresh.get();
		if (now - last >= REFRESH_INTERVAL_NANOS && this.lastRefresh.compareAndSet(last, now)) {
			this.cluster.refreshTopology();
		}
	}

	private static String key(byte[] name) {
		return new String(name, StandardCharsets.ISO_8859_1);
	}

	@Override
	public String toString() {
		return "ShardedSubscriberLink[channels=" + this.channels.size() + ", pending=" + pending() + "]";
	}

	/**
	 * A channel the link wants, and what Redis said of it.
	 */
	private static final class Channel {

		static final int UNKNOWN_PORT = -1;

		final byte[] name;

		volatile boolean confirmed;

		volatile boolean inFlight;

		volatile int port = UNKNOWN_PORT;

		Channel(byte[] name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return "channel " + new String(this.name, StandardCharsets.UTF_8);
		}

	}

}
