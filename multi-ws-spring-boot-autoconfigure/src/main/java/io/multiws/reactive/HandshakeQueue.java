package io.multiws.reactive;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue of tasks that may block for long, such as endpoints' {@code @OnHandshake}
 * methods, in front of the callback pool: at most a share of the pool's threads run them
 * at once, the others wait here rather than in the pool's queue, where the callbacks of
 * open sessions would wait behind them; and no more than a bound wait, so that a flood of
 * them is refused instead of queued.
 *
 * @author multi-ws team
 */
final class HandshakeQueue {

	private final Executor pool;

	private final int maxRunning;

	private final int maxQueued;

	private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();

	/**
	 * Tasks accepted and not finished, running or waiting.
	 */
	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	/**
	 * Create a queue.
	 * @param pool where the tasks run
	 * @param maxRunning the maximum number of tasks running at once
	 * @param maxQueued the maximum number of tasks waiting for their turn
	 */
	HandshakeQueue(Executor pool, int maxRunning, int maxQueued) {
		this.pool = pool;
		this.maxRunning = maxRunning;
		this.maxQueued = maxQueued;
	}

	/**
	 * Run a task when its turn comes, if it may wait.
	 * @param task the task
	 * @return {@code false} if as many tasks as may wait are waiting already
	 */
	boolean offer(Runnable task) {
		int current;
		do {
			current = this.pending.get();
			if (current >= this.maxRunning + this.maxQueued) {
				return false;
			}
		}
		while (!this.pending.compareAndSet(current, current + 1));
		this.queued.offer(task);
		drain();
		return true;
	}

	/**
	 * Forget a task that has not started.
	 * @param task the task
	 */
	void withdraw(Runnable task) {
		if (this.queued.remove(task)) {
			this.pending.decrementAndGet();
		}
	}

	private void drain() {
		// A finishing task lets go of its turn before it looks here, and a new one is
		// queued before it does: one of the two always starts the other
		while (!this.queued.isEmpty()) {
			int current = this.running.get();
			if (current >= this.maxRunning) {
				return;
			}
			if (this.running.compareAndSet(current, current + 1)) {
				Runnable task = this.queued.poll();
				if (task != null) {
					start(task);
				}
				else {
					this.running.decrementAndGet();
				}
			}
		}
	}

	private void start(Runnable task) {
		try {
			this.pool.execute(() -> run(task));
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the task finds out and refuses at once
			run(task);
		}
	}

	private void run(Runnable task) {
		try {
			task.run();
		}
		finally {
			this.pending.decrementAndGet();
			this.running.decrementAndGet();
			drain();
		}
	}

	/**
	 * Return the number of tasks accepted and not finished.
	 * @return the number of tasks running or waiting
	 */
	int pending() {
		return this.pending.get();
	}

	@Override
	public String toString() {
		return "HandshakeQueue[pending=" + this.pending.get() + ", maxRunning=" + this.maxRunning + ", maxQueued="
				+ this.maxQueued + "]";
	}

}
