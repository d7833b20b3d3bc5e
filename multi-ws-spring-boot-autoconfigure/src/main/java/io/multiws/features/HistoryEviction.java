package io.multiws.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps the histories of a registry within their {@link HistoryBudget}. When they hold
 * more, a pass brings them down to {@value HistoryBudget#RECLAIM_PERCENT}% of it: first
 * the histories of emptied hubs, the one emptied longest ago first, then the oldest
 * entries of live hubs' histories, wherever they are. Lock order: a pass, then the
 * registry's map, then one history at a time.
 *
 * @author multi-ws team
 */
final class HistoryEviction {

	private final ConcurrentHashMap<String, HubHistory> histories;

	private final HistoryBudget budget;

	private final LongSupplier clock;

	/**
	 * Create the eviction of a registry's histories.
	 * @param histories the registry's histories by hub path, which a pass drops from
	 * @param budget the memory budget of every history
	 * @param clock the wall clock, in milliseconds
	 */
	HistoryEviction(ConcurrentHashMap<String, HubHistory> histories, HistoryBudget budget, LongSupplier clock) {
		this.histories = histories;
		this.budget = budget;
		this.clock = clock;
	}

	/**
	 * Drop a history of an emptied hub from the registry, unless a new hub of its path
	 * took it meanwhile.
	 * @param history the history
	 * @return whether it was dropped
	 */
	boolean discard(HubHistory history) {
		boolean[] dropped = new boolean[1];
		this.histories.computeIfPresent(history.path(), (path, kept) -> {
			if (kept != history || history.isAttached()) {
				return kept;
			}
			history.release();
			dropped[0] = true;
			return null;
		});
		return dropped[0];
	}

	/**
	 * Evict histories until they fit the budget again, if they no longer do and no other
	 * thread is at it; a single read of a counter otherwise.
	 */
	void reclaim() {
		if (!this.budget.isExceeded() || !this.budget.startReclaim()) {
			return;
		}
		try {
			evictEmptiedHistories();
			if (this.budget.isAboveReclaimTarget()) {
				evictOldestEntries();
			}
		}
		finally {
			this.budget.endReclaim();
		}
	}

	private void evictEmptiedHistories() {
		long now = this.clock.getAsLong();
		List<HubHistory> emptied = new ArrayList<>();
		for (HubHistory history : this.histories.values()) {
			// Not one that a join is preparing for the hub about to take it
			if (!history.isAttached() && !history.use().isJoining(now)) {
				emptied.add(history);
			}
		}
		emptied.sort(Comparator.comparingLong(HubHistory::detachedMillis));
		for (HubHistory history : emptied) {
			if (!this.budget.isAboveReclaimTarget()) {
				return;
			}
			if (discard(history)) {
				this.budget.evictedHistory();
			}
		}
	}

	private void evictOldestEntries() {
		PriorityQueue<Oldest> oldestFirst = new PriorityQueue<>(Comparator.comparingLong(Oldest::millis));
		for (HubHistory history : this.histories.values()) {
			long millis = history.oldestMillis();
			if (millis >= 0) {
				oldestFirst.add(new Oldest(history, millis));
			}
		}
		while (this.budget.isAboveReclaimTarget() && !oldestFirst.isEmpty()) {
			HubHistory history = oldestFirst.poll().history();
			long next = history.evictOldest();
			if (next >= 0) {
				oldestFirst.add(new Oldest(history, next));
			}
		}
	}

	private record Oldest(HubHistory history, long millis) {

	}

}
