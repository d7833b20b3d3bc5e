package io.multiws.cluster;

import java.time.Duration;
import java.util.UUID;

import org.springframework.util.Assert;

/**
 * The settings of a {@link RedisWsRelay}, checked when created.
 *
 * @param channelPrefix the prefix of every channel
 * @param instanceId the id of this instance, unique in the cluster
 * @param heartbeatInterval the interval between heartbeats
 * @param instanceExpiry the time after which a silent instance is no longer counted
 * @param maxPendingPublishes the maximum number of unacknowledged publishes
 * @param maxRetryInterval the maximum interval between connection attempts
 * @param historyDeliveryMargin the bytes a history hub's Redis stream keeps beyond its
 * history, for instances that read late
 * @param shardedPubSub whether to use sharded pub/sub on a Redis Cluster whose masters all
 * run 7.0 or newer
 * @author multi-ws team
 * @since 0.2.0
 */
public record RelaySettings(String channelPrefix, String instanceId, Duration heartbeatInterval,
		Duration instanceExpiry, int maxPendingPublishes, Duration maxRetryInterval, long historyDeliveryMargin,
		boolean shardedPubSub) {

	/**
	 * The bytes a history hub's Redis stream keeps beyond its history unless set.
	 */
	public static final long DEFAULT_HISTORY_DELIVERY_MARGIN = 1024 * 1024;

	/**
	 * Validate the settings.
	 */
	public RelaySettings {
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
		Assert.isTrue(historyDeliveryMargin >= HistoryAppends.STREAM_BYTES,
				"'multi-ws.cluster.history-delivery-margin' must be at least " + HistoryAppends.STREAM_BYTES
						+ "B, was " + historyDeliveryMargin + "B");
		EnvelopeWriter.instanceId(instanceId);
	}

	/**
	 * Create settings with the default history delivery margin that use sharded pub/sub
	 * where the server has it.
	 * @param channelPrefix the prefix of every channel
	 * @param instanceId the id of this instance, unique in the cluster
	 * @param heartbeatInterval the interval between heartbeats
	 * @param instanceExpiry the time after which a silent instance is no longer counted
	 * @param maxPendingPublishes the maximum number of unacknowledged publishes
	 * @param maxRetryInterval the maximum interval between connection attempts
	 */
	public RelaySettings(String channelPrefix, String instanceId, Duration heartbeatInterval, Duration instanceExpiry,
			int maxPendingPublishes, Duration maxRetryInterval) {
		this(channelPrefix, instanceId, heartbeatInterval, instanceExpiry, maxPendingPublishes, maxRetryInterval,
				DEFAULT_HISTORY_DELIVERY_MARGIN, true);
	}

	/**
	 * Return a random instance id.
	 * @return a new id
	 */
	public static String randomInstanceId() {
		return UUID.randomUUID().toString();
	}

}
