package io.multiws.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.multiws.core.DefaultWsHubs;
import io.multiws.history.HubFeatureSettings;
import io.multiws.history.HubHistory;
import io.multiws.history.HubPresence;
import io.multiws.history.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.backoff.ExponentialBackOff;

import static io.multiws.cluster.ClusterThreads.daemonThreads;

/**
 * A {@link WsRelay} that spans every instance of the application that shares a Redis
 * server and a channel prefix, through Redis pub/sub (Spring Data Redis on Lettuce).
 * <p>
 * A broadcast is delivered to this instance's sessions at once and published, as a
 * compact binary envelope that keeps the payload's kind (text or binary) and names this
 * instance, on the channel of its hub; every instance with a session on that hub delivers
 * it to its own sessions, and the publisher ignores its own message coming back, so each
 * session gets each broadcast once. An instance subscribes to a hub's channel only while
 * it has a session on that hub. A broadcast reaches the other instances even from an
 * instance with no session on the path.
 * <p>
 * Delivery to other instances is <em>at most once</em>: a broadcast made while Redis is
 * unreachable, or while {@code maxPendingPublishes} broadcasts already wait for Redis, is
 * dropped and counted by {@link #getLostMessages()}; one made while this instance has not
 * yet noticed an outage may still arrive once Redis is back. Nothing is queued beyond that
 * bound, and the broadcasting thread never waits on Redis.
 * <p>
 * Each instance publishes its session counts with every heartbeat, so
 * {@link io.multiws.hub.WsHubs#sessionCount(String)} counts the sessions of every
 * instance: a change on another instance shows after at most one heartbeat interval, and
 * the sessions of a crashed instance stop being counted one instance expiry after its
 * last heartbeat (an instance that stops cleanly says so, and is dropped at once).
 *
 * <p>
 * The broadcasts of a hub whose endpoint keeps a history take another path, through a
 * Redis stream per hub that numbers them for the whole cluster and delivers them exactly
 * once and in order on every instance (see {@link ClusterHistory}); while Redis cannot be
 * reached they are numbered and kept by each instance ({@link #isHistoryShared()}).
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class RedisWsRelay implements WsRelay, SharedHistory, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	/**
	 * The lifecycle phase: started before the registry and stopped after it, so that the
	 * hubs removed on shutdown unsubscribe first.
	 */
	public static final int PHASE = DefaultWsHubs.PHASE - 1;

	private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(1);

	private final Settings settings;

	private final byte[] instanceId;

	private final ClusterChannels channels;

	private final Supplier<DefaultWsHubs> hubsSupplier;

	private final ClusterSessionCounts counts;

	private final RedisPublisher publisher;

	private final HubSubscriptions subscriptions;

	private final ScheduledThreadPoolExecutor heartbeats;

	private final LongAdder received = new LongAdder();

	private final ClusterHistory history;

	private final ClusterPresence presence;

	private volatile @Nullable DefaultWsHubs hubs;

	private volatile boolean running;

	private boolean presenceShared;

	/**
	 * Create a relay.
	 * @param connectionFactory the Redis connection factory, also reactive (Lettuce's is)
	 * @param hubs the registry, looked up when first needed since it needs this relay
	 * @param settings the settings
	 */
	public RedisWsRelay(RedisConnectionFactory connectionFactory, Supplier<DefaultWsHubs> hubs, Settings settings) {
		Assert.isInstanceOf(ReactiveRedisConnectionFactory.class, connectionFactory,
				"multi-ws.cluster needs a RedisConnectionFactory that is also reactive (Lettuce's is)");
		this.settings = settings;
		this.instanceId = ClusterEnvelope.instanceId(settings.instanceId());
		this.channels = new ClusterChannels(settings.channelPrefix());
		this.hubsSupplier = hubs;
		this.counts = new ClusterSessionCounts(settings.instanceExpiry(), System::nanoTime);
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
		backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
		this.publisher = new RedisPublisher((ReactiveRedisConnectionFactory) connectionFactory,
				settings.maxPendingPublishes(), settings.heartbeatInterval(), backOff, this::recovered);
		this.subscriptions = new HubSubscriptions(connectionFactory, this::onMessage, this.channels, this::hasLocalHub,
				backOff);
		this.heartbeats = new ScheduledThreadPoolExecutor(1, daemonThreads("multi-ws-cluster-"));
		this.presence = new ClusterPresence(settings.instanceExpiry(), System::nanoTime);
		this.history = new ClusterHistory(connectionFactory, this.publisher, settings.channelPrefix(), this.instanceId,
				this::registry, settings.historyDeliveryMargin());
	}

	// Relay

	@Override
	public int broadcast(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local) {
		HubFeatureSettings historySettings = this.history.settingsOf(path);
		if (historySettings != null) {
			return this.history.broadcast(path, historySettings, payload, excluded, local);
		}
		int delivered = local.deliver(path, payload, excluded);
		this.publisher.publish(this.channels.hub(path), ClusterEnvelope.payload(this.instanceId, payload));
		return delivered;
	}

	@Override
	public int sendToUser(String name, WsPayload payload, UserDelivery local) {
		int delivered = local.deliver(name, payload);
		this.publisher.publish(this.channels.instances(), ClusterEnvelope.user(this.instanceId, name, payload));
		return delivered;
	}

	@Override
	public CompletionStage<Void> catchUp(HubHistory history) {
		return this.history.catchUp(history);
	}

	@Override
	public void hubCreated(WsHub hub) {
		this.subscriptions.changed(hub.path());
	}

	@Override
	public void hubRemoved(WsHub hub) {
		this.subscriptions.changed(hub.path());
	}

	@Override
	public long sessionCount(String path, int localCount) {
		return localCount + this.counts.count(path);
	}

	private void onMessage(Message message, byte @Nullable [] pattern) {
		ClusterEnvelope envelope = ClusterEnvelope.decode(message.getBody());
		if (envelope == null || envelope.isFrom(this.instanceId)) {
			return;
		}
		try {
			switch (envelope.kind()) {
				case ClusterEnvelope.TEXT, ClusterEnvelope.BINARY -> deliver(message.getChannel(), envelope);
				case ClusterEnvelope.COUNTS -> updateCounts(envelope);
				case ClusterEnvelope.LEAVE -> {
					this.counts.remove(envelope.instanceId());
					this.presence.remove(envelope.instanceId());
					applyPresence();
				}
				case ClusterEnvelope.PRESENCE -> updatePresence(envelope);
				case ClusterEnvelope.USER -> sendToLocalUser(envelope);
				default -> logger.debug("Ignored " + envelope);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not handle " + envelope, ex);
		}
	}

	private void deliver(byte[] channel, ClusterEnvelope envelope) {
		String path = this.channels.path(channel);
		if (path != null) {
			this.received.increment();
			registry().deliverLocally(path, envelope.payload(), null);
		}
	}

	private void updateCounts(ClusterEnvelope envelope) {
		Map<String, Integer> counts = envelope.counts();
		if (counts != null) {
			this.counts.update(envelope.instanceId(), counts);
		}
	}

	private void updatePresence(ClusterEnvelope envelope) {
		Object reported = registry().encoder().jsonCodec().read(envelope.json(), Map.class);
		if (reported instanceof Map<?, ?> paths) {
			this.presence.update(envelope.instanceId(), paths);
			applyPresence();
		}
	}

	private void applyPresence() {
		registry().features().presences().forEach((path, local) -> local.remoteMembers(this.presence.members(path)));
	}

	private void sendToLocalUser(ClusterEnvelope envelope) {
		ClusterEnvelope.UserSend send = envelope.userSend();
		if (send != null) {
			registry().features().sendToUser(send.name(), send.payload());
		}
	}

	private boolean hasLocalHub(String path) {
		return registry().find(path).isPresent();
	}

	private DefaultWsHubs registry() {
		DefaultWsHubs hubs = this.hubs;
		if (hubs == null) {
			hubs = this.hubsSupplier.get();
			this.hubs = hubs;
		}
		return hubs;
	}

	// Heartbeat

	private void heartbeat() {
		try {
			this.publisher.heartbeat(this.channels.instances(), ClusterEnvelope.counts(this.instanceId, localCounts()));
			this.counts.prune();
			publishPresence();
		}
		catch (RuntimeException ex) {
			logger.warn("multi-ws cluster heartbeat failed", ex);
		}
	}

	private void publishPresence() {
		Map<String, HubPresence> presences = registry().features().presences();
		if (!presences.isEmpty() || this.presenceShared) {
			// Once more after the last hub with presence is gone, so that the others drop it now
			this.presenceShared = !presences.isEmpty();
			String json = registry().encoder().jsonCodec().write(ClusterPresence.local(presences));
			this.publisher.publish(this.channels.instances(), ClusterEnvelope.presence(this.instanceId, json));
		}
		this.presence.prune();
		applyPresence();
	}

	private Map<String, Integer> localCounts() {
		Map<String, Integer> counts = new HashMap<>();
		for (WsHub hub : registry().hubs()) {
			counts.put(hub.path(), hub.size());
		}
		return counts;
	}

	private void recovered() {
		this.subscriptions.resubscribe();
	}

	// Lifecycle

	@Override
	public void start() {
		this.subscriptions.start();
		this.history.start();
		long interval = this.settings.heartbeatInterval().toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
		this.running = true;
		logger.info("multi-ws cluster relay started: instance '" + this.settings.instanceId() + "', channels "
				+ this.channels.hubName("/") + "...");
	}

	@Override
	public void stop() {
		this.history.stop();
		this.heartbeats.shutdownNow();
		this.subscriptions.stop();
		this.publisher.close(this.channels.instances(), ClusterEnvelope.leave(this.instanceId), LEAVE_TIMEOUT);
		this.running = false;
	}

	@Override
	public void destroy() {
		this.history.stop();
		this.heartbeats.shutdownNow();
		this.subscriptions.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	// Monitoring

	/**
	 * Return the id of this instance in the cluster.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.settings.instanceId();
	}

	/**
	 * Return the Redis channel of a hub.
	 * @param path the canonical hub path
	 * @return the channel name
	 */
	public String getHubChannel(String path) {
		return this.channels.hubName(path);
	}

	/**
	 * Return the number of broadcasts that did not reach Redis: made while it was
	 * unreachable or while too many publishes were pending, or refused by Redis.
	 * @return the lost broadcast count since start
	 */
	public long getLostMessages() {
		return this.publisher.lost();
	}

	/**
	 * Return the number of broadcasts that Redis acknowledged.
	 * @return the published broadcast count since start
	 */
	public long getPublishedMessages() {
		return this.publisher.published();
	}

	/**
	 * Return the number of broadcasts received from other instances for a local hub.
	 * @return the received broadcast count since start
	 */
	public long getReceivedMessages() {
		return this.received.sum();
	}

	/**
	 * Return when Redis stopped answering, if it does not answer now.
	 * @return the start of the current outage, or {@code null} if Redis answers or this
	 * instance has not reached it yet
	 */
	public @Nullable Instant getUnavailableSince() {
		return this.publisher.downSince();
	}

	/**
	 * Whether Redis answered the last heartbeat, so that broadcasts are published.
	 * @return {@code true} if broadcasts reach Redis
	 */
	public boolean isRedisAvailable() {
		return this.publisher.isAvailable();
	}

	/**
	 * Return the number of hubs whose channel this instance subscribes to.
	 * @return the hub count
	 */
	public int getSubscribedHubs() {
		return this.subscriptions.subscribedHubs();
	}

	/**
	 * Whether this instance's subscription to Redis is established.
	 * @return {@code true} if messages from other instances are received
	 */
	public boolean isSubscribed() {
		return this.subscriptions.isSubscribed();
	}

	/**
	 * Return the number of other instances heard from within the instance expiry.
	 * @return the instance count
	 */
	public int getOtherInstances() {
		return this.counts.liveInstances();
	}

	/**
	 * Whether the history of history hubs is shared by the cluster: {@code false} while
	 * Redis cannot be reached, when each instance keeps and numbers its own.
	 * @return {@code true} if broadcasts to history hubs are numbered by Redis
	 * @since 0.2.0
	 */
	public boolean isHistoryShared() {
		return this.history.isShared();
	}

	/**
	 * Return the number of broadcasts to history hubs numbered and delivered by this
	 * instance alone, because Redis could not be reached.
	 * @return the count since start
	 * @since 0.2.0
	 */
	public long getLocalHistoryBroadcasts() {
		return this.history.localBroadcasts();
	}

	/**
	 * Return the number of broadcasts to history hubs dropped because they would not fit
	 * their Redis stream's byte bound on their own.
	 * @return the count since start
	 * @since 0.2.0
	 */
	public long getOversizedHistoryBroadcasts() {
		return this.history.oversizedBroadcasts();
	}

	/**
	 * Return the most the Redis stream of a hub's history holds, as Redis counts its
	 * memory: the history's {@code max-bytes} and the delivery margin.
	 * @param settings the settings of the hub's endpoint
	 * @return the bound in bytes
	 * @since 0.2.0
	 */
	public long getHistoryStreamBytes(HubFeatureSettings settings) {
		return this.history.streamBytes(settings);
	}

	/**
	 * Return the Redis stream that keeps the history of a hub.
	 * @param path the canonical hub path
	 * @return the stream key
	 * @since 0.2.0
	 */
	public String getHistoryStream(String path) {
		return this.history.streamKey(path);
	}

	@Override
	public String toString() {
		return "RedisWsRelay[instance=" + this.settings.instanceId() + ", " + this.publisher + ", "
				+ this.subscriptions + "]";
	}

	/**
	 * The settings of a relay.
	 *
	 * @param channelPrefix the prefix of every channel
	 * @param instanceId the id of this instance, unique in the cluster
	 * @param heartbeatInterval the interval between heartbeats
	 * @param instanceExpiry the time after which a silent instance is no longer counted
	 * @param maxPendingPublishes the maximum number of unacknowledged publishes
	 * @param maxRetryInterval the maximum interval between connection attempts
	 * @param historyDeliveryMargin the bytes a history hub's Redis stream keeps beyond its
	 * history, for instances that read late
	 */
	public record Settings(String channelPrefix, String instanceId, Duration heartbeatInterval,
			Duration instanceExpiry, int maxPendingPublishes, Duration maxRetryInterval, long historyDeliveryMargin) {

		/**
		 * The bytes a history hub's Redis stream keeps beyond its history unless set.
		 */
		public static final long DEFAULT_HISTORY_DELIVERY_MARGIN = 1024 * 1024;

		/**
		 * Create settings with the default history delivery margin.
		 * @param channelPrefix the prefix of every channel
		 * @param instanceId the id of this instance, unique in the cluster
		 * @param heartbeatInterval the interval between heartbeats
		 * @param instanceExpiry the time after which a silent instance is no longer counted
		 * @param maxPendingPublishes the maximum number of unacknowledged publishes
		 * @param maxRetryInterval the maximum interval between connection attempts
		 */
		public Settings(String channelPrefix, String instanceId, Duration heartbeatInterval, Duration instanceExpiry,
				int maxPendingPublishes, Duration maxRetryInterval) {
			this(channelPrefix, instanceId, heartbeatInterval, instanceExpiry, maxPendingPublishes, maxRetryInterval,
					DEFAULT_HISTORY_DELIVERY_MARGIN);
		}

		/**
		 * Validate the settings.
		 */
		public Settings {
			Assert.hasText(channelPrefix, "'multi-ws.cluster.channel-prefix' must not be empty");
			Assert.isTrue(!heartbeatInterval.isNegative() && !heartbeatInterval.isZero(),
					"'multi-ws.cluster.heartbeat-interval' must be positive");
			Assert.isTrue(instanceExpiry.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
					"'multi-ws.cluster.instance-expiry' (" + instanceExpiry
							+ ") must be at least twice 'multi-ws.cluster.heartbeat-interval' (" + heartbeatInterval
							+ ")");
			Assert.isTrue(maxPendingPublishes > 0, "'multi-ws.cluster.max-pending-publishes' must be positive");
			Assert.isTrue(maxRetryInterval.toMillis() >= 100,
					"'multi-ws.cluster.max-retry-interval' must be at least 100ms");
			Assert.isTrue(historyDeliveryMargin >= ClusterHistory.STREAM_BYTES,
					"'multi-ws.cluster.history-delivery-margin' must be at least " + ClusterHistory.STREAM_BYTES
							+ "B, was " + historyDeliveryMargin + "B");
			ClusterEnvelope.instanceId(instanceId);
		}

		/**
		 * Return a random instance id.
		 * @return a new id
		 */
		public static String randomInstanceId() {
			return UUID.randomUUID().toString();
		}

	}

}
