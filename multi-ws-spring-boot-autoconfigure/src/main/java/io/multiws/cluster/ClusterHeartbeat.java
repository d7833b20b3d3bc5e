package io.multiws.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.multiws.features.HubPresence;
import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsRelayContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static io.multiws.cluster.ClusterThreads.daemonThreads;

/**
 * The heartbeat of this instance and what the others' heartbeats say: every interval it
 * publishes this instance's session count of each hub and the presence of its hubs (once
 * more after the last hub with presence is gone), and forgets the instances not heard
 * from within the expiry; the counts and presence that other instances publish, and their
 * departure, are kept here and their presence applied to the local hubs. Its thread also
 * runs the timeouts of the requests to users.
 *
 * @author multi-ws team
 */
final class ClusterHeartbeat {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final RedisPublisher publisher;

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final WsJsonCodec jsonCodec;

	private final ClusterSessionCounts counts;

	private final ClusterPresence presence;

	private final Supplier<WsRelayContext> context;

	private final Supplier<SharedHistory.Host> host;

	private final ScheduledThreadPoolExecutor executor;

	private boolean presenceShared;

	/**
	 * Create the heartbeat.
	 * @param publisher the publisher
	 * @param channels the names of the channels
	 * @param instanceId the id of this instance
	 * @param jsonCodec the codec of the presence that instances share
	 * @param counts the session counts of the other instances
	 * @param presence the presence of the other instances
	 * @param context the registry, once the relay is attached to it
	 * @param host the registry's side of the hubs' features, once attached
	 */
	ClusterHeartbeat(RedisPublisher publisher, ClusterChannels channels, byte[] instanceId, WsJsonCodec jsonCodec,
			ClusterSessionCounts counts, ClusterPresence presence, Supplier<WsRelayContext> context,
			Supplier<SharedHistory.Host> host) {
		this.publisher = publisher;
		this.channels = channels;
		this.instanceId = instanceId;
		this.jsonCodec = jsonCodec;
		this.counts = counts;
		this.presence = presence;
		this.context = context;
		this.host = host;
		this.executor = new ScheduledThreadPoolExecutor(1, daemonThreads("multi-ws-cluster-"));
		this.executor.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Beat now and every interval.
	 * @param interval the interval between heartbeats
	 */
	void start(Duration interval) {
		this.executor.scheduleWithFixedDelay(this::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Run a task once on the heartbeat's thread after a delay.
	 * @param task the task
	 * @param delay the delay
	 * @return the scheduled task, to cancel
	 */
	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	void stop() {
		this.executor.shutdownNow();
	}

	// The others' heartbeats

	void countsReported(ClusterEnvelope envelope) {
		Map<String, Integer> counts = envelope.counts();
		if (counts != null) {
			this.counts.update(envelope.instanceId(), counts);
		}
	}

	void presenceReported(ClusterEnvelope envelope) {
		Object reported = this.jsonCodec.read(envelope.json(), Map.class);
		if (reported instanceof Map<?, ?> paths) {
			this.presence.update(envelope.instanceId(), paths);
			applyPresence();
		}
	}

	void left(String instanceId) {
		this.counts.remove(instanceId);
		this.presence.remove(instanceId);
		applyPresence();
	}

	private void applyPresence() {
		Map<String, HubPresence> presences = this.host.get().features().presences();
		presences.forEach((path, local) -> local.remoteMembers(this.presence.members(path)));
	}

	// This instance's heartbeat

	private void heartbeat() {
		try {
			this.publisher.heartbeat(this.channels.instances(), EnvelopeWriter.counts(this.instanceId, localCounts()));
			this.counts.prune();
			publishPresence();
		}
		catch (RuntimeException ex) {
			logger.warn("multi-ws cluster heartbeat failed", ex);
		}
	}

	private void publishPresence() {
		Map<String, HubPresence> presences = this.host.get().features().presences();
		if (!presences.isEmpty() || this.presenceShared) {
			// Once more after the last hub with presence is gone, so that the others drop it now
			this.presenceShared = !presences.isEmpty();
			String json = this.jsonCodec.write(ClusterPresence.local(presences));
			this.publisher.publish(this.channels.instances(), EnvelopeWriter.presence(this.instanceId, json));
		}
		this.presence.prune();
		applyPresence();
	}

	private Map<String, Integer> localCounts() {
		Map<String, Integer> counts = new HashMap<>();
		for (WsHub hub : this.context.get().hubs()) {
			counts.put(hub.path(), hub.size());
		}
		return counts;
	}

	@Override
	public String toString() {
		return "ClusterHeartbeat[" + this.counts + ", " + this.presence + "]";
	}

}
