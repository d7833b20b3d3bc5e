package io.multiws.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.multiws.hub.WsHistoryEntry;
import io.multiws.hub.WsHubHistory;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The history of one hub path: an id sequence and a ring of the last broadcasts, bounded
 * in count, bytes and age.
 * <p>
 * <strong>Two byte counts.</strong> {@code history.max-bytes} bounds what a joiner's
 * replay queues, in the units of its outbound buffer: the size on the wire of each
 * message as sent, id prefix included, and room for a {@code gap:} signal, so that a full
 * replay fits a send buffer of that size. The heap the entries hold is counted in the
 * registry's {@link HistoryBudget}: the message as sent and the encoded copy its first
 * write builds (see {@link HeapSize}).
 * <p>
 * <strong>The join boundary.</strong> A joining session must get every broadcast exactly
 * once: either from the history replay or live, never both and never neither. Both sides
 * therefore run under this history's lock:
 * <ul>
 * <li>a broadcast ({@link #append}) takes the lock, assigns the next id, appends, and
 * queues the message for the hub's sessions as they are at that moment, then releases
 * it;</li>
 * <li>a join ({@link #join}) takes the lock, adds the session to the hub, and queues the
 * replay for it, then releases it.</li>
 * </ul>
 * A broadcast ordered before the join is in the replay and was not queued for the joiner
 * (it was not yet a member); one ordered after it finds the joiner a member and is queued
 * behind the replay. Queuing never blocks (each session has its own bounded queue), so the
 * lock is held for one pass over the hub's sessions. The same lock makes the ids of a hub
 * reach every session in increasing order, which is what makes a resume from the last id
 * seen exact. Lock order: this lock, then the hub's monitor, then a session's lock; nothing
 * takes them the other way round.
 * <p>
 * Ids start at the creation time of the history in milliseconds times 1000 and grow by
 * one per broadcast, so that the ids of a history created after a restart are above those
 * of the previous one and a resume across a restart is answered with a gap, never with
 * wrong messages.
 * <p>
 * <strong>Shared by a cluster.</strong> With a {@link SharedHistory}, the ids come from the
 * shared store and every instance receives the broadcasts of the hub in id order through
 * {@link #accept}, which takes the same lock as a join; a new history is first
 * {@link #prime primed} with the store's last broadcasts, read on a thread of the store's
 * own: the sessions that join meanwhile get their replay once it is primed, before any
 * broadcast that reaches them. When the store cannot be
 * reached, broadcasts are numbered here again ({@link #append}), after a jump of
 * {@value #LOCAL_ID_JUMP} ids, so that an id handed out while cut off is never taken for
 * one of the cluster's: a client that resumes with it elsewhere is answered with a gap.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class HubHistory implements WsHubHistory {

	private static final Log logger = LogFactory.getLog(HubHistory.class);

	/**
	 * How far ids jump when a shared history falls back to numbering on its own.
	 */
	public static final long LOCAL_ID_JUMP = 1_000_000_000L;

	/**
	 * How long a history that a join is preparing is kept before its hub takes it.
	 */
	private static final long JOINING_MILLIS = 10_000;

	/**
	 * The most a {@code gap:} signal takes on the wire: its prefix and a long.
	 */
	static final int GAP_BYTES = MessageIdFrame.GAP_PREFIX.length() + 20;

	private final String path;

	private final HubFeatureSettings settings;

	private final LongSupplier clock;

	private final HistoryBudget budget;

	private final long overheadBytes;

	private final Object lock = new Object();

	private final ArrayDeque<Entry> entries;

	private long lastId;

	private long bytes;

	private long heapBytes;

	private boolean released;

	private volatile boolean attached;

	private volatile long joiningMillis;

	private volatile long detachedMillis;

	private boolean numberedHere = true;

	private long sharedPosition;

	private boolean primed;

	private volatile long attachedMillis;

	/**
	 * Create an empty history.
	 * @param path the hub path
	 * @param settings the endpoint's settings, with a history
	 * @param clock the wall clock, in milliseconds
	 */
	public HubHistory(String path, HubFeatureSettings settings, LongSupplier clock) {
		this(path, settings, clock, HistoryBudget.unlimited());
	}

	/**
	 * Create an empty history, counted in a budget until it is {@link #release()
	 * released}.
	 * @param path the hub path
	 * @param settings the endpoint's settings, with a history
	 * @param clock the wall clock, in milliseconds
	 * @param budget the budget of every history of the registry
	 */
	public HubHistory(String path, HubFeatureSettings settings, LongSupplier clock, HistoryBudget budget) {
		this.path = path;
		this.settings = settings;
		this.clock = clock;
		this.budget = budget;
		this.entries = new ArrayDeque<>(Math.min(settings.historySize(), 64));
		this.lastId = clock.getAsLong() * 1000;
		this.attachedMillis = clock.getAsLong();
		this.overheadBytes = HeapSize.history(path);
		budget.add(this.overheadBytes);
	}

	/**
	 * Add a session to the hub and queue the replay for it, as one step against
	 * broadcasts.
	 * @param <T> the outcome of adding
	 * @param session the joining session
	 * @param lastEventId the id of the last message the session saw, as its client sent
	 * it when reconnecting, or {@code null} for a first connection
	 * @param add adds the session to the hub's members
	 * @param joined whether an outcome means the session was added
	 * @return the outcome of adding
	 */
	public <T> T join(WsSession session, @Nullable String lastEventId, Supplier<T> add, Predicate<T> joined) {
		synchronized (this.lock) {
			T outcome = add.get();
			if (joined.test(outcome)) {
				replay(session, lastEventId);
			}
			return outcome;
		}
	}

	/**
	 * Number a broadcast, keep it, and deliver it to the hub's current sessions, as one
	 * step against joins.
	 * @param payload the payload as the application broadcast it
	 * @param delivery delivers the payload as sent (framed with its id when the endpoint
	 * has message ids) and returns the number of sessions
	 * @return what the delivery returned
	 */
	public int append(WsPayload payload, ToIntFunction<WsPayload> delivery) {
		synchronized (this.lock) {
			if (!this.numberedHere) {
				this.numberedHere = true;
				this.lastId += LOCAL_ID_JUMP;
			}
			long id = ++this.lastId;
			WsPayload sent = this.settings.messageIds() ? MessageIdFrame.frame(id, payload) : payload;
			keep(id, this.clock.getAsLong(), sent);
			return delivery.applyAsInt(sent);
		}
	}

	/**
	 * Keep and deliver a broadcast numbered by the shared store, once: an id already seen
	 * is ignored; after a hole (broadcasts trimmed from the store before this instance
	 * read them), what was kept is dropped, so that a resume from before the hole is
	 * answered with a gap.
	 * @param id the id the store gave
	 * @param millis when it was broadcast, in milliseconds
	 * @param payload the payload as the application broadcast it
	 * @param delivery delivers the payload as sent and returns the number of sessions
	 * @return what the delivery returned, {@code 0} for an id already seen
	 */
	public int accept(long id, long millis, WsPayload payload, ToIntFunction<WsPayload> delivery) {
		synchronized (this.lock) {
			if (this.numberedHere) {
				// Back from numbering on its own: the ids handed out meanwhile are not the cluster's
				this.numberedHere = false;
				clear();
			}
			else if (id <= this.lastId) {
				return 0;
			}
			// 0: primed from a store that had numbered nothing yet, so nothing came before
			else if (this.lastId != 0 && id != this.lastId + 1) {
				logger.warn("Broadcasts " + (this.lastId + 1) + " to " + (id - 1) + " of hub " + this.path
						+ " were trimmed from the shared history before this instance read them: its sessions miss"
						+ " them, and a resume from before " + id + " is answered with a gap");
				clear();
			}
			this.lastId = id;
			this.sharedPosition = id;
			WsPayload sent = this.settings.messageIds() ? MessageIdFrame.frame(id, payload) : payload;
			keep(id, millis, sent);
			return delivery.applyAsInt(sent);
		}
	}

	/**
	 * Replace what this history keeps with the last broadcasts of the shared store.
	 * @param kept the store's last broadcasts, oldest first
	 * @param lastId the store's last id, {@code 0} if it has none
	 */
	public void prime(List<WsHistoryEntry> kept, long lastId) {
		synchronized (this.lock) {
			if (this.primed && lastId <= this.lastId) {
				// Primed meanwhile from a later read of the store
				return;
			}
			clear();
			this.numberedHere = false;
			this.lastId = lastId;
			this.sharedPosition = lastId;
			this.primed = true;
			for (WsHistoryEntry entry : kept) {
				WsPayload payload = entry.payload();
				WsPayload sent = this.settings.messageIds() ? MessageIdFrame.frame(entry.id(), payload) : payload;
				keep(entry.id(), entry.timestamp().toEpochMilli(), sent);
			}
		}
	}

	/**
	 * Whether this history numbers broadcasts itself: without a shared store, or while it
	 * cannot be reached.
	 * @return {@code true} if ids are local to this instance
	 */
	public boolean isNumberedHere() {
		synchronized (this.lock) {
			return this.numberedHere;
		}
	}

	/**
	 * Whether this history was primed from the shared store.
	 * @return {@code true} once primed
	 */
	public boolean isPrimed() {
		synchronized (this.lock) {
			return this.primed;
		}
	}

	/**
	 * Return the id of the last broadcast this history took from the shared store.
	 * @return the id, {@code 0} if the store had none
	 */
	public long sharedPosition() {
		synchronized (this.lock) {
			return this.sharedPosition;
		}
	}

	private void clear() {
		this.entries.clear();
		this.bytes = 0;
		this.budget.release(this.heapBytes);
		this.heapBytes = 0;
	}

	private void keep(long id, long millis, WsPayload sent) {
		int size = sent.size();
		long maxBytes = replayBound();
		if (size > maxBytes || this.released) {
			// Larger than the whole history: dropping everything else would not make it fit
			clear();
			return;
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
	}

	/**
	 * Return the most the kept messages may take on the wire: what a replay queues, which
	 * may start with a {@code gap:} signal.
	 */
	private long replayBound() {
		return this.settings.historyMaxBytes() - (this.settings.messageIds() ? GAP_BYTES : 0);
	}

	private void replay(WsSession session, @Nullable String lastEventId) {
		expire(this.clock.getAsLong());
		String resumeFrom = this.settings.messageIds() ? lastEventId : null;
		long oldest = this.entries.isEmpty() ? this.lastId + 1 : this.entries.getFirst().id();
		long seen = (resumeFrom != null) ? parseId(resumeFrom) : Long.MIN_VALUE;
		if (resumeFrom != null && (seen < oldest - 1 || seen > this.lastId)) {
			session.send(MessageIdFrame.gap(oldest));
		}
		boolean resumable = seen >= oldest - 1 && seen <= this.lastId;
		for (Entry entry : this.entries) {
			if (!resumable || entry.id() > seen) {
				session.send(entry.sent());
			}
		}
	}

	private static long parseId(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			// Not one of ours: answered like an id too old, so that the client reloads
			return Long.MIN_VALUE;
		}
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
		synchronized (this.lock) {
			while (!this.entries.isEmpty() && now - this.entries.getFirst().millis() > ttl) {
				dropOldest();
			}
		}
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
		synchronized (this.lock) {
			if (this.entries.isEmpty()) {
				return -1;
			}
			dropOldest();
			this.budget.evictedEntry();
			return this.entries.isEmpty() ? -1 : this.entries.getFirst().millis();
		}
	}

	/**
	 * Return when the oldest entry was broadcast.
	 * @return the wall clock time in milliseconds, or {@code -1} without entries
	 */
	long oldestMillis() {
		synchronized (this.lock) {
			return this.entries.isEmpty() ? -1 : this.entries.getFirst().millis();
		}
	}

	/**
	 * Drop every entry and stop counting this history in the budget, for good: called
	 * once the registry no longer keeps it. A hub that still broadcasts through it (a
	 * broadcast in flight while its hub is removed) delivers without keeping.
	 */
	void release() {
		synchronized (this.lock) {
			if (!this.released) {
				this.released = true;
				clear();
				this.budget.release(this.overheadBytes);
			}
		}
	}

	/**
	 * Whether a live hub of this instance uses this history.
	 * @return {@code true} from the hub's creation to its removal
	 */
	public boolean isAttached() {
		return this.attached;
	}

	/**
	 * Record that a join is preparing this history for a hub that has not taken it yet.
	 * @param now the wall clock, in milliseconds
	 */
	void joining(long now) {
		this.joiningMillis = now;
	}

	/**
	 * Whether a join prepared this history recently, so that it is not dropped before its
	 * hub takes it.
	 * @param now the wall clock, in milliseconds
	 * @return {@code true} within a few seconds of {@link #joining}
	 */
	boolean isJoining(long now) {
		return now - this.joiningMillis < JOINING_MILLIS;
	}

	void attached(boolean attached) {
		this.attached = attached;
		if (attached) {
			this.attachedMillis = this.clock.getAsLong();
		}
		else {
			this.detachedMillis = this.clock.getAsLong();
		}
	}

	/**
	 * Return when the last hub that used this history was removed.
	 * @return the wall clock time in milliseconds, {@code 0} if none was
	 */
	public long detachedMillis() {
		return this.detachedMillis;
	}

	/**
	 * Return when a hub last started using this history: broadcasts made since then are
	 * owed to its sessions, those made before are only kept.
	 * @return the wall clock time, in milliseconds
	 */
	public long attachedMillis() {
		return this.attachedMillis;
	}

	/**
	 * Return the settings of this history's endpoint.
	 * @return the settings
	 */
	public HubFeatureSettings settings() {
		return this.settings;
	}

	/**
	 * Return the hub path of this history.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	@Override
	public boolean isEnabled() {
		return true;
	}

	@Override
	public List<WsHistoryEntry> entries() {
		synchronized (this.lock) {
			List<WsHistoryEntry> result = new ArrayList<>(this.entries.size());
			for (Entry entry : this.entries) {
				WsPayload payload = this.settings.messageIds() ? MessageIdFrame.unframe(entry.sent()) : entry.sent();
				result.add(new WsHistoryEntry(entry.id(), Instant.ofEpochMilli(entry.millis()), payload));
			}
			return result;
		}
	}

	@Override
	public long lastId() {
		synchronized (this.lock) {
			return this.lastId;
		}
	}

	@Override
	public int size() {
		synchronized (this.lock) {
			return this.entries.size();
		}
	}

	/**
	 * Return the heap the kept messages hold, as counted in the registry's
	 * {@link HistoryBudget}.
	 * @return the retained size in bytes
	 */
	@Override
	public long retainedBytes() {
		synchronized (this.lock) {
			return this.heapBytes;
		}
	}

	/**
	 * Return what a joiner's replay of every kept message queues, in the units of its
	 * outbound buffer: the size on the wire of each message as sent, as counted against
	 * {@code history.max-bytes}.
	 * @return the replay size in bytes
	 */
	public long replayBytes() {
		synchronized (this.lock) {
			return this.bytes;
		}
	}

	@Override
	public String toString() {
		return "HubHistory[path=" + this.path + ", entries=" + size() + ", replayBytes=" + replayBytes()
				+ ", retainedBytes=" + retainedBytes() + "]";
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
