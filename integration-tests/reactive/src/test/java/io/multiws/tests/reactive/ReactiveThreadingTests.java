package io.multiws.tests.reactive;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The threading model of the reactive binding: callbacks off the event loop, in order
 * per session, and a slow reader that never blocks an event loop.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, ThreadingEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.reactive.callback-threads=8",
				"multi-ws.endpoints.broadcast.send-buffer-size=64KB",
				"multi-ws.endpoints.broadcast.send-time-limit=1s" })
class ReactiveThreadingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/**
	 * More than the event loops of this machine (Reactor Netty starts at least four).
	 */
	private static final int STALLED_SESSIONS = Math.max(4, Runtime.getRuntime().availableProcessors()) + 1;

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@AfterEach
	void closeClients() throws Exception {
		ThreadingEndpoints.release.countDown();
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	private WsTestConnection connect(String path) {
		WsTestConnection client = WsTestClient.forPort(this.port).connect(path);
		this.clients.add(client);
		return client;
	}

	@Test
	void callbacksRunOnTheCallbackPoolByDefault() {
		WsTestConnection client = connect("/thread/1");
		client.sendText("where?");
		assertThat(client.awaitText()).startsWith("multi-ws-callback-");
	}

	@Test
	void hubEventsArePublishedOnTheCallbackPool() {
		WsTestConnection client = connect("/thread/events");
		client.sendText("hello");
		client.awaitText();
		client.close();
		await("hub removed").atMost(WAIT).until(() -> this.hubs.count() == 0);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(ThreadingEndpoints.eventThreads)
				.hasEntrySatisfying("created /thread/events",
						(thread) -> assertThat(thread).startsWith("multi-ws-callback-"))
				.hasEntrySatisfying("removed /thread/events",
						(thread) -> assertThat(thread).startsWith("multi-ws-callback-")));
	}

	@Test
	void callbacksThatBlockOnMoreSessionsThanEventLoopsDelayNoOtherSession() {
		ThreadingEndpoints.release = new CountDownLatch(1);
		List<WsTestConnection> stalled = new ArrayList<>();
		for (int i = 0; i < STALLED_SESSIONS; i++) {
			WsTestConnection client = connect("/stalling/" + i);
			client.sendText("block");
			client.sendText("after " + i);
			stalled.add(client);
		}
		WsTestConnection other = connect("/stalling/free");
		long start = System.nanoTime();
		other.sendText("hello");
		assertThat(other.awaitText()).isEqualTo("hello");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("echo while others block")
			.isLessThan(Duration.ofSeconds(2));
		for (WsTestConnection client : stalled) {
			assertThat(client.poll(Duration.ofMillis(10))).as("nothing before the release").isNull();
		}
		ThreadingEndpoints.release.countDown();
		for (int i = 0; i < STALLED_SESSIONS; i++) {
			assertThat(stalled.get(i).awaitTexts(2)).as("one session's messages in order")
				.containsExactly("released", "after " + i);
		}
	}

	@Test
	void aSlowReaderIsDroppedWhileItsRoomGetsEveryMessageAndNoEventLoopBlocks() throws Exception {
		String path = "/broadcast-room/slow";
		List<WsTestConnection> readers = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			readers.add(connect(path));
		}
		RawWsClient slow = RawWsClient.upgrade(this.port, path, Map.of(), 4096);
		this.clients.add(slow);
		assertThat(slow.status()).isEqualTo(101);
		await().atMost(WAIT).until(() -> this.hubs.find(path).map(WsHub::size).orElse(0) == 10);
		Set<String> blockedEventLoops = ConcurrentHashMap.newKeySet();
		String filler = "x".repeat(4096);
		int sent = 0;
		while (this.hubs.find(path).map(WsHub::size).orElse(0) == 10) {
			assertThat(sent).as("messages before the slow reader was dropped").isLessThan(5_000);
			List<String> batch = new ArrayList<>();
			for (int i = 0; i < 8; i++, sent++) {
				this.hubs.broadcast(path, sent + ":" + filler);
				batch.add(String.valueOf(sent));
			}
			for (WsTestConnection reader : readers) {
				assertThat(reader.awaitTexts(8)).as("every message, in order")
					.extracting((text) -> text.substring(0, text.indexOf(':')))
					.containsExactlyElementsOf(batch);
			}
			blockedEventLoops.addAll(blockedEventLoops());
		}
		assertThat(blockedEventLoops).as("event loops seen blocked or waiting").isEmpty();
		readers.get(0).sendText("after the drop");
		for (WsTestConnection reader : readers) {
			assertThat(reader.awaitText()).isEqualTo("after the drop");
		}
	}

	private static List<String> blockedEventLoops() {
		return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
			.filter((thread) -> thread.getThreadName().contains("-http-"))
			.filter((thread) -> thread.getThreadState() != Thread.State.RUNNABLE)
			.map(ReactiveThreadingTests::describe)
			.toList();
	}

	private static String describe(ThreadInfo thread) {
		return thread.getThreadName() + " " + thread.getThreadState() + " at "
				+ Arrays.toString(Arrays.copyOf(thread.getStackTrace(), Math.min(5, thread.getStackTrace().length)));
	}

}
