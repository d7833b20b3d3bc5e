package io.multiws.tests.support;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.multiws.hub.WsHubs;
import io.multiws.tests.app.WireTestApplication.HubEvents;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Churn: 20 000 connect/close cycles to distinct paths, and 20 000 to one path with a
 * different query string each time, leave no hub and no retained heap behind.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "logging.level.root=warn" })
public abstract class AbstractChurnWireTests {

	private static final int CYCLES = 20_000;

	/**
	 * Retained heap allowed per cycle: a leak of one small object per cycle (a hub, a
	 * session, a map entry) exceeds it, measurement noise after a full GC does not.
	 */
	private static final long ALLOWED_GROWTH_PER_CYCLE = 128;

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected HubEvents events;

	@Test
	void connectCloseCyclesToDistinctPathsLeaveNoHubAndNoRetainedHeap() throws Exception {
		// Fill the container's bounded caches (processors, buffers) before measuring
		cycle(2_000, (i) -> "/rooms/warm-up-" + i);
		cycle(2_000, (i) -> "/echo/warm-up?attempt=" + i);
		long before = retainedHeap();
		cycle(CYCLES, (i) -> "/rooms/churn-" + i);
		cycle(CYCLES, (i) -> "/echo/same?attempt=" + i);
		await("every hub removed").atMost(Duration.ofSeconds(30)).until(() -> this.hubs.count() == 0);
		this.events.created.clear();
		this.events.removed.clear();
		long after = retainedHeap();
		System.out.printf("Churn: %d cycles, hubs after: %d, retained heap before %.1f MiB, after %.1f MiB%n",
				2 * CYCLES, this.hubs.count(), before / 1048576.0, after / 1048576.0);
		assertThat(after - before).as("retained heap growth in bytes over %d cycles", 2 * CYCLES)
			.isLessThan(ALLOWED_GROWTH_PER_CYCLE * 2 * CYCLES);
	}

	private void cycle(int count, IntFunction<String> path) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> batches = new ArrayList<>();
			for (int worker = 0; worker < 4; worker++) {
				int first = worker;
				batches.add(executor.submit(() -> {
					for (int i = first; i < count; i += 4) {
						try (RawWsClient client = RawWsClient.upgrade(this.port, path.apply(i), Map.of(), 0)) {
							assertThat(client.status()).isEqualTo(101);
							client.sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 });
						}
					}
					return null;
				}));
			}
			for (Future<?> batch : batches) {
				batch.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private long retainedHeap() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.hubs.count() == 0);
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
