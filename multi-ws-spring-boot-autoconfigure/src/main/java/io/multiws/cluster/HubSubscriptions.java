package io.multiws.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static io.multiws.cluster.ClusterThreads.daemonThreads;

/**
 * The relay's Redis subscription: the instances channel always, and the channel of every
 * hub that has a session on this instance, no other.
 * <p>
 * Hub changes are only recorded by the calling thread; one thread of its own reconciles
 * them, in batches, with the registry ({@link HubChannelSet}), which is the truth: a
 * hub's channel is subscribed exactly while the registry holds a hub for its path,
 * whatever order the created and removed notifications arrive in. That thread alone talks to Redis, so a joining session
 * never waits on it. An established connection is reconnected and resubscribed by the
 * driver (Lettuce); when a subscription call fails, the connection is dropped and a new
 * one subscribes to every live hub, after an exponential backoff. With sharded pub/sub,
 * the same thread subscribes again to what the cluster's topology changes dropped
 * ({@link SubscriberLink#maintain()}), when told and every {@value #MAINTAIN_SECONDS}
 * second.
 *
 * @author multi-ws team
 */
final class HubSubscriptions {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private static final long MAINTAIN_SECONDS = 1;

	private final Connector connector;

	private final HubChannelSet hubChannels;

	private final BackOff backOff;

	private final ScheduledThreadPoolExecutor executor;

	private final AtomicBoolean drainQueued = new AtomicBoolean();

	private volatile @Nullable SubscriberLink connection;

	private @Nullable BackOffExecution retry;

	private @Nullable ScheduledFuture<?> pendingConnect;

	private volatile int subscribedHubs;

	private volatile boolean subscribed;

	private volatile boolean stopping;

	/**
	 * Create the subscriptions.
	 * @param connector opens a subscribing connection
	 * @param channels the channel names
	 * @param hasLocalHub whether the registry holds a hub for a path
	 * @param backOff the backoff between attempts to connect
	 */
	HubSubscriptions(Connector connector, ClusterChannels channels, Predicate<String> hasLocalHub, BackOff backOff) {
		this.connector = connector;
		this.hubChannels = new HubChannelSet(channels, hasLocalHub);
		this.backOff = backOff;
		this.executor = new ScheduledThreadPoolExecutor(1, daemonThreads("multi-ws-cluster-sub-"));
		this.executor.setRemoveOnCancelPolicy(true);
	}

	void start() {
		execute(this::connect);
		this.executor.scheduleWithFixedDelay(this::maintain, MAINTAIN_SECONDS, MAINTAIN_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * Record that the hub of a path was created or removed.
	 * @param path the canonical hub path
	 */
	void changed(String path) {
		this.hubChannels.changed(path);
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
	 * Subscribe again, soon, to what the cluster's topology changes dropped.
	 */
	void maintainSoon() {
		execute(this::maintain);
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
	 * Return the number of channels subscribed to but not confirmed by Redis yet.
	 * @return the channel count
	 */
	int pendingChannels() {
		SubscriberLink connection = this.connection;
		return (connection != null) ? connection.pending() : 0;
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
		this.hubChannels.reconcile(subscribe, unsubscribe);
		this.subscribedHubs = this.hubChannels.hubs();
		SubscriberLink subscription = liveSubscription();
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

	private void maintain() {
		SubscriberLink subscription = this.connection;
		if (subscription != null) {
			try {
				subscription.maintain();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not subscribe again to the channels that the cluster dropped", ex);
			}
		}
	}

	private void subscribeAll() {
		SubscriberLink subscription = liveSubscription();
		if (subscription == null) {
			connectNow();
			return;
		}
		try {
			subscription.subscribe(this.hubChannels.all());
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
		try {
			this.connection = this.connector.open(this.hubChannels.all());
			if (this.stopping) {
				close();
				return;
			}
			connected();
		}
		catch (RuntimeException ex) {
			retryLater(ex);
		}
	}

	private void connected() {
		this.subscribed = true;
		if (this.retry != null) {
			logger.info("Subscribed to Redis again, to the channels of " + this.hubChannels.hubs() + " hubs");
		}
		this.retry = null;
	}

	private void connectionLost(RuntimeException ex) {
		SubscriberLink connection = this.connection;
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

	private @Nullable SubscriberLink liveSubscription() {
		SubscriberLink connection = this.connection;
		if (connection == null) {
			return null;
		}
		if (!connection.isAlive()) {
			connectionLost(new IllegalStateException("Subscription closed"));
			return null;
		}
		return connection;
	}

	private void close() {
		SubscriberLink connection = this.connection;
		this.connection = null;
		this.subscribed = false;
		if (connection != null) {
			closeQuietly(connection);
		}
	}

	private static void closeQuietly(SubscriberLink connection) {
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

	/**
	 * Opens a subscribing connection.
	 */
	@FunctionalInterface
	interface Connector {

		/**
		 * Connect and subscribe.
		 * @param channels the channels to subscribe to
		 * @return the connection
		 * @throws RuntimeException if Redis cannot be reached
		 */
		SubscriberLink open(byte[][] channels);

	}

}
