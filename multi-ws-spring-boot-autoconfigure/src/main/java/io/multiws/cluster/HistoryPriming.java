package io.multiws.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.multiws.features.HubHistory;
import io.multiws.features.SharedHistory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;

/**
 * Brings a hub's history up to date with its Redis stream before a join, on a small pool
 * of its own: a new history is primed with the stream's last broadcasts
 * ({@code XREVRANGE}, a page at a time, newest first), a primed one takes what the stream
 * holds past its position ({@code XRANGE}), so that a client that reconnects to any
 * instance resumes from the same ids. A history that no join could prime (the stream could
 * not be read then) is primed later, once at a time, for the reader.
 *
 * @author multi-ws team
 */
final class HistoryPriming {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	/**
	 * How many broadcasts a join reads from the stream at a time, newest first.
	 */
	private static final int PRIME_PAGE = 64;

	/**
	 * Joins that may wait for a reader of the stream at a time; past them, a join does not
	 * wait and its history catches up as the relay reads on.
	 */
	private static final int MAX_WAITING_JOINS = 1024;

	private static final CompletionStage<Void> UP_TO_DATE = CompletableFuture.completedFuture(null);

	private final RedisConnectionFactory connectionFactory;

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final Supplier<SharedHistory.Host> host;

	private final HistoryFallback fallback;

	private final Object wakeUp;

	private final Set<HubHistory> priming = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor joins = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(MAX_WAITING_JOINS), ClusterThreads.daemonThreads("multi-ws-cluster-join-"));

	/**
	 * Create the priming.
	 * @param connectionFactory the connection factory, for reading the streams
	 * @param channels the names of the keys
	 * @param instanceId the id of this instance
	 * @param host the registry's side of the shared history, once attached
	 * @param fallback whether the history is shared
	 * @param wakeUp the monitor the reader waits on, notified after each catch-up
	 */
	HistoryPriming(RedisConnectionFactory connectionFactory, ClusterChannels channels, byte[] instanceId,
			Supplier<SharedHistory.Host> host, HistoryFallback fallback, Object wakeUp) {
		this.connectionFactory = connectionFactory;
		this.channels = channels;
		this.instanceId = instanceId;
		this.host = host;
		this.fallback = fallback;
		this.wakeUp = wakeUp;
		this.joins.allowCoreThreadTimeOut(true);
	}

	/**
	 * Bring a history up to date with its stream, off the caller's thread.
	 * @param history the history of a hub
	 * @return a stage completed once it is, at once if the history is not shared or too
	 * many joins wait
	 */
	CompletionStage<Void> catchUp(HubHistory history) {
		if (!this.fallback.isShared()) {
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
		this.host.get().features().reclaimHistories();
		synchronized (this.wakeUp) {
			this.wakeUp.notifyAll();
		}
	}

	/**
	 * Prime a history that no join primed (the store could not be read then), once at a
	 * time, off the reader's thread.
	 * @param history the history of a hub
	 */
	void primeLater(HubHistory history) {
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
			.xRange(bytes(this.channels.historyStream(history.path())),
					Range.rightUnbounded(Range.Bound.inclusive(position + 1 + "-0")),
					Limit.limit().count(history.settings().historySize() + HistoryAppends.DELIVERY_MARGIN));
		if (records == null || records.isEmpty()) {
			return true;
		}
		StreamBroadcast first = StreamBroadcast.of(records.get(0));
		if ((first == null || first.id() != position + 1) && !history.isAttached()) {
			// Trimmed past it while no hub here used it: nobody here is owed what is gone
			return false;
		}
		SharedHistory.Host host = this.host.get();
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
		byte[] stream = bytes(this.channels.historyStream(history.path()));
		// The counter before the stream: a broadcast that lands between the two reads is
		// then in the page (and owed) instead of counted as kept and never delivered
		byte[] lastId = connection.stringCommands().get(bytes(this.channels.historyId(history.path())));
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
		SharedHistory.Host host = this.host.get();
		for (StreamBroadcast broadcast : owed) {
			broadcast.deliver(host, history.path(), this.instanceId);
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "HistoryPriming[joins=" + this.joins.getActiveCount() + ", priming=" + this.priming.size() + "]";
	}

}
