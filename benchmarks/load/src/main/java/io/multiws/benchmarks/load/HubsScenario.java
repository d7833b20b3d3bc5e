package io.multiws.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hubs}: N connect/close cycles, each to a path of its own, so that every cycle
 * creates and removes a hub; a few workers each run their cycles one after the other.
 * Afterwards the server must report no live hub, and its heap after a full GC is compared
 * with the heap after a warm-up of the same cycles.
 *
 * @author multi-ws team
 */
final class HubsScenario implements Scenario {

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private static final Duration CYCLE_TIMEOUT = Duration.ofSeconds(10);

	private final int cycles;

	private final int workers;

	HubsScenario(int cycles, int workers) {
		this.cycles = cycles;
		this.workers = workers;
	}

	@Override
	public String name() {
		return "hubs";
	}

	@Override
	public String description() {
		return this.cycles + " connect/close cycles to distinct room paths, " + this.workers
				+ " workers each cycling sequentially, after " + warmUpCycles() + " warm-up cycles";
	}

	private int warmUpCycles() {
		return Math.max(this.workers, Math.min(1000, this.cycles / 10));
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		String prefix = "/rooms/hub-" + RUNS.incrementAndGet() + "-";
		Cycles warmUp = cycle(server, client, prefix + "w", warmUpCycles());
		result.expect("failed warm-up cycles", warmUp.failures.get(), 0);
		server.awaitSessions(0, Duration.ofSeconds(10));
		long heapBefore = server.liveHeapKilobytes("hubs-before");
		Result.Window window = new Result.Window(server);
		Cycles measured = cycle(server, client, prefix, this.cycles);
		window.end().report(result, measured.done.get(), "cycle");
		boolean empty = server.awaitSessions(0, Duration.ofSeconds(10));
		int hubsLeft = empty ? 0 : server.hubSessions().size();
		long heapAfter = server.liveHeapKilobytes("hubs-after");
		result.put("failures", measured.failures.get());
		result.put("hubs left", hubsLeft);
		result.put("live heap before KB", heapBefore);
		result.put("live heap after KB", heapAfter);
		result.put("live heap growth KB", heapAfter - heapBefore);
		result.put("retained B/cycle", (heapAfter - heapBefore) * 1024.0 / Math.max(1, measured.done.get()));
		result.expect("failed cycles", measured.failures.get(), 0);
		result.expect("hubs left after the cycles", hubsLeft, 0);
		return result;
	}

	private Cycles cycle(ServerProcess server, WsClient client, String prefix, int count) throws InterruptedException {
		Cycles cycles = new Cycles(count);
		List<Thread> threads = new ArrayList<>();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		for (int w = 0; w < this.workers; w++) {
			Thread thread = new Thread(() -> cycles.run(server, client, prefix, deadline), "hubs-worker-" + w);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(TIMEOUT.toMillis() + 5_000);
		}
		return cycles;
	}

	private static final class Cycles {

		private final int count;

		private final AtomicInteger next = new AtomicInteger();

		private final AtomicLong done = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		Cycles(int count) {
			this.count = count;
		}

		void run(ServerProcess server, WsClient client, String prefix, long deadline) {
			int cycle;
			while ((cycle = this.next.getAndIncrement()) < this.count) {
				if (System.nanoTime() > deadline) {
					this.failures.incrementAndGet();
					continue;
				}
				try {
					WsClient.Connection connection = client
						.connect(server.ws(prefix + cycle), WsClient.Listener.IGNORE)
						.get(CYCLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					if (WsClient.closeAll(List.of(connection), CYCLE_TIMEOUT) == 0) {
						this.done.incrementAndGet();
					}
					else {
						this.failures.incrementAndGet();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (Exception ex) {
					this.failures.incrementAndGet();
				}
			}
		}

	}

}
