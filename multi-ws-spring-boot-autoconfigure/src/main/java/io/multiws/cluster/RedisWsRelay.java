package io.multiws.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.multiws.core.DefaultWsHubs;
import io.multiws.features.HubFeatureSettings;
import io.multiws.features.HubHistory;
import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.backoff.ExponentialBackOff;

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
 * dropped and counted ({@link RelayStatus#lostMessages()}); one made while this instance
 * has not yet noticed an outage may still arrive once Redis is back. Nothing is queued
 * beyond that bound, and the broadcasting thread never waits on Redis.
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
 * reached they are numbered and kept by each instance
 * ({@link RelayStatus#historyShared()}).
 * <p>
 * <strong>Redis Cluster.</strong> With a connection factory configured for a cluster
 * ({@code spring.data.redis.cluster.nodes}), each hub's channel and keys carry its path as
 * a hash tag, so that they share a slot; when every master runs Redis 7.0 or newer (and
 * {@link RelaySettings#shardedPubSub()} allows it), broadcasts go by sharded pub/sub
 * ({@code SPUBLISH} / {@code SSUBSCRIBE}), each hub's channel on the shard that owns its
 * slot, and a subscription dropped by a topology change (a shard restarted, a slot moved)
 * is made again. {@link RelayStatus#mode()} says which.
 * <p>
 * This class is the bean: the relay's calls, its lifecycle and its {@link #status()}. The
 * work is done by package-private parts: {@link RelayLinks} (connections and mode),
 * {@link RelayInbox} (what other instances publish), {@link ClusterHeartbeat} (counts and
 * presence), {@link ClusterUserMessages} (users) and {@link ClusterHistory}.
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

	private final RelaySettings settings;

	private final byte[] instanceId;

	private final ClusterChannels channels;

	private final ClusterSessionCounts counts;

	private final RelayLinks links;

	private final RedisPublisher publisher;

	private final HubSubscriptions subscriptions;

	private final ClusterHistory history;

	private final ClusterHeartbeat heartbeat;

	private final ClusterUserMessages users;

	private final RelayInbox inbox;

	private volatile @Nullable WsRelayContext context;

	private volatile boolean running;

	/**
	 * Create a relay.
	 * @param connectionFactory the Redis connection factory, also reactive (Lettuce's is)
	 * @param jsonCodec the codec of the presence that instances share
	 * @param settings the settings
	 */
	public RedisWsRelay(RedisConnectionFactory connectionFactory, WsJsonCodec jsonCodec, RelaySettings settings) {
		Assert.isInstanceOf(ReactiveRedisConnectionFactory.class, connectionFactory,
				"multi-ws.cluster needs a RedisConnectionFactory that is also reactive (Lettuce's is)");
		this.settings = settings;
		this.links = new RelayLinks(connectionFactory, settings.shardedPubSub());
		this.instanceId = EnvelopeWriter.instanceId(settings.instanceId());
		this.channels = new ClusterChannels(settings.channelPrefix(), this.links.isCluster());
		this.counts = new ClusterSessionCounts(settings.instanceExpiry(), System::nanoTime);
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
		backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
		this.publisher = new RedisPublisher(this.links::openPublishLink, settings.maxPendingPublishes(),
				settings.heartbeatInterval(), backOff, this::recovered);
		this.subscriptions = new HubSubscriptions(this::openSubscriberLink, this.channels, this::hasLocalHub, backOff);
		this.history = new ClusterHistory(connectionFactory, this.publisher, this.channels, this.instanceId,
				this::context, settings.historyDeliveryMargin(),
				this.links.isCluster() ? settings.heartbeatInterval().multipliedBy(2) : null);
		this.heartbeat = new ClusterHeartbeat(this.publisher, this.channels, this.instanceId, jsonCodec, this.counts,
				new ClusterPresence(settings.instanceExpiry(), System::nanoTime), this::context, this.history::host);
		this.users = new ClusterUserMessages(this.publisher, this.channels, this.instanceId, this::context,
				settings.maxPendingPublishes(), this.heartbeat::schedule);
		this.inbox = new RelayInbox(this.channels, this.instanceId, this.history, this.heartbeat, this.users);
	}

	// Relay

	@Override
	public void attach(WsRelayContext context) {
		this.context = context;
		this.inbox.attach(context);
	}

	@Override
	public void attach(SharedHistory.Host host) {
		this.history.attach(host);
	}

	@Override
	public int broadcast(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local) {
		HubFeatureSettings historySettings = this.history.settingsOf(path);
		if (historySettings != null) {
			return this.history.broadcast(path, historySettings, payload, excluded, local);
		}
		int delivered = local.deliver(path, payload, excluded);
		this.publisher.publish(this.channels.hub(path), EnvelopeWriter.payload(this.instanceId, payload));
		return delivered;
	}

	@Override
	public int sendToUser(String name, WsPayload payload, UserDelivery local) {
		return this.users.send(name, payload, local);
	}

	/**
	 * Send a request to the user's sessions on this instance and, through Redis, on the
	 * others; the first reply comes back to this instance. A request made while Redis
	 * cannot be reached asks the local sessions only. At most
	 * {@code max-pending-publishes} requests wait for a reply at once.
	 */
	@Override
	public CompletionStage<String> requestUser(String name, WsPayload payload, Duration timeout, UserRequest local) {
		return this.users.request(name, payload, timeout, local);
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

	private SubscriberLink openSubscriberLink(byte[][] channels) {
		return this.links.openSubscriberLink(channels, this.inbox, this.subscriptions::maintainSoon);
	}

	private boolean hasLocalHub(String path) {
		return context().hub(path) != null;
	}

	private WsRelayContext context() {
		WsRelayContext context = this.context;
		Assert.state(context != null, "The relay is not attached to a registry");
		return context;
	}

	private void recovered() {
		this.subscriptions.resubscribe();
		this.history.recovered();
	}

	// Lifecycle

	@Override
	public void start() {
		this.subscriptions.start();
		this.history.start();
		this.heartbeat.start(this.settings.heartbeatInterval());
		this.running = true;
		logger.info("multi-ws cluster relay started: instance '" + this.settings.instanceId() + "', channels "
				+ this.channels.hubName("/") + "...");
	}

	@Override
	public void stop() {
		this.users.stop();
		this.history.stop();
		this.heartbeat.stop();
		this.subscriptions.stop();
		this.publisher.close(this.channels.instances(), EnvelopeWriter.leave(this.instanceId), LEAVE_TIMEOUT);
		this.links.close();
		this.running = false;
	}

	@Override
	public void destroy() {
		this.history.stop();
		this.heartbeat.stop();
		this.subscriptions.stop();
		this.links.close();
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
	 * Return what the relay reports of itself now: its mode, its link to Redis, its
	 * subscriptions and its broadcasts since start.
	 * @return a snapshot of the relay's status
	 * @since 0.2.0
	 */
	public RelayStatus status() {
		HistoryFallback.LocalReason local = this.history.localReason();
		return new RelayStatus(this.links.mode(), this.settings.instanceId(), this.publisher.published(),
				this.inbox.received(), this.publisher.lost(), this.publisher.downSince(), this.publisher.isAvailable(),
				this.subscriptions.isSubscribed(), this.subscriptions.subscribedHubs(),
				this.subscriptions.pendingChannels(), this.counts.liveInstances(), this.history.isShared(),
				(local != null) ? local.since() : null, (local != null) ? local.reason() : null,
				this.history.localBroadcasts(), this.history.oversizedBroadcasts());
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
	 * Return the Redis stream that keeps the history of a hub.
	 * @param path the canonical hub path
	 * @return the stream key
	 * @since 0.2.0
	 */
	public String getHistoryStream(String path) {
		return this.history.streamKey(path);
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

	@Override
	public String toString() {
		return "RedisWsRelay[instance=" + this.settings.instanceId() + ", mode=" + this.links.mode().displayName()
				+ ", " + this.publisher + ", " + this.subscriptions + "]";
	}

}
