package io.multiws.cluster;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link RedisWsRelay} reports of itself at one moment: its mode, its link to
 * Redis, its subscriptions, the other instances it hears and its broadcasts since start.
 * Read by the Actuator health indicator, the {@code multiws} endpoint and the relay's
 * meters.
 *
 * @param mode how the relay uses Redis: one server, or a Redis Cluster with classic or
 * sharded pub/sub. A cluster reads {@link RelayMode#CLUSTER} until the relay first reached
 * it and learnt whether every master has sharded pub/sub
 * @param instanceId the id of this instance in the cluster
 * @param publishedMessages the number of broadcasts that Redis acknowledged since start
 * @param receivedMessages the number of broadcasts received from other instances for a
 * local hub since start
 * @param lostMessages the number of broadcasts that did not reach Redis since start: made
 * while it was unreachable or while too many publishes were pending, or refused by Redis
 * @param unavailableSince when Redis stopped answering, if it does not answer now:
 * {@code null} if Redis answers or this instance has not reached it yet
 * @param redisAvailable whether Redis answered the last heartbeat, so that broadcasts are
 * published
 * @param subscribed whether this instance's subscription to Redis is established, so that
 * messages from other instances are received
 * @param subscribedHubs the number of hubs whose channel this instance subscribes to
 * @param pendingSubscriptions the number of channels subscribed to but not confirmed by
 * Redis yet; with sharded pub/sub, those of a shard that is away or of a slot that just
 * moved
 * @param otherInstances the number of other instances heard from within the instance
 * expiry
 * @param historyShared whether the history of history hubs is shared by the cluster:
 * {@code false} while Redis cannot be reached, when each instance keeps and numbers its own
 * @param historyLocalSince since when broadcasts to history hubs have not been shared by
 * the cluster: while Redis cannot be reached, while the history streams cannot be read, or
 * since Redis refused to number a broadcast (until it numbers one again); {@code null} if
 * the history is shared or no endpoint keeps one
 * @param historyLocalReason why broadcasts to history hubs are not shared by the cluster:
 * {@code null} if the history is shared or no endpoint keeps one
 * @param localHistoryBroadcasts the number of broadcasts to history hubs numbered and
 * delivered by this instance alone since start, because Redis could not be reached
 * @param oversizedHistoryBroadcasts the number of broadcasts to history hubs dropped since
 * start because they would not fit their Redis stream's byte bound on their own
 * @author multi-ws team
 * @since 0.2.0
 * @see RedisWsRelay#status()
 */
public record RelayStatus(RelayMode mode, String instanceId, long publishedMessages, long receivedMessages,
		long lostMessages, @Nullable Instant unavailableSince, boolean redisAvailable, boolean subscribed,
		int subscribedHubs, int pendingSubscriptions, int otherInstances, boolean historyShared,
		@Nullable Instant historyLocalSince, @Nullable String historyLocalReason, long localHistoryBroadcasts,
		long oversizedHistoryBroadcasts) {

}
