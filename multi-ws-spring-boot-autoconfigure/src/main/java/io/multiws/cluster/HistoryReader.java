package io.multiws.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.multiws.features.HubHistory;
import io.multiws.features.SharedHistory;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsRelayContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * Reads the history streams of this instance's history hubs from the last id each took,
 * on one thread with one dedicated connection, and hands each broadcast to its history,
 * which delivers an id once and in order. On one server a single {@code XREAD BLOCK}
 * waits on every stream; on a Redis Cluster, where one read cannot span slots, each
 * stream is read on its own when {@link SignalledReads} says it is due. A history not
 * primed yet is left to {@link HistoryPriming}. A read that fails makes the history local
 * ({@link HistoryFallback}) until one succeeds again.
 *
 * @author multi-ws team
 */
final class HistoryReader {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private static final Duration BLOCK = Duration.ofMillis(200);

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private static final int READ_COUNT = 1000;

	private final RedisConnectionFactory connectionFactory;

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final Supplier<WsRelayContext> hubs;

	private final Supplier<SharedHistory.Host> host;

	private final HistoryPriming priming;

	private final HistoryFallback fallback;

	private final @Nullable SignalledReads signalled;

	private final Object wakeUp;

	private volatile boolean running;

	private @Nullable Thread reader;

	private @Nullable RedisConnection connection;

	/**
	 * Create the reader.
	 * @param connectionFactory the connection factory, for reading the streams
	 * @param channels the names of the keys
	 * @param instanceId the id of this instance
	 * @param hubs the hubs of this instance, once the relay is attached to them
	 * @param host the registry's side of the shared history, once attached
	 * @param priming primes the histories that are not primed yet
	 * @param fallback told whether the streams can be read
	 * @param signalled on a Redis Cluster, which streams are due; {@code null} for one
	 * server
	 * @param wakeUp the monitor the reader waits on
	 */
	HistoryReader(RedisConnectionFactory connectionFactory, ClusterChannels channels, byte[] instanceId,
			Supplier<WsRelayContext> hubs, Supplier<SharedHistory.Host> host, HistoryPriming priming,
			HistoryFallback fallback, @Nullable SignalledReads signalled, Object wakeUp) {
		this.connectionFactory = connectionFactory;
		this.channels = channels;
		this.instanceId = instanceId;
		this.hubs = hubs;
		this.host = host;
		this.priming = priming;
		this.fallback = fallback;
		this.signalled = signalled;
		this.wakeUp = wakeUp;
	}

	void start() {
		this.running = true;
	}

	/**
	 * Start the reader thread the first time a history hub needs it, so that an
	 * application without history runs no thread for it.
	 */
	synchronized void startThread() {
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
				this.fallback.readFailed(ex);
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
			histories.values().forEach(this.priming::primeLater);
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
				this.priming.primeLater(history);
				continue;
			}
			String key = this.channels.historyStream(entry.getKey());
			pathsByKey.put(key, entry.getKey());
			offsets.add(StreamOffset.create(bytes(key), ReadOffset.from(history.sharedPosition() + "-0")));
		}
		StreamOffset<byte[]>[] streams = toArray(offsets);
		List<ByteRecord> records = connection.streamCommands()
			.xRead(StreamReadOptions.empty().count(READ_COUNT).block(BLOCK), streams);
		if (records == null) {
			return;
		}
		SharedHistory.Host host = this.host.get();
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
		SharedHistory.Host host = this.host.get();
		for (String path : due) {
			HubHistory history = histories.get(path);
			if (!history.isPrimed()) {
				// Read once primed, off this thread; priming reads all the stream holds now
				this.priming.primeLater(history);
				signalled.read(path, false);
				continue;
			}
			List<ByteRecord> records = connection.streamCommands()
				.xRead(StreamReadOptions.empty().count(READ_COUNT),
						toArray(List.of(StreamOffset.create(bytes(this.channels.historyStream(path)),
								ReadOffset.from(history.sharedPosition() + "-0")))));
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
		if (this.fallback.readSucceeded() && this.signalled != null) {
			// Signals may have been lost meanwhile
			this.signalled.signalAll();
		}
		this.fallback.sharedAgain();
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

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "HistoryReader[running=" + this.running + ", signalled=" + this.signalled + "]";
	}


	/**
	 * The offsets as the array that {@code XREAD} takes: Java cannot create an array of a
	 * generic type, so the raw array is made here, once, and typed.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static StreamOffset<byte[]>[] toArray(List<StreamOffset<byte[]>> offsets) {
		return offsets.toArray(new StreamOffset[0]);
	}

}
