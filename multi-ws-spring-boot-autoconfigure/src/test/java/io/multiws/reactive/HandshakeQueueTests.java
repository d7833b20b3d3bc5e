package io.multiws.reactive;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HandshakeQueue}.
 *
 * @author multi-ws team
 */
class HandshakeQueueTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(8);

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void atMostTheRunningShareRunsAndAtMostTheBoundWaits() {
		HandshakeQueue queue = new HandshakeQueue(this.pool, 2, 3);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		Runnable blocking = () -> {
			mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			running.decrementAndGet();
			done.incrementAndGet();
		};
		int accepted = 0;
		for (int i = 0; i < 10; i++) {
			accepted += queue.offer(blocking) ? 1 : 0;
		}
		assertThat(accepted).as("two running, three waiting").isEqualTo(5);
		await("two running").atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
		release.countDown();
		await("every accepted task done").atMost(Duration.ofSeconds(5)).until(() -> done.get() == 5);
		assertThat(mostRunning.get()).isEqualTo(2);
		assertThat(queue.pending()).isZero();
		assertThat(queue.offer(() -> done.incrementAndGet())).as("room again").isTrue();
	}

	@Test
	void aWithdrawnTaskNeverRunsAndFreesItsPlace() {
		HandshakeQueue queue = new HandshakeQueue(this.pool, 1, 1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger ran = new AtomicInteger();
		queue.offer(() -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		Runnable waiting = ran::incrementAndGet;
		assertThat(queue.offer(waiting)).isTrue();
		assertThat(queue.offer(ran::incrementAndGet)).as("full").isFalse();
		queue.withdraw(waiting);
		assertThat(queue.pending()).isOne();
		Runnable replacement = () -> ran.addAndGet(10);
		assertThat(queue.offer(replacement)).isTrue();
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
		assertThat(ran.get()).isEqualTo(10);
	}

	@Test
	void neverLosesATaskUnderRaces() throws Exception {
		HandshakeQueue queue = new HandshakeQueue(this.pool, 3, 100_000);
		AtomicInteger ran = new AtomicInteger();
		ExecutorService offering = Executors.newFixedThreadPool(4);
		try {
			for (int t = 0; t < 4; t++) {
				offering.execute(() -> {
					for (int i = 0; i < 5_000; i++) {
						queue.offer(ran::incrementAndGet);
					}
				});
			}
			offering.shutdown();
			assertThat(offering.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			await("every task run").atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 20_000);
			await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
		}
		finally {
			offering.shutdownNow();
		}
	}

}
