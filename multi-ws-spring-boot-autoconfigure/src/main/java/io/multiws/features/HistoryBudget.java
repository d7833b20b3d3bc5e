package io.multiws.features;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one memory budget of every hub history, those of live hubs and those kept for
 * emptied hubs together ({@code multi-ws.history.max-total-bytes}): each history counts
 * here the heap its entries hold, and once the total passes the budget,
 * {@link HubFeatures} evicts down to {@value #RECLAIM_PERCENT}% of it, emptied hubs'
 * histories first, oldest emptied first, then the oldest entries of live hubs. Every
 * eviction is counted.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class HistoryBudget {

	/**
	 * Share of the budget an eviction pass brings the total down to, in percent: evicting
	 * a little more than needed spares a pass per broadcast once the budget is full.
	 */
	public static final int RECLAIM_PERCENT = 90;

	/**
	 * Share of the maximum heap the budget takes when it is not set, in percent.
	 */
	public static final int HEAP_PERCENT = 10;

	private final long maxBytes;

	private final AtomicLong usedBytes = new AtomicLong();

	private final LongAdder evictedHistories = new LongAdder();

	private final LongAdder evictedEntries = new LongAdder();

	private final ReentrantLock reclaiming = new ReentrantLock();

	/**
	 * Create a budget.
	 * @param maxBytes the maximum heap every history may hold together, in bytes
	 */
	public HistoryBudget(long maxBytes) {
		if (maxBytes <= 0) {
			throw new IllegalArgumentException("The history budget must be positive, was " + maxBytes + "B");
		}
		this.maxBytes = maxBytes;
	}

	/**
	 * Return the budget used when none is set: {@value #HEAP_PERCENT}% of the maximum
	 * heap, as the session cap fits the heap when the server has no connection limit.
	 * @return the budget in bytes
	 */
	public static long heapDefault() {
		return Runtime.getRuntime().maxMemory() / 100 * HEAP_PERCENT;
	}

	/**
	 * Return a budget that never evicts, for a history used on its own.
	 * @return the budget
	 */
	static HistoryBudget unlimited() {
		return new HistoryBudget(Long.MAX_VALUE);
	}

	void add(long bytes) {
		this.usedBytes.addAndGet(bytes);
	}

	void release(long bytes) {
		this.usedBytes.addAndGet(-bytes);
	}

	/**
	 * Whether the histories hold more than the budget.
	 * @return {@code true} if an eviction pass is due
	 */
	public boolean isExceeded() {
		return this.usedBytes.get() > this.maxBytes;
	}

	boolean isAboveReclaimTarget() {
		return this.usedBytes.get() > this.maxBytes / 100 * RECLAIM_PERCENT;
	}

	/**
	 * Start an eviction pass unless another thread runs one.
	 * @return {@code true} if this thread runs it and must {@link #endReclaim() end} it
	 */
	boolean startReclaim() {
		return this.reclaiming.tryLock();
	}

	void endReclaim() {
		this.reclaiming.unlock();
	}

	void evictedHistory() {
		this.evictedHistories.increment();
	}

	void evictedEntry() {
		this.evictedEntries.increment();
	}

	/**
	 * Return the maximum heap every history may hold together.
	 * @return the budget in bytes
	 */
	public long maxBytes() {
		return this.maxBytes;
	}

	/**
	 * Return the heap every history holds now, as counted.
	 * @return the used bytes
	 */
	public long usedBytes() {
		return this.usedBytes.get();
	}

	/**
	 * Return the number of histories of emptied hubs evicted to stay within the budget.
	 * @return the count since start
	 */
	public long evictedHistories() {
		return this.evictedHistories.sum();
	}

	/**
	 * Return the number of entries of live hubs' histories evicted to stay within the
	 * budget.
	 * @return the count since start
	 */
	public long evictedEntries() {
		return this.evictedEntries.sum();
	}

	@Override
	public String toString() {
		return "HistoryBudget[used=" + usedBytes() + ", max=" + this.maxBytes + ", evictedHistories="
				+ evictedHistories() + ", evictedEntries=" + evictedEntries() + "]";
	}

}
