package io.multiws.features;

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
 * The history of one hub path: an id sequence ({@link HistoryIds}) and a ring of the last
 * broadcasts, bounded in count, bytes and age ({@link HistoryEntries}), joined and
 * appended to as one step.
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
 * <strong>Shared by a cluster.</strong> With a {@link SharedHistory}, the ids come from the
 * shared store and every instance receives the broadcasts of the hub in id order through
 * {@link #accept}, which takes the same lock as a join; a new history is first
 * {@link #prime primed} with the store's last broadcasts, read on a thread of the store's
 * own: the sessions that join meanwhile get their replay once it is primed, before any
 * broadcast that reaches them. When the store cannot be reached, broadcasts are numbered
 * here again ({@link #append}); {@link HistoryIds} says how ids are chosen.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class HubHistory implements WsHubHistory {

	private static final Log logger = LogFactory.getLog(HubHistory.class);

	private final String path;

	private final HubFeatureSettings settings;

	private final LongSupplier clock;

	private final Object lock = new Object();

	private final HistoryEntries entries;

	private final HistoryIds ids;

	private final HistoryUse use;

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
		this.entries = new HistoryEntries(path, settings, budget);
		this.ids = new HistoryIds(clock.getAsLong());
		this.use = new HistoryUse(clock);
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
				this.entries.expire(this.clock.getAsLong());
				this.entries.replay(session, this.settings.messageIds() ? lastEventId : null, this.ids.last());
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
			long id = this.ids.next();
			return delivery.applyAsInt(this.entries.keep(id, this.clock.getAsLong(), payload));
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
			long previous = this.ids.last();
			HistoryIds.Taken taken = this.ids.take(id);
			if (taken == HistoryIds.Taken.SEEN) {
				return 0;
			}
			if (taken == HistoryIds.Taken.AFTER_HOLE) {
				logger.warn("Broadcasts " + (previous + 1) + " to " + (id - 1) + " of hub " + this.path
						+ " were trimmed from the shared history before this instance read them: its sessions miss"
						+ " them, and a resume from before " + id + " is answered with a gap");
			}
			if (taken != HistoryIds.Taken.NEXT) {
				this.entries.clear();
			}
			return delivery.applyAsInt(this.entries.keep(id, millis, payload));
		}
	}

	/**
	 * Replace what this history keeps with the last broadcasts of the shared store.
	 * @param kept the store's last broadcasts, oldest first
	 * @param lastId the store's last id, {@code 0} if it has none
	 */
	public void prime(List<WsHistoryEntry> kept, long lastId) {
		synchronized (this.lock) {
			if (!this.ids.prime(lastId)) {
				return;
			}
			this.entries.clear();
			for (WsHistoryEntry entry : kept) {
				this.entries.keep(entry.id(), entry.timestamp().toEpochMilli(), entry.payload());
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
			return this.ids.isNumberedHere();
		}
	}

	/**
	 * Whether this history was primed from the shared store.
	 * @return {@code true} once primed
	 */
	public boolean isPrimed() {
		synchronized (this.lock) {
			return this.ids.isPrimed();
		}
	}

	/**
	 * Return the id of the last broadcast this history took from the shared store.
	 * @return the id, {@code 0} if the store had none
	 */
	public long sharedPosition() {
		synchronized (this.lock) {
			return this.ids.sharedPosition();
		}
	}

	/**
	 * Drop the broadcasts older than the ttl.
	 * @param now the wall clock, in milliseconds
	 */
	void expire(long now) {
		synchronized (this.lock) {
			this.entries.expire(now);
		}
	}

	/**
	 * Drop the oldest entry to make room in the budget.
	 * @return when the oldest entry left was broadcast, or {@code -1} if none is left
	 */
	long evictOldest() {
		synchronized (this.lock) {
			return this.entries.evictOldest();
		}
	}

	/**
	 * Return when the oldest entry was broadcast.
	 * @return the wall clock time in milliseconds, or {@code -1} without entries
	 */
	long oldestMillis() {
		synchronized (this.lock) {
			return this.entries.oldestMillis();
		}
	}

	/**
	 * Drop every entry and stop counting this history in the budget, for good: called
	 * once the registry no longer keeps it. A hub that still broadcasts through it (a
	 * broadcast in flight while its hub is removed) delivers without keeping.
	 */
	void release() {
		synchronized (this.lock) {
			this.entries.release();
		}
	}

	/**
	 * Return whether and since when a live hub of this instance uses this history.
	 * @return the use, which the registry records
	 */
	HistoryUse use() {
		return this.use;
	}

	/**
	 * Whether a live hub of this instance uses this history.
	 * @return {@code true} from the hub's creation to its removal
	 */
	public boolean isAttached() {
		return this.use.isAttached();
	}

	/**
	 * Return when the last hub that used this history was removed.
	 * @return the wall clock time in milliseconds, {@code 0} if none was
	 */
	public long detachedMillis() {
		return this.use.detachedMillis();
	}

	/**
	 * Return when a hub last started using this history: broadcasts made since then are
	 * owed to its sessions, those made before are only kept.
	 * @return the wall clock time, in milliseconds
	 */
	public long attachedMillis() {
		return this.use.attachedMillis();
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
			return this.entries.snapshot();
		}
	}

	@Override
	public long lastId() {
		synchronized (this.lock) {
			return this.ids.last();
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
			return this.entries.heapBytes();
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
			return this.entries.replayBytes();
		}
	}

	@Override
	public String toString() {
		return "HubHistory[path=" + this.path + ", entries=" + size() + ", replayBytes=" + replayBytes()
				+ ", retainedBytes=" + retainedBytes() + "]";
	}

}
