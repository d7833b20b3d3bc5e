package io.multiws.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.multiws.features.HubFeatureSettings;
import io.multiws.features.HubHistory;
import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay.LocalDelivery;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * The history of history hubs, shared by every instance through Redis: one stream per hub
 * path, {@code <prefix>history:<path>}, one id counter, {@code <prefix>history-id:<path>},
 * and the stream's size, {@code <prefix>history-bytes:<path>}; all expire with the
 * history's ttl (a day without one) after the hub's last broadcast. This class routes the
 * relay's calls to the parts that do the work.
 * <p>
 * <strong>Bounded in bytes.</strong> A stream keeps at most the endpoint's
 * {@code history.max-bytes} and a delivery margin ({@code multi-ws.cluster.history-delivery-margin})
 * for instances that read late, as Redis counts its memory ({@code MEMORY USAGE}): each
 * entry is counted with its fields and what Redis spends around them (see
 * {@link HistoryAppends#entryBytes}), the script that adds one drops the oldest ones until
 * the stream fits again, and a broadcast that could not fit alone is not added at all, but
 * dropped with a warning and counted: it would overflow the send buffer of whoever it
 * reached. It also keeps at most the history size and
 * {@value HistoryAppends#DELIVERY_MARGIN} more broadcasts.
 * <p>
 * <strong>Exactly once, in order.</strong> A broadcast is not delivered by the instance
 * that makes it: one Lua script increments the hub's counter and adds the broadcast to the
 * stream under that id, atomically, so that ids are contiguous and ordered across the
 * cluster ({@link HistoryAppends}). Every instance with the hub, the broadcasting one
 * included, reads the stream from the last id it took ({@code XREAD BLOCK}, one thread,
 * one dedicated connection: {@link HistoryReader}) and hands each broadcast to
 * {@link HubHistory#accept}, which delivers an id once and in order. A new hub is primed
 * with the stream's last broadcasts before its first join ({@code XREVRANGE}:
 * {@link HistoryPriming}), and read from there, so a client that reconnects to any
 * instance resumes from the same ids.
 * <p>
 * <strong>Redis Cluster.</strong> The keys carry the hub's path as a hash tag
 * ({@link ClusterChannels#historyStream}), so that the script's three keys share a slot.
 * One {@code XREAD} cannot span slots, so on a cluster each instance reads each stream on
 * its own, without blocking, when told: by its own broadcast's script, and by the others
 * through a signal on the hub's channel ({@link ClusterEnvelope#APPENDED}), which the
 * instances with the hub subscribe to anyway; every stream is also read when its hub is
 * new, when its channel's subscription is confirmed, and at each sweep, which catches a
 * signal lost while a subscription was down ({@link SignalledReads}).
 * <p>
 * <strong>Outage.</strong> When Redis cannot be reached, a broadcast is numbered and
 * delivered by its own instance's history, as without a cluster, and
 * {@link #isShared()} turns {@code false}; both changes are logged once. Once Redis
 * answers again, the histories take the broadcasts other instances added meanwhile and
 * continue with the cluster's ids. {@link #localReason()} says since when and why the
 * history is not shared, a script that Redis refused included ({@link HistoryFallback}).
 *
 * @author multi-ws team
 */
final class ClusterHistory {

	private final Supplier<WsRelayContext> hubs;

	private final ClusterChannels channels;

	private final @Nullable SignalledReads signalled;

	private final HistoryFallback fallback;

	private final HistoryAppends appends;

	private final HistoryPriming priming;

	private final HistoryReader reader;

	private volatile SharedHistory.@Nullable Host host;

	private volatile @Nullable Boolean anyHistory;

	/**
	 * Create the shared history.
	 * @param connectionFactory the connection factory, for reading the streams
	 * @param publisher the publisher, for the script and the signals
	 * @param channels the names of the keys and channels
	 * @param instanceId the id of this instance
	 * @param hubs the hubs of this instance, once the relay is attached to them
	 * @param deliveryMargin the bytes a stream keeps beyond its history, for instances that
	 * read late
	 * @param clusterSweep on a Redis Cluster, the interval between reads of every stream;
	 * {@code null} for one server, whose streams are read by one blocking read
	 */
	ClusterHistory(RedisConnectionFactory connectionFactory, RedisPublisher publisher, ClusterChannels channels,
			byte[] instanceId, Supplier<WsRelayContext> hubs, long deliveryMargin, @Nullable Duration clusterSweep) {
		Object wakeUp = new Object();
		this.hubs = hubs;
		this.channels = channels;
		this.signalled = (clusterSweep != null) ? new SignalledReads(clusterSweep, wakeUp) : null;
		this.fallback = new HistoryFallback(publisher);
		this.appends = new HistoryAppends(publisher, channels, instanceId, hubs, deliveryMargin, this.signalled,
				this.fallback);
		this.priming = new HistoryPriming(connectionFactory, channels, instanceId, this::host, this.fallback, wakeUp);
		this.reader = new HistoryReader(connectionFactory, channels, instanceId, hubs, this::host, this.priming,
				this.fallback, this.signalled, wakeUp);
	}

	/**
	 * Attach to the registry that keeps the histories.
	 * @param host the registry's side
	 */
	void attach(SharedHistory.Host host) {
		this.host = host;
	}

	/**
	 * Return the registry's side of the shared history.
	 * @return the host
	 */
	SharedHistory.Host host() {
		SharedHistory.Host host = this.host;
		Assert.state(host != null, "The shared history is not attached to a registry");
		return host;
	}

	// Broadcast

	/**
	 * Return the history settings of a path, if its endpoint keeps a history.
	 * @param path the canonical hub path
	 * @return the settings, or {@code null} for a path without history
	 */
	@Nullable HubFeatureSettings settingsOf(String path) {
		if (!hasHistoryEndpoints()) {
			return null;
		}
		WsHub hub = this.hubs.get().hub(path);
		if (hub != null) {
			return (hub.history() instanceof HubHistory history) ? history.settings() : null;
		}
		return endpointSettings(path);
	}

	private @Nullable HubFeatureSettings endpointSettings(String path) {
		HubFeatureSettings settings = host().endpointFeatures(path);
		return (settings != null && settings.hasHistory()) ? settings : null;
	}

	int broadcast(String path, HubFeatureSettings settings, WsPayload payload, @Nullable WsSession excluded,
			LocalDelivery local) {
		this.reader.startThread();
		if (!isShared()) {
			return this.fallback.deliverHere(path, payload, excluded, local, null);
		}
		return this.appends.append(path, settings, payload, excluded, local);
	}

	/**
	 * Return the most a hub's stream holds, as Redis counts its memory: the history's
	 * bytes and the delivery margin.
	 * @param settings the hub's settings
	 * @return the bound in bytes
	 */
	long streamBytes(HubFeatureSettings settings) {
		return this.appends.streamBytes(settings);
	}

	boolean isShared() {
		return this.fallback.isShared();
	}

	/**
	 * Return since when and why broadcasts to history hubs are not shared by the cluster.
	 * @return the reason, or {@code null} if they are shared or there is no history
	 * endpoint
	 */
	HistoryFallback.@Nullable LocalReason localReason() {
		if (!hasHistoryEndpoints()) {
			return null;
		}
		return this.fallback.localReason();
	}

	/**
	 * Take Redis as answering again after an outage: the next broadcast tries the script
	 * again, and every stream is read, as signals may have been lost.
	 */
	void recovered() {
		this.fallback.scriptSucceeded();
		wakeAll();
	}

	/**
	 * Read the stream of a hub soon: another instance added to it, or this instance's
	 * subscription to its hub's channel was confirmed. Nothing for one server, whose
	 * streams are read by one blocking read.
	 * @param path the canonical hub path
	 */
	void wake(String path) {
		if (this.signalled != null) {
			this.signalled.signal(path);
		}
	}

	/**
	 * Read every stream soon, after signals may have been lost.
	 */
	void wakeAll() {
		if (this.signalled != null) {
			this.signalled.signalAll();
		}
	}

	long localBroadcasts() {
		return this.fallback.localBroadcasts();
	}

	long oversizedBroadcasts() {
		return this.appends.oversizedBroadcasts();
	}

	private boolean hasHistoryEndpoints() {
		Boolean any = this.anyHistory;
		if (any == null) {
			any = host().keepsHistory();
			this.anyHistory = any;
		}
		return any;
	}

	// Catch up before a join

	CompletionStage<Void> catchUp(HubHistory history) {
		this.reader.startThread();
		return this.priming.catchUp(history);
	}

	// Reader

	void start() {
		this.reader.start();
	}

	void stop() {
		this.reader.stop();
	}

	// Keys

	String streamKey(String path) {
		return this.channels.historyStream(path);
	}

	@Override
	public String toString() {
		return "ClusterHistory[shared=" + isShared() + ", localBroadcasts=" + localBroadcasts() + "]";
	}

}
