package io.multiws.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.multiws.features.HubFeatureSettings;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay.LocalDelivery;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Adds the broadcasts of history hubs to their Redis streams: one Lua script increments
 * the hub's id counter and adds the broadcast to the stream under that id, atomically, so
 * that ids are contiguous and ordered across the cluster, and drops the oldest entries
 * until the stream fits its bounds again. The keys are the id counter, the stream and its
 * size ({@link ClusterChannels#historyId}, {@link ClusterChannels#historyStream},
 * {@link ClusterChannels#historyBytes}); all expire with the history's ttl (a day without
 * one) after the hub's last broadcast.
 * <p>
 * A stream keeps at most the endpoint's {@code history.max-bytes} and a delivery margin,
 * as Redis counts its memory (see {@link #entryBytes}), and at most the history size and
 * {@value #DELIVERY_MARGIN} more broadcasts. A broadcast that could not fit alone is not
 * added at all, but dropped with a warning and counted: it would overflow the send buffer
 * of whoever it reached. A script that fails hands its broadcast to the
 * {@link HistoryFallback}.
 *
 * @author multi-ws team
 */
final class HistoryAppends {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	// KEYS: the id counter, the stream, its size. ARGV: the first id, the most entries, the
	// kind, the payload, the instance, the excluded session, the time, the retention, the
	// most bytes, the entry's bytes
	private static final ByteBuffer APPEND = ByteBuffer.wrap("""
			if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
			if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('DEL', KEYS[3]) end
			local id = redis.call('INCR', KEYS[1])
			local added = string.format('%d', id) .. '-0'
			redis.call('XADD', KEYS[2], added, 'k', ARGV[3], 'p', ARGV[4], 'i', ARGV[5], 'x', ARGV[6],
				't', ARGV[7], 's', ARGV[10])
			local bytes = redis.call('INCRBY', KEYS[3], ARGV[10])
			local entries = redis.call('XLEN', KEYS[2])
			local maxBytes = tonumber(ARGV[9])
			local maxEntries = tonumber(ARGV[2])
			while bytes > maxBytes or entries > maxEntries do
				local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
				if #oldest == 0 or oldest[1][1] == added then break end
				local fields = oldest[1][2]
				local size = 0
				for i = 1, #fields, 2 do
					if fields[i] == 's' then size = tonumber(fields[i + 1]) end
				end
				redis.call('XDEL', KEYS[2], oldest[1][1])
				bytes = redis.call('DECRBY', KEYS[3], size)
				entries = entries - 1
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[8])
			redis.call('PEXPIRE', KEYS[2], ARGV[8])
			redis.call('PEXPIRE', KEYS[3], ARGV[8])
			return id
			""".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

	/**
	 * What a stream holds besides its entries, and the slack of a node of the stream
	 * whose first entries are deleted (a node is freed once all of its are): the part of
	 * the byte bound that is not for entries.
	 */
	static final int STREAM_BYTES = 8 * 1024;

	/**
	 * What an entry costs Redis besides its fields' bytes: its id, the fields' names and
	 * lengths.
	 */
	private static final int ENTRY_OVERHEAD = 128;

	/**
	 * How many broadcasts a stream keeps beyond the history size, so that an instance
	 * that reads late still finds every broadcast it has not delivered yet, if they fit
	 * its byte bound.
	 */
	static final int DELIVERY_MARGIN = 10_000;

	private static final Duration RETENTION_WITHOUT_TTL = Duration.ofDays(1);

	private final RedisPublisher publisher;

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final Supplier<WsRelayContext> hubs;

	private final long deliveryMargin;

	private final @Nullable SignalledReads signalled;

	private final HistoryFallback fallback;

	private final AtomicLong oversizedBroadcasts = new AtomicLong();

	private final Set<String> oversizedLogged = ConcurrentHashMap.newKeySet();

	/**
	 * Create the appends.
	 * @param publisher the publisher, for the script and the signals
	 * @param channels the names of the keys and channels
	 * @param instanceId the id of this instance
	 * @param hubs the hubs of this instance, once the relay is attached to them
	 * @param deliveryMargin the bytes a stream keeps beyond its history, for instances that
	 * read late
	 * @param signalled on a Redis Cluster, the reads to signal when a broadcast was added;
	 * {@code null} for one server
	 * @param fallback where a broadcast goes that Redis did not number
	 */
	HistoryAppends(RedisPublisher publisher, ClusterChannels channels, byte[] instanceId,
			Supplier<WsRelayContext> hubs, long deliveryMargin, @Nullable SignalledReads signalled,
			HistoryFallback fallback) {
		this.publisher = publisher;
		this.channels = channels;
		this.instanceId = instanceId;
		this.hubs = hubs;
		this.deliveryMargin = deliveryMargin;
		this.signalled = signalled;
		this.fallback = fallback;
	}

	/**
	 * Add a broadcast to its hub's stream, to be delivered by every instance's reader.
	 * @param path the canonical hub path
	 * @param settings the hub's settings
	 * @param payload the payload
	 * @param excluded the session not to deliver to, if any
	 * @param local the registry's delivery to this instance's sessions, should the script
	 * fail
	 * @return the number of local sessions it is for, {@code 0} if it was dropped
	 */
	int append(String path, HubFeatureSettings settings, WsPayload payload, @Nullable WsSession excluded,
			LocalDelivery local) {
		long now = System.currentTimeMillis();
		String excludedId = (excluded != null) ? excluded.id() : "";
		long entryBytes = entryBytes(payload.size(), this.instanceId.length, excludedId.length());
		long maxBytes = streamBytes(settings) - STREAM_BYTES;
		if (entryBytes > maxBytes) {
			return oversized(path, payload, entryBytes, maxBytes);
		}
		Duration retention = settings.historyTtl().isZero() ? RETENTION_WITHOUT_TTL : settings.historyTtl();
		ByteBuffer[] keysAndArgs = { utf8(this.channels.historyId(path)), utf8(this.channels.historyStream(path)),
				utf8(this.channels.historyBytes(path)), utf8(now + "000"),
				utf8(Integer.toString(settings.historySize() + DELIVERY_MARGIN)), utf8(payload.isText() ? "T" : "B"),
				ByteBuffer.wrap(payload.toBytes()), ByteBuffer.wrap(this.instanceId), utf8(excludedId),
				utf8(Long.toString(now)), utf8(Long.toString(retention.toMillis())), utf8(Long.toString(maxBytes)),
				utf8(Long.toString(entryBytes)) };
		this.publisher.eval(APPEND, 3, keysAndArgs, () -> appended(path), (ex) -> {
			this.fallback.scriptFailed(ex);
			this.fallback.deliverHere(path, payload, excluded, local, ex);
		});
		WsHub hub = this.hubs.get().hub(path);
		return (hub != null) ? hub.size() - ((excluded != null) ? 1 : 0) : 0;
	}

	/**
	 * Return the most a hub's stream holds, as Redis counts its memory: the history's
	 * bytes and the delivery margin.
	 * @param settings the hub's settings
	 * @return the bound in bytes
	 */
	long streamBytes(HubFeatureSettings settings) {
		return settings.historyMaxBytes() + this.deliveryMargin;
	}

	/**
	 * Return what an entry of a stream costs Redis, as {@code MEMORY USAGE} counts it:
	 * its fields and their overhead, and a quarter more for the allocator's size classes,
	 * which round a node of the stream up by as much.
	 */
	static long entryBytes(int payloadBytes, int instanceIdBytes, int excludedIdBytes) {
		long fields = 1 + payloadBytes + instanceIdBytes + excludedIdBytes + 13 + 10;
		return (fields + ENTRY_OVERHEAD) * 5 / 4;
	}

	private int oversized(String path, WsPayload payload, long entryBytes, long maxBytes) {
		this.oversizedBroadcasts.incrementAndGet();
		if (this.oversizedLogged.add(path)) {
			logger.warn("A broadcast of " + payload.size() + " bytes to hub " + path + " was dropped: it takes "
					+ entryBytes + " bytes in its Redis stream, which holds at most " + maxBytes
					+ " (history.max-bytes and multi-ws.cluster.history-delivery-margin); it would overflow the send"
					+ " buffer of its sessions (logged once per hub)");
		}
		return 0;
	}

	private void appended(String path) {
		this.fallback.scriptSucceeded();
		if (this.signalled != null) {
			this.signalled.signal(path);
			this.publisher.signal(this.channels.hub(path), EnvelopeWriter.appended(this.instanceId));
		}
	}

	long oversizedBroadcasts() {
		return this.oversizedBroadcasts.get();
	}

	private static ByteBuffer utf8(String value) {
		return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "HistoryAppends[oversizedBroadcasts=" + this.oversizedBroadcasts.get() + "]";
	}

}
