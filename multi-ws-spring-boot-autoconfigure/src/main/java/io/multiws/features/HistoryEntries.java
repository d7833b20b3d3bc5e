package io.multiws.features;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * The broadcasts one {@link HubHistory} keeps: a ring bounded in count, in size on the
 * wire and in age, whose heap is counted in the registry's {@link HistoryBudget} until it
 * is {@link #release() released}.
 * <p>
 * <strong>Two byte counts.</strong> {@code history.max-bytes} bounds what a joiner's
 * replay queues, in the units of its outbound buffer: the size on the wire of each
 * message as sent, id prefix included, and room for a {@code gap:} signal, so that a full
 * replay fits a send buffer of that size. The heap the entries hold is counted in the
 * registry's {@link HistoryBudget}: the message as sent and the encoded copy its first
 * write builds (see {@link HeapSize}).
 * <p>
 * Not thread-safe: every method runs under the lock of the history that owns it.
 *
 * @author multi-ws team
 */
final class HistoryEntries {

	private final HubFeatureSettings settings;

	private final HistoryBudget budget;

	private final long overheadBytes;

	private final ArrayDeque<Entry> entries;

	private long bytes;

	private long heapBytes;

	private boolean released;

	/**
	 * Create an empty ring and count the history's own overhead in the budget.
	 * @param path the hub path, which the overhead counts
	 * @param settings the endpoint's settings, with a history
	 * @param budget the budget of every history of the registry
	 */
	HistoryEntries(String path, HubFeatureSettings settings, HistoryBudget budget) {
		this.settings = settings;
		this.budget = budget;
		this.entries = new ArrayDeque<>(Math.min(settings.historySize(), 64));
		this.overheadBytes = HeapSize.history(path);
		budget.add(this.overheadBytes);
	}

	/**
	 * Keep a broadcast as sent, framed with its id when the endpoint has message ids,
	 * dropping the oldest ones to stay within the bounds.
	 * @param id its id
	 * @param millis when it was broadcast, in milliseconds
	 * @param payload the payload as the application broadcast it
	 * @return the payload as sent
	 */
	WsPayload keep(long id, long millis, WsPayload payload) {
		WsPayload sent = this.settings.messageIds() ? MessageIdFrame.frame(id, payload) : payload;
		int size = sent.size();
		long maxBytes = replayBound();
		if (size > maxBytes || this.released) {
			// Larger than the whole history: dropping everything else would not make it fit
			clear();
			return sent;
		}
		Entry entry = new Entry(id, millis, sent, size, HeapSize.entry(sent));
		this.entries.addLast(entry);
		this.bytes += size;
		this.heapBytes += entry.heapBytes();
		this.budget.add(entry.heapBytes());
		while (this.entries.size() > this.settings.historySize() || this.bytes > maxBytes) {
			dropOldest();
		}
		expire(millis);
		return sent;
	}

	/**
	 * Return the most the kept messages may take on the wire: what a replay queues, which
	 * may start with a {@code gap:} signal.
	 */
	private long replayBound() {
		return this.settings.historyMaxBytes() - (this.settings.messageIds() ? MessageIdFrame.GAP_BYTES : 0);
	}

	/**
	 * Drop the broadcasts older than the ttl.
	 * @param now the wall clock, in milliseconds
	 */
	void expire(long now) {
		long ttl = this.settings.historyTtl().toMillis();
		if (ttl <= 0) {
			return;
		}
		while (!this.entries.isEmpty() && now - this.entries.getFirst().millis() > ttl) {
			dropOldest();
		}
	}

	/**
	 * Drop every kept broadcast.
	 */
	void clear() {
		this.entries.clear();
		this.bytes = 0;
		this.budget.release(this.heapBytes);
		this.heapBytes = 0;
	}

	private void dropOldest() {
		Entry oldest = this.entries.removeFirst();
		this.bytes -= oldest.size();
		this.heapBytes -= oldest.heapBytes();
		this.budget.release(oldest.heapBytes());
	}

	/**
	 * Drop the oldest entry to make room in the budget.
	 * @return when the oldest entry left was broadcast, or {@code -1} if none is left
	 */
	long evictOldest() {
		if (this.entries.isEmpty()) {
			return -1;
		}
		dropOldest();
		this.budget.evictedEntry();
		return oldestMillis();
	}

	/**
	 * Return when the oldest entry was broadcast.
	 * @return the wall clock time in milliseconds, or {@code -1} without entries
	 */
	long oldestMillis() {
		return this.entries.isEmpty() ? -1 : this.entries.getFirst().millis();
	}

	/**
	 * Queue what a joiner is owed, oldest first: every kept broadcast, or those after the
	 * id it saw last, behind a {@code gap:} signal if that id is no longer kept or not one
	 * of ours.
	 * @param session the joiner
	 * @param resumeFrom the id the joiner saw last, as its client sent it, or {@code null}
	 * for a first connection
	 * @param lastId the id of the last broadcast
	 */
	void replay(WsSession session, @Nullable String resumeFrom, long lastId) {
		long oldest = this.entries.isEmpty() ? lastId + 1 : this.entries.getFirst().id();
		long seen = (resumeFrom != null) ? MessageIdFrame.parseId(resumeFrom) : Long.MIN_VALUE;
		if (resumeFrom != null && (seen < oldest - 1 || seen > lastId)) {
			session.send(MessageIdFrame.gap(oldest));
		}
		boolean resumable = seen >= oldest - 1 && seen <= lastId;
		for (Entry entry : this.entries) {
			if (!resumable || entry.id() > seen) {
				session.send(entry.sent());
			}
		}
	}

	/**
	 * Drop every entry and stop counting in the budget, for good: later broadcasts are
	 * not kept.
	 * @return whether this call released it, {@code false} if it already was
	 */
	boolean release() {
		if (this.released) {
			return false;
		}
		this.released = true;
		clear();
		this.budget.release(this.overheadBytes);
		return true;
	}

	/**
	 * Return the kept broadcasts as the application broadcast them.
	 * @return a snapshot, oldest first
	 */
	List<WsHistoryEntry> snapshot() {
		List<WsHistoryEntry> result = new ArrayList<>(this.entries.size());
		for (Entry entry : this.entries) {
			WsPayload payload = this.settings.messageIds() ? MessageIdFrame.unframe(entry.sent()) : entry.sent();
			result.add(new WsHistoryEntry(entry.id(), Instant.ofEpochMilli(entry.millis()), payload));
		}
		return result;
	}

	int size() {
		return this.entries.size();
	}

	/**
	 * Return the size on the wire of the kept broadcasts, as sent.
	 * @return the replay size in bytes
	 */
	long replayBytes() {
		return this.bytes;
	}

	/**
	 * Return the heap the kept broadcasts hold, as counted in the budget.
	 * @return the retained size in bytes
	 */
	long heapBytes() {
		return this.heapBytes;
	}

	/**
	 * A kept broadcast.
	 *
	 * @param id its id
	 * @param millis when it was broadcast
	 * @param sent the payload as sent
	 * @param size its size on the wire
	 * @param heapBytes the heap it holds
	 */
	private record Entry(long id, long millis, WsPayload sent, int size, long heapBytes) {

	}

}
