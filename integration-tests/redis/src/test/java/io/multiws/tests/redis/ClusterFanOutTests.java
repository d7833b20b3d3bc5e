package io.multiws.tests.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.multiws.hub.WsHubs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fan-out across two instances compared with one: S subscribers of one room, all on one
 * instance or split over two that share a redis-server, and a publisher that broadcasts M
 * messages through the registry of the first instance, at most W messages ahead of the
 * slowest subscriber. Fails unless every subscriber received every broadcast exactly once,
 * and reports deliveries per second.
 * <p>
 * Every build runs it at a small size (20 subscribers, 200 broadcasts), for the
 * exactly-once check; its figures mean something at the benchmark's size only, run with
 * <pre class="code">
 * ./mvnw -B -o verify -pl integration-tests/redis -am -Dtest=ClusterFanOutTests \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.subscribers=200 -Dbench.messages=2000
 * </pre> and read {@code integration-tests/redis/target/cluster-fanout.md} (see
 * {@code benchmarks/RESULTS.md}).
 *
 * @author multi-ws team
 */
class ClusterFanOutTests {

	private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 20);

	private static final int MESSAGES = Integer.getInteger("bench.messages", 200);

	private static final int WINDOW = Integer.getInteger("bench.window", 200);

	private static final int PAYLOAD = Integer.getInteger("bench.payload", 100);

	private static final Duration STALL = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void fanOutOverOneAndTwoInstances() throws Exception {
		List<String> rows = new ArrayList<>();
		try (RedisServer redis = RedisServer.start()) {
			try (ClusterInstance local = ClusterInstance.start("local", redis, "bench-local:",
					"multi-ws.cluster.enabled=false")) {
				rows.add(run("1 instance, local relay", List.of(local), local.hubs()));
			}
			try (ClusterInstance a = ClusterInstance.start("a", redis, "bench:");
					ClusterInstance b = ClusterInstance.start("b", redis, "bench:")) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> a.relay().status().redisAvailable() && b.relay().status().redisAvailable());
				rows.add(run("1 instance, Redis relay", List.of(a), a.hubs()));
				rows.add(run("2 instances, Redis relay", List.of(a, b), a.hubs()));
				rows.add("");
				rows.add("relay a: published " + a.relay().status().publishedMessages() + ", lost "
						+ a.relay().status().lostMessages());
				assertThat(a.relay().status().lostMessages()).as("broadcasts lost by the Redis relay").isZero();
			}
		}
		String report = "Fan-out: " + SUBSCRIBERS + " subscribers of one room, " + MESSAGES + " broadcasts of "
				+ PAYLOAD + " bytes, window " + WINDOW + ", " + Runtime.getRuntime().availableProcessors()
				+ " CPUs, everything on loopback in one JVM\n\n"
				+ "| setup | deliveries | lost | seconds | deliveries/s | broadcasts/s |\n|---|---|---|---|---|---|\n"
				+ String.join("\n", rows) + "\n";
		Files.writeString(Path.of("target", "cluster-fanout.md"), report);
		System.out.println(report);
	}

	private String run(String name, List<ClusterInstance> instances, WsHubs publisher) throws Exception {
		String room = "/rooms/bench-" + name.replaceAll("[^a-z0-9]", "");
		List<Subscriber> subscribers = connect(instances, room);
		try {
			await(name + ": every subscriber counted").atMost(Duration.ofSeconds(30))
				.until(() -> publisher.sessionCount(room) == SUBSCRIBERS);
			broadcast(publisher, room, subscribers, Math.min(MESSAGES, 500));
			subscribers.forEach(Subscriber::reset);
			long start = System.nanoTime();
			broadcast(publisher, room, subscribers, MESSAGES);
			double seconds = (Subscriber.lastArrival(subscribers) - start) / 1e9;
			long delivered = Subscriber.total(subscribers);
			long expected = (long) SUBSCRIBERS * MESSAGES;
			assertThat(subscribers).as(name + ": every broadcast delivered to every subscriber exactly once")
				.allSatisfy((subscriber) -> assertThat(subscriber.count.get()).isEqualTo(MESSAGES));
			assertThat(delivered).isEqualTo(expected);
			return "| " + name + " | " + delivered + " | " + (expected - delivered) + " | "
					+ String.format("%.2f", seconds) + " | " + Math.round(delivered / seconds) + " | "
					+ Math.round(MESSAGES / seconds) + " |";
		}
		finally {
			subscribers.forEach(Subscriber::close);
		}
	}

	private List<Subscriber> connect(List<ClusterInstance> instances, String room) throws Exception {
		List<Subscriber> subscribers = new ArrayList<>();
		for (int i = 0; i < SUBSCRIBERS; i++) {
			ClusterInstance instance = instances.get(i % instances.size());
			Subscriber subscriber = new Subscriber();
			subscriber.webSocket = this.http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + instance.port() + room), subscriber)
				.get(10, TimeUnit.SECONDS);
			subscribers.add(subscriber);
		}
		return subscribers;
	}

	private static void broadcast(WsHubs publisher, String room, List<Subscriber> subscribers, int messages) {
		String padding = "x".repeat(Math.max(0, PAYLOAD - 8));
		for (int i = 0; i < messages; i++) {
			awaitWindow(subscribers, i - WINDOW);
			publisher.broadcast(room, String.format("%07d ", i) + padding);
		}
		awaitWindow(subscribers, messages);
	}

	private static void awaitWindow(List<Subscriber> subscribers, long atLeast) {
		long stalledSince = System.nanoTime();
		long progress = -1;
		while (true) {
			long slowest = Subscriber.slowest(subscribers);
			if (slowest >= atLeast) {
				return;
			}
			long total = Subscriber.total(subscribers);
			if (total != progress) {
				progress = total;
				stalledSince = System.nanoTime();
			}
			else if (System.nanoTime() - stalledSince > STALL.toNanos()) {
				return;
			}
			LockSupport.parkNanos(20_000);
		}
	}

	/**
	 * A subscriber that only counts.
	 */
	static final class Subscriber implements WebSocket.Listener {

		private final AtomicLong count = new AtomicLong();

		private volatile long lastArrival;

		private volatile @Nullable WebSocket webSocket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (last) {
				this.count.incrementAndGet();
				this.lastArrival = System.nanoTime();
			}
			webSocket.request(1);
			return null;
		}

		void reset() {
			this.count.set(0);
		}

		void close() {
			WebSocket webSocket = this.webSocket;
			if (webSocket != null) {
				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally((ex) -> {
					webSocket.abort();
					return null;
				});
			}
		}

		static long slowest(List<Subscriber> subscribers) {
			long slowest = Long.MAX_VALUE;
			for (Subscriber subscriber : subscribers) {
				slowest = Math.min(slowest, subscriber.count.get());
			}
			return slowest;
		}

		static long total(List<Subscriber> subscribers) {
			return subscribers.stream().mapToLong((subscriber) -> subscriber.count.get()).sum();
		}

		static long lastArrival(List<Subscriber> subscribers) {
			return subscribers.stream().mapToLong((subscriber) -> subscriber.lastArrival).max().orElse(0);
		}

	}

}
