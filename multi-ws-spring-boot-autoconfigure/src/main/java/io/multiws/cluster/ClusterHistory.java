package io.multiws.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.multiws.history.HubFeatureSettings;
import io.multiws.history.HubHistory;
import io.multiws.history.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay.LocalDelivery;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.util.Assert;

/**
 * The history of history hubs, shared by every instance through Redis: one stream per hub
 * path, {@code <prefix>history:<path>}, one id counter, {@code <prefix>history-id:<path>},
 * and the stream's size, {@code <prefix>history-bytes:<path>}; all expire with the
 * history's ttl (a day without one) after the hub's last broadcast.
 * <p>
 * <strong>Bounded in bytes.</strong> A stream keeps at most the endpoint's
 * {@code history.max-bytes} and a delivery margin ({@code multi-ws.cluster.history-delivery-margin})
 * for instances that read late, as Redis counts its memory ({@code MEMORY USAGE}): each
 * entry is counted with its fields and what Redis spends around them (see
 * {@link #entryBytes}), the script that adds one drops the oldest ones until the stream
 * fits again, and a broadcast that could not fit alone is not added at all, but dropped
 * with a warning and counted: it would overflow the send buffer of whoever it reached. It
 * also keeps at most the history size and {@value #DELIVERY_MARGIN} more broadcasts.
 * <p>
 * <strong>Exactly once, in order.</strong> A broadcast is not delivered by the instance
 * that makes it: one Lua script increments the hub's counter and adds the broadcast to the
 * stream under that id, atomically, so that ids are contiguous and ordered across the
 * cluster. Every instance with the hub, the broadcasting one included, reads the stream
 * from the last id it took ({@code XREAD BLOCK}, one thread, one dedicated connection) and
 * hands each broadcast to {@link HubHistory#accept}, which delivers an id once and in
 * order. A new hub is primed with the stream's last broadcasts before its first join
 * ({@code XREVRANGE}), and read from there, so a client that reconnects to any instance
 * resumes from the same ids.
 * <p>
 * <strong>Redis Cluster.</strong> The keys carry the hub's path as a hash tag
 * ({@link ClusterChannels#historyStream}), so that the script's three keys share a slot.
 * One {@code XREAD} cannot span slots, so on a cluster each instance reads each stream on
 * its own, without blocking, when told: by its own broadcast's script, and by the others
 * through a signal on the hub's channel ({@link ClusterEnvelope#APPENDED}), which the
 * instances with the hub subscribe to anyway; every stream is also read when its hub is
 * new, when its channel's subscription is confirmed, and at each sweep, which catches a
 * signal lost while a subscription was down.
 * <p>
 * <strong>Outage.</strong> When Redis cannot be reached, a broadcast is numbered and
 * delivered by its own instance's history, as without a cluster, and
 * {@link #isShared()} turns {@code false}; both changes are logged once. Once Redis
 * answers again, the histories take the broadcasts other instances added meanwhile and
 * continue with the cluster's ids. {@link #localReason()} says since when and why the
 * history is not shared, a script that Redis refused included.
 *
 * @author multi-ws team
 */
final class ClusterHistory {

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
	 * How many broadcasts a join reads from the stream at a time, newest first.
	 */
	private static final int PRIME_PAGE = 64;

	/**
	 * How many broadcasts a stream keeps beyond the history size, so that an instance
	 * that reads late still finds every broadcast it has not delivered yet, if they fit
	 * its byte bound.
	 */
	static final int DELIVERY_MARGIN = 10_000;

	private static final Duration RETENTION_WITHOUT_TTL = Duration.ofDays(1);

	private static final Duration BLOCK = Duration.ofMillis(200);

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private static final int READ_COUNT = 1000;

	/**
	 * Joins that may wait for a reader of the stream at a time; past them, a join does not
	 * wait and its history catches up as the relay reads on.
	 */
	private static final int MAX_WAITING_JOINS = 1024;

	private static final CompletionStage<Void> UP_TO_DATE = CompletableFuture.completedFuture(null);

	private final RedisConnectionFactory connectionFactory;

	private final RedisPublisher publisher;

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final @Nullable SignalledReads signalled;

	private volatile @Nullable LocalReason scriptFailure;

	private volatile @Nullable LocalReason readFailure;

	private final Supplier<WsRelayContext> hubs;

	private volatile SharedHistory.@Nullable Host host;

	private final long deliveryMargin;

	private final AtomicLong localBroadcasts = new AtomicLong();

	private final AtomicLong oversizedBroadcasts = new AtomicLong();

	private final Set<String> oversizedLogged = ConcurrentHashMap.newKeySet();

	private final Set<HubHistory> priming = ConcurrentHashMap.newKeySet();

	private final Object wakeUp = new Object();

	private final ThreadPoolExecutor joins = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(MAX_WAITING_JOINS), ClusterThreads.daemonThreads("multi-ws-cluster-join-"));

	private volatile boolean readerHealthy = true;

	private volatile boolean degradedLogged;

	private volatile boolean running;

	private volatile @Nullable Boolean anyHistory;

	private @Nullable Thread reader;

	private @Nullable RedisConnection connection;

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
		this.connectionFactory = connectionFactory;
		this.publisher = publisher;
		this.channels = channels;
		this.instanceId = instanceId;
		this.signalled = (clusterSweep != null) ? new SignalledReads(clusterSweep, this.wakeUp) : null;
		this.hubs = hubs;
		this.joins.allowCoreThreadTimeOut(true);
		this.deliveryMargin = deliveryMargin;
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
		startReader();
		if (!isShared()) {
			return deliverHere(path, payload, excluded, local, null);
		}
		long now = System.currentTimeMillis();
		String excludedId = (excluded != null) ? excluded.id() : "";
		long entryBytes = entryBytes(payload.size(), this.instanceId.length, excludedId.length());
		long maxBytes = streamBytes(settings) - STREAM_BYTES;
		if (entryBytes > maxBytes) {
			return oversized(path, payload, entryBytes, maxBytes);
		}
		Duration retention = settings.historyTtl().isZero() ? RETENTION_WITHOUT_TTL : settings.historyTtl();
		ByteBuffer[] keysAndArgs = { utf8(idKey(path)), utf8(streamKey(path)), utf8(bytesKey(path)),
				utf8(now + "000"), utf8(Integer.toString(settings.historySize() + DELIVERY_MARGIN)),
				utf8(payload.isText() ? "T" : "B"), ByteBuffer.wrap(payload.toBytes()), ByteBuffer.wrap(this.instanceId),
				utf8(excludedId), utf8(Long.toString(now)), utf8(Long.toString(retention.toMillis())),
				utf8(Long.toString(maxBytes)), utf8(Long.toString(entryBytes)) };
		this.publisher.eval(APPEND, 3, keysAndArgs, () -> appended(path), (ex) -> {
			scriptFailed(ex);
			deliverHere(path, payload, excluded, local, ex);
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

	private int deliverHere(String path, WsPayload payload, @Nullable WsSession excluded, LocalDelivery local,
			@Nullable Throwable cause) {
		this.localBroadcasts.incrementAndGet();
		if (!this.degradedLogged) {
			this.degradedLogged = true;
			logger.warn("Redis cannot be reached" + ((cause != null) ? " (" + cause + ")" : "")
					+ ": hub history is kept and numbered on this instance only until it answers again");
		}
		return local.deliver(path, payload, excluded);
	}

	boolean isShared() {
		return this.readerHealthy && this.publisher.isAvailable();
	}

	/**
	 * Return since when and why broadcasts to history hubs are not shared by the cluster.
	 * @return the reason, or {@code null} if they are shared or there is no history
	 * endpoint
	 */
	@Nullable LocalReason localReason() {
		if (!hasHistoryEndpoints()) {
			return null;
		}
		Instant down = this.publisher.downSince();
		if (down != null) {
			return new LocalReason(down, "Redis cannot be reached");
		}
		LocalReason read = this.readFailure;
		return (read != null) ? read : this.scriptFailure;
	}

	private void scriptFailed(Throwable ex) {
		if (this.scriptFailure == null) {
			this.scriptFailure = new LocalReason(Instant.now(),
					"a broadcast could not be numbered by Redis: " + NestedExceptionUtils.getMostSpecificCause(ex));
		}
	}

	/**
	 * Take Redis as answering again after an outage: the next broadcast tries the script
	 * again, and every stream is read, as signals may have been lost.
	 */
	void recovered() {
		this.scriptFailure = null;
		wakeAll();
	}

	private void appended(String path) {
		this.scriptFailure = null;
		if (this.signalled != null) {
			this.signalled.signal(path);
			this.publisher.signal(this.channels.hub(path), ClusterEnvelope.appended(this.instanceId));
		}
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
		return this.localBroadcasts.get();
	}

	long oversizedBroadcasts() {
		return this.oversizedBroadcasts.get();
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
		startReader();
		if (!isShared()) {
			// Left local; the reader primes it once Redis answers, no join waits on it
			return UP_TO_DATE;
		}
		try {
			return CompletableFuture.runAsync(() -> catchUpNow(history), this.joins);
		}
		catch (RejectedExecutionException ex) {
			// More joins than the readers take: the history catches up as the reader reads on
			return UP_TO_DATE;
		}
	}

	private void catchUpNow(HubHistory history) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (!history.isPrimed() || !readSince(connection, history)) {
				prime(connection, history);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the shared history of " + history.path() + " before a join", ex);
		}
		host().features().reclaimHistories();
		synchronized (this.wakeUp) {
			this.wakeUp.notifyAll();
		}
	}

	/**
	 * Prime a history that no join primed (the store could not be read then), once at a
	 * time, off the reader's thread.
	 */
	private void primeLater(HubHistory history) {
		if (this.priming.add(history)) {
			catchUp(history).whenComplete((done, ex) -> this.priming.remove(history));
		}
	}

	/**
	 * Take what the stream holds past what a primed history took last, in order.
	 * @return {@code false} if the stream no longer holds the broadcast right after it
	 * (trimmed, or expired): the history must be primed again
	 */
	private boolean readSince(RedisConnection connection, HubHistory history) {
		long position = history.sharedPosition();
		List<ByteRecord> records = connection.streamCommands()
			.xRange(bytes(streamKey(history.path())), Range.rightUnbounded(Range.Bound.inclusive(position + 1 + "-0")),
					Limit.limit().count(history.settings().historySize() + DELIVERY_MARGIN));
		if (records == null || records.isEmpty()) {
			return true;
		}
		StreamBroadcast first = StreamBroadcast.of(records.get(0));
		if ((first == null || first.id() != position + 1) && !history.isAttached()) {
			// Trimmed past it while no hub here used it: nobody here is owed what is gone
			return false;
		}
		SharedHistory.Host host = host();
		for (ByteRecord record : records) {
			StreamBroadcast broadcast = StreamBroadcast.of(record);
			if (broadcast != null) {
				broadcast.deliver(host, history.path(), this.instanceId);
			}
		}
		return true;
	}

	/**
	 * Prime a history from its stream: what was broadcast before a hub took the history is
	 * kept; what was broadcast since (when priming had to wait for Redis) is delivered, as
	 * the hub's sessions are owed it. The stream is read newest first, a page at a time,
	 * until the history is full: never more than the stream's byte bound.
	 */
	private void prime(RedisConnection connection, HubHistory history) {
		int size = history.settings().historySize();
		List<StreamBroadcast> kept = new ArrayList<>(size);
		List<StreamBroadcast> owed = new ArrayList<>();
		byte[] stream = bytes(streamKey(history.path()));
		// The counter before the stream: a broadcast that lands between the two reads is
		// then in the page (and owed) instead of counted as kept and never delivered
		byte[] lastId = connection.stringCommands().get(bytes(idKey(history.path())));
		Range<String> range = Range.unbounded();
		while (kept.size() < size) {
			List<ByteRecord> page = connection.streamCommands()
				.xRevRange(stream, range, Limit.limit().count(PRIME_PAGE));
			if (page == null || page.isEmpty()) {
				break;
			}
			for (ByteRecord record : page) {
				StreamBroadcast broadcast = StreamBroadcast.of(record);
				if (broadcast == null) {
					continue;
				}
				if (broadcast.millis() >= history.attachedMillis()) {
					owed.add(0, broadcast);
				}
				else if (kept.size() < size) {
					kept.add(0, broadcast);
				}
			}
			if (page.size() < PRIME_PAGE) {
				break;
			}
			range = Range.of(Range.Bound.unbounded(),
					Range.Bound.exclusive(page.get(page.size() - 1).getId().getValue()));
		}
		long lastKept;
		if (!kept.isEmpty()) {
			lastKept = kept.get(kept.size() - 1).id();
		}
		else if (!owed.isEmpty()) {
			lastKept = owed.get(0).id() - 1;
		}
		else {
			lastKept = (lastId != null) ? Long.parseLong(new String(lastId, StandardCharsets.UTF_8)) : 0;
		}
		history.prime(kept.stream().map(StreamBroadcast::toEntry).toList(), lastKept);
		SharedHistory.Host host = host();
		for (StreamBroadcast broadcast : owed) {
			broadcast.deliver(host, history.path(), this.instanceId);
		}
	}

	// Reader

	void start() {
		this.running = true;
	}

	/**
	 * Start the reader thread the first time a history hub needs it, so that an
	 * application without history runs no thread for it.
	 */
	private synchronized void startReader() {
		if (this.reader == null && this.running) {
			Thread thread = ClusterThreads.daemonThreads("multi-ws-cluster-history-").newThread(this::read);
			this.reader = thread;
			thread.start();
		}
	}

	synchronized void stop() {
		this.running = false;
		Thread thread = this.reader;
		if (thread != null) {
			thread.interrupt();
		}
	}

	private void read() {
		while (this.running) {
			try {
				readOnce();
				healthy();
			}
			catch (RuntimeException ex) {
				unhealthy(ex);
				closeConnection();
				pause(RETRY_NANOS);
			}
		}
		closeConnection();
	}

	private void readOnce() {
		Map<String, HubHistory> histories = new HashMap<>();
		for (WsHub hub : this.hubs.get().hubs()) {
			if (hub.history() instanceof HubHistory history) {
				histories.put(hub.path(), history);
			}
		}
		if (histories.isEmpty()) {
			pause(BLOCK.toNanos());
			return;
		}
		if (histories.values().stream().noneMatch(HubHistory::isPrimed)) {
			// Read once primed, off this thread
			histories.values().forEach(this::primeLater);
			pause(BLOCK.toNanos());
			return;
		}
		RedisConnection connection = connection();
		if (this.signalled != null) {
			readSignalled(connection, histories, this.signalled);
			return;
		}
		List<StreamOffset<byte[]>> offsets = new ArrayList<>(histories.size());
		Map<String, String> pathsByKey = new HashMap<>();
		for (Map.Entry<String, HubHistory> entry : histories.entrySet()) {
			HubHistory history = entry.getValue();
			if (!history.isPrimed()) {
				// Read once primed, off this thread
				primeLater(history);
				continue;
			}
			String key = streamKey(entry.getKey());
			pathsByKey.put(key, entry.getKey());
			offsets.add(StreamOffset.create(bytes(key), ReadOffset.from(history.sharedPosition() + "-0")));
		}
		@SuppressWarnings("unchecked")
		StreamOffset<byte[]>[] streams = offsets.toArray(new StreamOffset[0]);
		List<ByteRecord> records = connection.streamCommands()
			.xRead(StreamReadOptions.empty().count(READ_COUNT).block(BLOCK), streams);
		if (records == null) {
			return;
		}
		SharedHistory.Host host = host();
		for (ByteRecord record : records) {
			String path = pathsByKey.get(new String(record.getStream(), StandardCharsets.UTF_8));
			StreamBroadcast broadcast = StreamBroadcast.of(record);
			if (path != null && broadcast != null) {
				broadcast.deliver(host, path, this.instanceId);
			}
		}
	}

	/**
	 * Read the streams that are due, each on its own: a Redis Cluster refuses one read
	 * across slots.
	 */
	private void readSignalled(RedisConnection connection, Map<String, HubHistory> histories,
			SignalledReads signalled) {
		List<String> due = signalled.due(histories.keySet());
		if (due.isEmpty()) {
			try {
				signalled.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
			return;
		}
		SharedHistory.Host host = host();
		for (String path : due) {
			HubHistory history = histories.get(path);
			if (!history.isPrimed()) {
				// Read once primed, off this thread; priming reads all the stream holds now
				primeLater(history);
				signalled.read(path, false);
				continue;
			}
			List<ByteRecord> records = connection.streamCommands()
				.xRead(StreamReadOptions.empty().count(READ_COUNT), StreamOffset.create(bytes(streamKey(path)),
						ReadOffset.from(history.sharedPosition() + "-0")));
			signalled.read(path, records != null && records.size() >= READ_COUNT);
			for (ByteRecord record : (records != null) ? records : List.<ByteRecord>of()) {
				StreamBroadcast broadcast = StreamBroadcast.of(record);
				if (broadcast != null) {
					broadcast.deliver(host, path, this.instanceId);
				}
			}
		}
	}

	private RedisConnection connection() {
		RedisConnection connection = this.connection;
		if (connection == null || connection.isClosed()) {
			connection = this.connectionFactory.getConnection();
			this.connection = connection;
		}
		return connection;
	}

	private void closeConnection() {
		RedisConnection connection = this.connection;
		this.connection = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close the history connection", ex);
			}
		}
	}

	private void healthy() {
		if (!this.readerHealthy) {
			this.readerHealthy = true;
			this.readFailure = null;
			// Signals may have been lost meanwhile
			wakeAll();
		}
		if (this.degradedLogged && this.publisher.isAvailable()) {
			this.degradedLogged = false;
			logger.info("Redis answers again: hub history is shared by the cluster again");
		}
	}

	private void unhealthy(RuntimeException ex) {
		if (this.readerHealthy) {
			this.readerHealthy = false;
			this.readFailure = new LocalReason(Instant.now(),
					"the history streams cannot be read: " + NestedExceptionUtils.getMostSpecificCause(ex));
			logger.debug("Could not read the shared hub history", ex);
		}
	}

	private void pause(long nanos) {
		synchronized (this.wakeUp) {
			try {
				TimeUnit.NANOSECONDS.timedWait(this.wakeUp, nanos);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

	// Keys

	String streamKey(String path) {
		return this.channels.historyStream(path);
	}

	String idKey(String path) {
		return this.channels.historyId(path);
	}

	String bytesKey(String path) {
		return this.channels.historyBytes(path);
	}

	private static ByteBuffer utf8(String value) {
		return ByteBuffer.wrap(bytes(value));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "ClusterHistory[shared=" + isShared() + ", localBroadcasts=" + this.localBroadcasts.get() + "]";
	}

	/**
	 * Since when and why broadcasts to history hubs are numbered by each instance alone.
	 *
	 * @param since when it started
	 * @param reason why
	 */
	record LocalReason(Instant since, String reason) {

	}

}
