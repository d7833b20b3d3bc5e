package io.multiws.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.Subscription;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static io.multiws.cluster.ClusterThreads.daemonThreads;

/**
 * The relay's Redis subscription: the instances channel always, and the channel of every
 * hub that has a session on this instance, no other.
 * <p>
 * Hub changes are only recorded by the calling thread; one thread of its own reconciles
 * them, in batches, with the registry, which is the truth: a hub's channel is subscribed
 * exactly while the registry holds a hub for its path, whatever order the created and
 * removed notifications arrive in. That thread alone talks to Redis, so a joining session
 * never waits on it. An established connection is reconnected and resubscribed by the
 * driver (Lettuce); when a subscription call fails, the connection is dropped and a new
 * one subscribes to every live hub, after an exponential backoff.
 *
 * @author multi-ws team
 */
final class HubSubscriptions {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final RedisConnectionFactory connectionFactory;

	private final MessageListener listener;

	private final ClusterChannels channels;

	private final Predicate<String> hasLocalHub;

	private final BackOff backOff;

	private final ScheduledThreadPoolExecutor executor;

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean drainQueued = new AtomicBoolean();

	private final Set<String> paths = new HashSet<>();

	private volatile @Nullable RedisConnection connection;

	private @Nullable BackOffExecution retry;

	private @Nullable ScheduledFuture<?> pendingConnect;

	private volatile int subscribedHubs;

	private volatile boolean subscribed;

	private volatile boolean stopping;

	HubSubscriptions(RedisConnectionFactory connectionFactory, MessageListener listener, ClusterChannels channels,
			Predicate<String> hasLocalHub, BackOff backOff) {
		this.connectionFactory = connectionFactory;
		this.listener = listener;
		this.channels = channels;
		this.hasLocalHub = hasLocalHub;
		this.backOff = backOff;
		this.executor = new ScheduledThreadPoolExecutor(1, daemonThreads("multi-ws-cluster-sub-"));
		this.executor.setRemoveOnCancelPolicy(true);
	}

	void start() {
		execute(this::connect);
	}

	/**
	 * Record that the hub of a path was created or removed.
	 * @param path the canonical hub path
	 */
	void changed(String path) {
		this.changed.add(path);
		if (this.drainQueued.compareAndSet(false, true)) {
			execute(this::drain);
		}
	}

	/**
	 * Subscribe again to every channel, after Redis was unreachable.
	 */
	void resubscribe() {
		execute(this::subscribeAll);
	}

	/**
	 * Return the number of hubs whose channel is subscribed, or will be once Redis answers.
	 * @return the hub count
	 */
	int subscribedHubs() {
		return this.subscribedHubs;
	}

	/**
	 * Whether the subscription is established.
	 * @return {@code true} if it is
	 */
	boolean isSubscribed() {
		return this.subscribed;
	}

	/**
	 * Stop: interrupt a call that waits on Redis, then close the connection, which
	 * unsubscribes from every channel.
	 */
	void stop() {
		this.stopping = true;
		this.executor.shutdownNow();
		try {
			if (!this.executor.awaitTermination(2, TimeUnit.SECONDS)) {
				logger.debug("The cluster subscription thread did not stop within 2 seconds");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		close();
	}

	private void execute(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// stopped: nothing to subscribe to any more
		}
	}

	private void drain() {
		this.drainQueued.set(false);
		List<byte[]> subscribe = new ArrayList<>();
		List<byte[]> unsubscribe = new ArrayList<>();
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
		this.subscribedHubs = this.paths.size();
		Subscription subscription = liveSubscription();
		if (subscription != null) {
			try {
				if (!subscribe.isEmpty()) {
					subscription.subscribe(subscribe.toArray(byte[][]::new));
				}
				if (!unsubscribe.isEmpty()) {
					subscription.unsubscribe(unsubscribe.toArray(byte[][]::new));
				}
			}
			catch (RuntimeException ex) {
				connectionLost(ex);
			}
		}
	}

	private void subscribeAll() {
		Subscription subscription = liveSubscription();
		if (subscription == null) {
			connectNow();
			return;
		}
		try {
			subscription.subscribe(allChannels());
		}
		catch (RuntimeException ex) {
			connectionLost(ex);
		}
	}

	private void connectNow() {
		if (this.pendingConnect != null) {
			this.pendingConnect.cancel(false);
			this.pendingConnect = null;
		}
		connect();
	}

	private void connect() {
		this.pendingConnect = null;
		if (this.connection != null || this.stopping) {
			return;
		}
		RedisConnection connection = null;
		try {
			connection = this.connectionFactory.getConnection();
			connection.subscribe(this.listener, allChannels());
			this.connection = connection;
			if (this.stopping) {
				close();
				return;
			}
			connected();
		}
		catch (RuntimeException ex) {
			if (connection != null) {
				closeQuietly(connection);
			}
			retryLater(ex);
		}
	}

	private void connected() {
		this.subscribed = true;
		if (this.retry != null) {
			logger.info("Subscribed to Redis again, to the channels of " + this.paths.size() + " hubs");
		}
		this.retry = null;
	}

	private void connectionLost(RuntimeException ex) {
		RedisConnection connection = this.connection;
		this.connection = null;
		this.subscribed = false;
		if (connection != null) {
			closeQuietly(connection);
		}
		retryLater(ex);
	}

	private void retryLater(RuntimeException ex) {
		if (this.stopping) {
			return;
		}
		if (this.retry == null) {
			this.retry = this.backOff.start();
			logger.warn("Cannot subscribe to the cluster channels in Redis (" + ex
					+ "); retrying with backoff, messages from other instances are lost meanwhile");
		}
		else {
			logger.debug("Cannot subscribe to the cluster channels in Redis", ex);
		}
		if (this.pendingConnect == null) {
			this.pendingConnect = this.executor.schedule(this::connect, this.retry.nextBackOff(),
					TimeUnit.MILLISECONDS);
		}
	}

	private @Nullable Subscription liveSubscription() {
		RedisConnection connection = this.connection;
		if (connection == null) {
			return null;
		}
		Subscription subscription = connection.getSubscription();
		if (subscription == null || !subscription.isAlive()) {
			connectionLost(new IllegalStateException("Subscription closed"));
			return null;
		}
		return subscription;
	}

	private byte[][] allChannels() {
		byte[][] all = new byte[this.paths.size() + 1][];
		all[0] = this.channels.instances();
		int i = 1;
		for (String path : this.paths) {
			all[i++] = this.channels.hub(path);
		}
		return all;
	}

	private void close() {
		RedisConnection connection = this.connection;
		this.connection = null;
		this.subscribed = false;
		if (connection != null) {
			closeQuietly(connection);
		}
	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not close a Redis connection", ex);
		}
	}

	@Override
	public String toString() {
		return "HubSubscriptions[hubs=" + this.subscribedHubs + ", subscribed=" + this.subscribed + "]";
	}

}
