package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.multiws.core.WsEndpointMappings;
import io.multiws.features.HubFeatureSettings;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a history hub's Redis stream may cost, against a real redis-server: the stream
 * never holds more than its byte bound as Redis counts it ({@code MEMORY USAGE}), a join
 * reads no more than that, a broadcast too large for it is dropped, and a join while
 * Redis is slow blocks no event loop: the other sessions of the instance keep echoing.
 *
 * @author multi-ws team
 */
class ClusterHistoryBoundsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PREFIX = "it-bounds:";

	private static final String[] HISTORY = { "multi-ws.endpoints.chat.history.size=50",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=1h",
			"multi-ws.cluster.history-delivery-margin=512KB",
			// 5.6 MB as fast as it echoes: a load, not an abuse, so the inbound byte rate is off
			"multi-ws.limits.max-inbound-bytes-per-second=0" };

	private static final String MESSAGE = "x".repeat(56 * 1024);

	private static final long KB = 1024;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void close() throws Exception {
		this.threads.shutdownNow();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	/**
	 * 100 broadcasts of 56 KB (5.6 MB) to one hub: its stream stays within history.max-bytes
	 * (256 KB) and the margin (512 KB) as Redis counts it, and an instance that joins the
	 * hub later reads no more than that from Redis, and gets what its history keeps.
	 */
	@Test
	void aStreamHoldsAndAJoinReadsNoMoreThanItsByteBound() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		await("shared").atMost(WAIT).until(() -> a.relay().status().historyShared());
		String stream = a.relay().getHistoryStream("/chat/big");
		long bound = a.relay().getHistoryStreamBytes(chatSettings(a));
		assertThat(bound).isEqualTo(768 * KB);
		WsTestConnection sender = a.connect("/chat/big");
		for (int i = 0; i < 100; i++) {
			sender.sendText(i + ":" + MESSAGE);
			sender.awaitText();
			if (i % 10 == 9) {
				assertThat(memoryUsage(redis, stream)).as("after %d broadcasts", i + 1).isLessThanOrEqualTo(bound);
			}
		}
		assertThat((Long) redis.command("XLEN", stream)).as("what fits, not 100").isBetween(4L, 13L);
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, HISTORY));
		await("shared").atMost(WAIT).until(() -> b.relay().status().historyShared());
		long readBefore = netOutputBytes(redis);
		WsTestConnection joiner = b.connect("/chat/big");
		List<String> replay = joiner.awaitTexts(4);
		long read = netOutputBytes(redis) - readBefore;
		assertThat(read).as("read from Redis for the join").isLessThanOrEqualTo(bound + 64 * KB);
		assertThat(replay.get(3)).as("the last broadcast, last").contains(":99:");
		joiner.expectNoMessage(Duration.ofMillis(300));
	}

	@Test
	void aBroadcastTooLargeForTheStreamIsDroppedAndCounted() {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		await("shared").atMost(WAIT).until(() -> a.relay().status().historyShared());
		WsTestConnection listener = a.connect("/chat/huge");
		assertThat(a.hubs().broadcast("/chat/huge", "x".repeat(800 * 1024))).isZero();
		assertThat(a.relay().status().oversizedHistoryBroadcasts()).isOne();
		assertThat(redis.command("EXISTS", a.relay().getHistoryStream("/chat/huge"))).isEqualTo(0L);
		a.hubs().broadcast("/chat/huge", "small");
		assertThat(listener.awaitText()).endsWith(":small");
	}

	/**
	 * A client joins a new history hub of a reactive instance while Redis sleeps: reading
	 * the hub's stream waits for Redis, on a thread of its own, and the sessions on the
	 * instance's event loops keep echoing within a second (the one on the joiner's loop
	 * waited for Redis when the join read the stream on it). The joiner gets its history
	 * once Redis answers.
	 */
	@Test
	void aJoinWhileRedisIsSlowBlocksNoEventLoop() throws Exception {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, HISTORY));
		ClusterInstance reactive = track(ClusterInstance.start("r", redis, PREFIX, HISTORY[0], HISTORY[1],
				HISTORY[2], HISTORY[3], "spring.main.web-application-type=reactive",
				"multi-ws.limits.max-inbound-messages-per-second=0"));
		await("shared").atMost(WAIT)
			.until(() -> a.relay().status().historyShared() && reactive.relay().status().historyShared());
		for (int i = 0; i < 3; i++) {
			a.hubs().broadcast("/chat/slow", "before " + i);
		}
		String stream = a.relay().getHistoryStream("/chat/slow");
		await("in the stream").atMost(WAIT).until(() -> redis.command("XLEN", stream).equals(3L));
		// Twice as many sessions as event loops, opened one after the other: some share the joiner's loop
		List<WsTestConnection> echoes = new ArrayList<>();
		for (int i = 0; i < 2 * Math.max(4, Runtime.getRuntime().availableProcessors()); i++) {
			WsTestConnection echo = reactive.connect("/rooms/echo-" + i);
			echo.sendText("hello");
			assertThat(echo.awaitText()).isEqualTo("hello");
			echoes.add(echo);
		}
		CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> redis.command("DEBUG", "SLEEP", "3"),
				this.threads);
		await("Redis asleep").atMost(WAIT).until(() -> !answersWithin(redis, Duration.ofMillis(100)));
		CompletableFuture<WsTestConnection> joining = CompletableFuture
			.supplyAsync(() -> reactive.connect("/chat/slow"), this.threads);
		long slowest = 0;
		int round = 0;
		while (!sleeping.isDone() || round < 3) {
			for (WsTestConnection echo : echoes) {
				long start = System.nanoTime();
				echo.sendText("round " + round);
				assertThat(echo.awaitText()).isEqualTo("round " + round);
				slowest = Math.max(slowest, System.nanoTime() - start);
			}
			round++;
		}
		sleeping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("the slowest echo while Redis slept, in ms")
			.isLessThan(1000);
		WsTestConnection joiner = joining.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(joiner.awaitTexts(3)).as("its history, once Redis answers").allMatch((text) -> text.contains(
				":before "));
	}

	private static HubFeatureSettings chatSettings(ClusterInstance instance) {
		return instance.context()
			.getBean(WsEndpointMappings.class)
			.endpoints()
			.stream()
			.filter((endpoint) -> endpoint.name().equals("chat"))
			.findFirst()
			.orElseThrow()
			.features();
	}

	private static long memoryUsage(RedisServer redis, String key) {
		Object usage = redis.command("MEMORY", "USAGE", key, "SAMPLES", "0");
		return (usage != null) ? (Long) usage : 0;
	}

	private static long netOutputBytes(RedisServer redis) {
		String info = (String) redis.command("INFO", "stats");
		for (String line : info.split("\r\n")) {
			if (line.startsWith("total_net_output_bytes:")) {
				return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		throw new IllegalStateException("No total_net_output_bytes in " + info);
	}

	private boolean answersWithin(RedisServer redis, Duration timeout) {
		CompletableFuture<Object> ping = CompletableFuture.supplyAsync(() -> redis.command("PING"), this.threads);
		try {
			return "PONG".equals(ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (Exception ex) {
			return false;
		}
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
