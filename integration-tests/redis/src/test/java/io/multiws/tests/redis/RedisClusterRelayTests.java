package io.multiws.tests.redis;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.redis.app.ClusterTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application in one JVM, on two random ports, sharing a real
 * redis-server on a free loopback port: one hub spans both.
 *
 * @author multi-ws team
 */
@TestInstance(Lifecycle.PER_CLASS)
class RedisClusterRelayTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration QUIET = Duration.ofMillis(800);

	private static final String PREFIX = "it-cluster:";

	private RedisServer redis;

	private ClusterInstance a;

	private ClusterInstance b;

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		this.a = ClusterInstance.start("a", this.redis, PREFIX);
		this.b = ClusterInstance.start("b", this.redis, PREFIX);
		await("both relays reach Redis").atMost(WAIT)
			.until(() -> this.a.relay().status().redisAvailable() && this.b.relay().status().redisAvailable()
					&& this.a.relay().status().subscribed() && this.b.relay().status().subscribed());
	}

	@AfterAll
	void stopCluster() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@AfterEach
	void closeClients() {
		this.a.closeClients();
		this.b.closeClients();
		await("every hub removed after the test").atMost(WAIT)
			.until(() -> this.a.hubs().count() == 0 && this.b.hubs().count() == 0);
	}

	@Test
	void roomSpanningBothInstancesGetsEveryBroadcastExactlyOnce() {
		List<WsTestConnection> clients = List.of(this.a.connect("/rooms/span"), this.a.connect("/rooms/span"),
				this.b.connect("/rooms/span"), this.b.connect("/rooms/span"));
		awaitSubscribers("/rooms/span", 2);
		Set<String> sent = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			sent.add(send(clients.get(0), "ws-a-" + i));
			sent.add(send(clients.get(2), "ws-b-" + i));
			sent.add(post(this.a, "span", "rest-a-" + i));
			sent.add(post(this.b, "span", "rest-b-" + i));
		}
		for (WsTestConnection client : clients) {
			List<String> received = client.awaitTexts(sent.size());
			assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
			assertNothingMore(client);
		}
	}

	@Test
	void roomsStayIsolated() {
		String special = "caf%C3%A9*%5B1%5D";
		WsTestConnection x1 = this.a.connect("/rooms/x");
		WsTestConnection x2 = this.b.connect("/rooms/x");
		WsTestConnection y1 = this.a.connect("/rooms/" + special);
		WsTestConnection y2 = this.b.connect("/rooms/" + special);
		awaitSubscribers("/rooms/x", 2);
		awaitSubscribers("/rooms/caf%C3%A9*%5B1%5D", 2);
		post(this.a, "x", "for x from a");
		post(this.b, "x", "for x from b");
		assertThat(x1.awaitTexts(2)).containsExactlyInAnyOrder("for x from a", "for x from b");
		assertThat(x2.awaitTexts(2)).containsExactlyInAnyOrder("for x from a", "for x from b");
		assertNothingMore(y1);
		assertNothingMore(y2);
		post(this.b, special, "for y");
		assertThat(y1.awaitText()).isEqualTo("for y");
		assertThat(y2.awaitText()).isEqualTo("for y");
		assertNothingMore(x1);
		assertNothingMore(x2);
	}

	@Test
	void restBroadcastFromAnInstanceWithoutLocalSessionReachesTheOthers() {
		WsTestConnection client = this.a.connect("/rooms/remote");
		awaitSubscribers("/rooms/remote", 1);
		assertThat(this.b.hubs().find("/rooms/remote")).isEmpty();
		assertThat(this.b.postText("remote", "from b")).contains("\"recipients\":0");
		assertThat(client.awaitText()).isEqualTo("from b");
		assertNothingMore(client);
	}

	@Test
	void textBinaryAndJsonKeepTheirKindAcrossInstances() {
		WsTestConnection onA = this.a.connect("/rooms/kinds");
		WsTestConnection onB = this.b.connect("/rooms/kinds");
		awaitSubscribers("/rooms/kinds", 2);
		this.b.postText("kinds", "h\u00e9llo \u2603");
		assertThat(onA.awaitText()).isEqualTo("h\u00e9llo \u2603");
		byte[] bytes = { 0, 1, 2, (byte) 0xFF, 'T', 1 };
		this.b.post("/api/rooms/kinds/binary", "application/octet-stream", bytes);
		assertThat(onA.awaitBinary()).containsExactly(bytes);
		this.b.post("/api/rooms/kinds/json", "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
		assertThat(onA.awaitText()).isEqualTo("{\"room\":\"kinds\",\"text\":\"hi\"}");
		onB.sendBinary(new byte[] { 9, 8, 7 });
		assertThat(onA.awaitBinary()).containsExactly(9, 8, 7);
		assertThat(onB.awaitText()).isEqualTo("h\u00e9llo \u2603");
		assertThat(onB.awaitBinary()).containsExactly(bytes);
		assertThat(onB.awaitText()).isEqualTo("{\"room\":\"kinds\",\"text\":\"hi\"}");
		assertThat(onB.awaitBinary()).containsExactly(9, 8, 7);
		assertNothingMore(onA);
		assertNothingMore(onB);
	}

	@Test
	void subscriptionEndsWhenTheHubEmpties() {
		String channel = this.a.relay().getHubChannel("/rooms/numsub");
		assertThat(this.redis.numsub(channel)).isZero();
		WsTestConnection first = this.a.connect("/rooms/numsub");
		WsTestConnection second = this.a.connect("/rooms/numsub");
		await("instance a subscribed to " + channel).atMost(WAIT).until(() -> this.redis.numsub(channel) == 1);
		first.close();
		await("hub still live with one session").atMost(WAIT)
			.until(() -> this.a.hubs().find("/rooms/numsub").map((hub) -> hub.size() == 1).orElse(false));
		assertThat(this.redis.numsub(channel)).isEqualTo(1);
		second.close();
		await("instance a unsubscribed from " + channel).atMost(WAIT).until(() -> this.redis.numsub(channel) == 0);
		assertThat(this.a.relay().status().subscribedHubs()).isZero();
	}

	@Test
	void fiveThousandHubCyclesLeaveNoChannelBehind() throws Exception {
		int baseline = this.redis.channels(PREFIX + "*").size();
		assertThat(baseline).as("only the instances channel").isEqualTo(1);
		int cycles = 5000;
		int workers = 8;
		AtomicInteger next = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(workers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < workers; w++) {
				futures.add(executor.submit(() -> {
					for (int i = next.getAndIncrement(); i < cycles; i = next.getAndIncrement()) {
						ClusterInstance instance = (i % 2 == 0) ? this.a : this.b;
						String path = "/rooms/cycle-" + i;
						try (WsTestConnection client = WsTestClient.forPort(instance.port()).connect(path)) {
							client.path();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		await("every cycled hub removed").atMost(WAIT)
			.until(() -> this.a.hubs().count() == 0 && this.b.hubs().count() == 0);
		await("channel count back at its baseline of " + baseline).atMost(WAIT)
			.until(() -> this.redis.channels(PREFIX + "*").size() == baseline);
		assertThat(this.a.relay().status().subscribedHubs()).isZero();
		assertThat(this.b.relay().status().subscribedHubs()).isZero();
		assertThat(subscribeCalls()).as("the relays did subscribe to the cycled hubs").isPositive();
	}

	@Test
	void sessionCountSpansInstances() {
		List<WsTestConnection> onB = new ArrayList<>();
		this.a.connect("/rooms/count");
		this.a.connect("/rooms/count");
		for (int i = 0; i < 3; i++) {
			onB.add(this.b.connect("/rooms/count"));
		}
		awaitSessionCount(this.a, "/rooms/count", 5);
		awaitSessionCount(this.b, "/rooms/count", 5);
		onB.get(0).close();
		awaitSessionCount(this.a, "/rooms/count", 4);
		awaitSessionCount(this.b, "/rooms/count", 4);
		assertThat(this.a.relay().status().otherInstances()).isEqualTo(1);
	}

	@Test
	void stoppedInstanceLeavesTheCountAtOnce() {
		this.a.connect("/rooms/leaving");
		try (ClusterInstance c = ClusterInstance.start("c", this.redis, PREFIX)) {
			c.connect("/rooms/leaving");
			c.connect("/rooms/leaving");
			awaitSessionCount(this.a, "/rooms/leaving", 3);
		}
		long stopped = System.nanoTime();
		awaitSessionCount(this.a, "/rooms/leaving", 1);
		assertThat(Duration.ofNanos(System.nanoTime() - stopped))
			.as("a clean stop is seen before the expiry").isLessThan(ClusterInstance.EXPIRY);
	}

	@Test
	void crashedInstanceDropsOutOfTheCountAfterTheExpiry() throws Exception {
		int port = RedisServer.freePort();
		Process child = startChildInstance(port);
		try {
			WsTestConnection onChild = await("the child instance accepts WebSockets").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptions()
				.until(() -> WsTestClient.forPort(port).connect("/rooms/crash"), (client) -> true);
			awaitSessionCount(this.a, "/rooms/crash", 1);
			assertThat(onChild.isClosed()).isFalse();
			child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			long killed = System.nanoTime();
			await("the crashed instance's session expires from the count").atMost(ClusterInstance.EXPIRY.plus(WAIT))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.a.hubs().sessionCount("/rooms/crash") == 0);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - killed);
			// counted until the expiry after its last heartbeat, which a busy child may have sent late
			assertThat(elapsed).as("still counted for a while after the crash")
				.isGreaterThanOrEqualTo(ClusterInstance.EXPIRY.dividedBy(2));
		}
		finally {
			child.destroyForcibly();
		}
	}

	private Process startChildInstance(int port) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path log = Files.createTempFile("cluster-child-", ".log");
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-cp", classpath, ClusterTestApplication.class.getName()));
		for (String property : ClusterInstance.properties("child", this.redis.port(), PREFIX)) {
			command.add("--" + property.replace("server.port=0", "server.port=" + port));
		}
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private long subscribeCalls() {
		String info = (String) this.redis.command("INFO", "commandstats");
		return info.lines()
			.filter((line) -> line.startsWith("cmdstat_subscribe:"))
			.map((line) -> line.substring(line.indexOf("calls=") + 6, line.indexOf(',')))
			.mapToLong(Long::parseLong)
			.sum();
	}

	private void awaitSubscribers(String path, int instances) {
		String channel = this.a.relay().getHubChannel(path);
		await(instances + " instances subscribed to " + channel).atMost(WAIT)
			.until(() -> this.redis.numsub(channel) == instances);
	}

	private void awaitSessionCount(ClusterInstance instance, String path, long expected) {
		await("instance " + instance.name() + " counts " + expected + " sessions on " + path).atMost(WAIT)
			.until(() -> instance.hubs().sessionCount(path) == expected);
	}

	private static String send(WsTestConnection client, String text) {
		client.sendText(text);
		return text;
	}

	private static String post(ClusterInstance instance, String room, String text) {
		instance.postText(room, text);
		return text;
	}

	private static void assertNothingMore(WsTestConnection client) {
		client.expectNoMessage(QUIET);
	}

}
