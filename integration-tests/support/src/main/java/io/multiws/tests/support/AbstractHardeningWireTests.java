package io.multiws.tests.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.HardeningEndpoints;
import io.multiws.tests.app.WireTestApplication.HubEvents;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hardening suite: handshake security, bounds, slow consumers and faults in user
 * code, each asserted with the exact HTTP status or close code on the wire.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.max-path-length=64",
				"multi-ws.endpoints.echo.allowed-origins=https://app.example.com",
				"multi-ws.endpoints.echo.allowed-origin-patterns=https://*.partner.example",
				"multi-ws.endpoints.limited.max-sessions-per-hub=2", "multi-ws.endpoints.limited.max-hubs=2",
				"multi-ws.endpoints.sized.max-text-message-size=1KB",
				"multi-ws.endpoints.sized.max-binary-message-size=1KB",
				"multi-ws.endpoints.slow.send-buffer-size=64MB", "multi-ws.endpoints.slow.send-time-limit=1s",
				"multi-ws.endpoints.overflow.send-buffer-size=256KB",
				"multi-ws.endpoints.lossy.send-buffer-size=256KB", "multi-ws.endpoints.lossy.overflow-policy=drop-newest",
				"multi-ws.endpoints.oldest.send-buffer-size=256KB",
				"multi-ws.endpoints.oldest.overflow-policy=drop-oldest",
				"multi-ws.endpoints.gated.max-sessions-per-hub=1", "multi-ws.session.idle-timeout=0" })
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractHardeningWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String LARGE = "x".repeat(64 * 1024);

	private static final String SMALL = "x".repeat(8 * 1024);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected HubEvents events;

	private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

	@BeforeEach
	void clearEvents() {
		this.events.created.clear();
		this.events.removed.clear();
		HardeningEndpoints.closeCodes.clear();
	}

	@AfterEach
	void closeClients() throws Exception {
		HardeningEndpoints.release.countDown();
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	protected WsTestConnection connect(String path) {
		return connect(client().path(path));
	}

	protected WsTestConnection connect(WsTestClient.ConnectionSpec connection) {
		WsTestConnection client = connection.connect();
		this.clients.add(client);
		return client;
	}

	protected WsTestClient client() {
		return WsTestClient.forPort(this.port);
	}

	protected RawWsClient raw(String path, int receiveBuffer) throws Exception {
		RawWsClient client = RawWsClient.upgrade(this.port, path, Map.of(), receiveBuffer);
		this.clients.add(client);
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		return client;
	}

	protected int status(String rawTarget, Map<String, String> headers) throws Exception {
		return RawWsClient.status(this.port, rawTarget, headers);
	}

	// Handshake security

	@Test
	void crossSiteOriginsAreRefusedWith403AndCreateNoHub() throws Exception {
		assertThat(status("/echo/1", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
		assertThat(status("/echo/1", Map.of("Origin", "null"))).isEqualTo(403);
		assertThat(status("/echo/1", Map.of("Origin", "http://127.0.0.1:" + (this.port + 1)))).isEqualTo(403);
		assertThat(this.hubs.count()).isZero();
		assertThat(this.events.created).doesNotContain("/echo/1");
	}

	@Test
	void configuredOriginsPatternsAndTheSameOriginAreAllowed() throws Exception {
		assertThat(status("/echo/1", Map.of("Origin", "https://app.example.com"))).isEqualTo(101);
		assertThat(status("/echo/1", Map.of("Origin", "https://eu.partner.example"))).isEqualTo(101);
		assertThat(status("/echo/1", Map.of("Origin", "http://127.0.0.1:" + this.port))).isEqualTo(101);
		assertThat(status("/echo/1", Map.of())).as("non-browser clients send no Origin").isEqualTo(101);
	}

	@Test
	void theDefaultIsSameOriginOnly() throws Exception {
		assertThat(status("/rooms/1", Map.of("Origin", "https://app.example.com"))).isEqualTo(403);
		assertThat(status("/rooms/1", Map.of("Origin", "http://127.0.0.1:" + this.port))).isEqualTo(101);
	}

	@Test
	void theHandshakeHookRefusesWithItsOwnStatusAndLeavesNoHub() throws Exception {
		assertThat(status("/guarded/first", Map.of())).isEqualTo(401);
		assertThat(status("/guarded/first?token=banned", Map.of())).isEqualTo(403);
		assertThat(status("/guarded/first?token=slow-down", Map.of())).isEqualTo(429);
		assertThat(this.hubs.count()).isZero();
		assertThat(this.events.created).doesNotContain("/guarded/first");
	}

	@Test
	void theHandshakeHookPutsAttributesOnTheSession() {
		WsTestConnection client = connect("/guarded/first?token=alice");
		assertThat(client.awaitText()).isEqualTo("hello alice");
	}

	@Test
	void aSubprotocolIsNegotiatedAndVisibleToCallbacks() {
		WsTestConnection client = connect(client().path("/proto/1").subprotocols("v1.chat", "v3.chat"));
		assertThat(client.subprotocol()).isEqualTo("v1.chat");
		assertThat(client.awaitText()).isEqualTo("protocol v1.chat");
	}

	// Bounds

	@Test
	void aFullHubRefusesWith503WhileItsSessionsKeepWorking() throws Exception {
		WsTestConnection first = connect("/limited/a");
		connect("/limited/a");
		await("both sessions counted").atMost(WAIT)
			.until(() -> this.hubs.find("/limited/a").map(WsHub::size).orElse(0) == 2);
		assertThat(status("/limited/a", Map.of())).isEqualTo(503);
		first.sendText("still fine");
		assertThat(first.awaitText()).isEqualTo("still fine");
	}

	@Test
	void tooManyHubsRefusesWith503WhileExistingHubsKeepWorking() throws Exception {
		WsTestConnection a = connect("/limited/a");
		connect("/limited/b");
		await("both hubs counted").atMost(WAIT).until(() -> this.hubs.count() == 2);
		assertThat(status("/limited/c", Map.of())).isEqualTo(503);
		assertThat(this.hubs.find("/limited/c")).isEmpty();
		a.sendText("ok");
		assertThat(a.awaitText()).isEqualTo("ok");
	}

	@Test
	void aTooLongPathIsRefusedWith414() throws Exception {
		assertThat(status("/echo/" + "a".repeat(80), Map.of())).isEqualTo(414);
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void unsafePathsNeverBecomeHubKeys() throws Exception {
		for (String path : List.of("/echo/a%2Fb", "/echo/%2e%2e", "/echo/a%00b", "/echo/a%0Ab", "/echo/%C0%AF")) {
			assertThat(status(path, Map.of())).as(path).isEqualTo(400);
		}
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void matrixParametersAndEncodingsMapToOneCanonicalHub() throws Exception {
		WsTestConnection a = connect("/rooms/a;jsessionid=1");
		WsTestConnection b = connect("/rooms/%61");
		await().atMost(WAIT).until(() -> this.hubs.find("/rooms/a").map(WsHub::size).orElse(0) == 2);
		assertThat(this.hubs.hubs()).extracting(WsHub::path).containsExactly("/rooms/a");
		a.sendText("x");
		assertThat(b.awaitText()).as("a broadcast of the other client, so the same hub").isEqualTo("x");
		assertThat(a.awaitText()).isEqualTo("x");
	}

	@Test
	void anOversizeTextMessageClosesWith1009AndOthersAreUntouched() {
		WsTestConnection big = connect("/sized/1");
		WsTestConnection other = connect("/sized/1");
		big.sendText("y".repeat(1024));
		assertThat(big.awaitText()).isEqualTo("text 1024");
		big.sendText("y".repeat(1025));
		assertThat(big.awaitCloseCode()).isEqualTo(1009);
		other.sendText("small");
		assertThat(other.awaitText()).isEqualTo("text 5");
	}

	@Test
	void anOversizeBinaryMessageClosesWith1009() {
		WsTestConnection big = connect("/sized/1");
		big.sendBinary(new byte[1024]);
		assertThat(big.awaitText()).isEqualTo("binary 1024");
		big.sendBinary(new byte[1025]);
		assertThat(big.awaitCloseCode()).isEqualTo(1009);
	}

	// Slow consumers

	@Test
	void aSlowReaderNeverHoldsUpItsRoomAndIsDroppedOnOverflow() throws Exception {
		List<WsTestConnection> readers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			readers.add(connect("/overflow/room"));
		}
		raw("/overflow/room", 4096);
		await().atMost(WAIT).until(() -> this.hubs.find("/overflow/room").map(WsHub::size).orElse(0) == 11);
		long slowest = broadcastSteadily("/overflow/room", 1500, SMALL, readers);
		assertThat(Duration.ofNanos(slowest)).as("slowest broadcast call").isLessThan(Duration.ofSeconds(1));
		await("slow reader dropped").atMost(WAIT)
			.until(() -> this.hubs.find("/overflow/room").map(WsHub::size).orElse(0) == 10);
		assertClosedWith("/overflow/room", 1008);
		assertNoThreadBlockedInASend();
	}

	@Test
	void aStuckLastSendIsDroppedWithinTheSendTimeLimitWithoutALaterSend() throws Exception {
		WsTestConnection reader = connect("/slow/room");
		raw("/slow/room", 4096);
		await().atMost(WAIT).until(() -> this.hubs.find("/slow/room").map(WsHub::size).orElse(0) == 2);
		broadcastSteadily("/slow/room", 150, LARGE, List.of(reader));
		await("stuck session dropped by the send time limit (1s)").atMost(WAIT)
			.until(() -> this.hubs.find("/slow/room").map(WsHub::size).orElse(0) == 1);
		assertClosedWith("/slow/room", 1008);
		assertNoThreadBlockedInASend();
	}

	/**
	 * Assert the close code that the endpoint's {@code @OnClose} saw for the dropped
	 * session: its close frame cannot reach a peer that stopped reading, so the code is
	 * checked where the server reports it.
	 */
	private static void assertClosedWith(String path, int code) {
		await("@OnClose of the dropped session on " + path).atMost(WAIT)
			.untilAsserted(() -> assertThat(HardeningEndpoints.closeCodes.get(path)).isNotNull().contains(code));
	}

	@Test
	void theDropNewestPolicyKeepsTheSlowSessionAndCountsDrops() throws Exception {
		WsTestConnection reader = connect("/lossy/room");
		RawWsClient raw = raw("/lossy/room", 4096);
		await().atMost(WAIT).until(() -> this.hubs.find("/lossy/room").map(WsHub::size).orElse(0) == 2);
		broadcastSteadily("/lossy/room", 1500, SMALL, List.of(reader));
		WsSession slow = slowSession("/lossy/room");
		assertThat(slow.isOpen()).isTrue();
		List<Integer> received = readUntilQuiet(raw);
		assertThat(received).as("in order, the oldest kept and the newest dropped")
			.startsWith(0, 1, 2)
			.isSorted()
			.doesNotHaveDuplicates()
			.doesNotContain(1499);
		assertThat(received.size() + slow.droppedMessages()).isEqualTo(1500);
		slow.close();
	}

	@Test
	void theDropOldestPolicyKeepsTheSlowSessionAndItsNewestMessages() throws Exception {
		WsTestConnection reader = connect("/oldest/room");
		RawWsClient raw = raw("/oldest/room", 4096);
		await().atMost(WAIT).until(() -> this.hubs.find("/oldest/room").map(WsHub::size).orElse(0) == 2);
		broadcastSteadily("/oldest/room", 1500, SMALL, List.of(reader));
		WsSession slow = slowSession("/oldest/room");
		assertThat(slow.isOpen()).isTrue();
		List<Integer> received = new ArrayList<>();
		while (received.isEmpty() || received.get(received.size() - 1) != 1499) {
			received.add(sequence(raw.readText()));
		}
		assertThat(received).as("in order, ending with the newest").isSorted().doesNotHaveDuplicates();
		assertThat(received.size()).as("messages dropped to make room").isLessThan(1500);
		assertThat(received.size() + slow.droppedMessages()).isEqualTo(1500);
		slow.close();
	}

	private WsSession slowSession(String path) {
		return this.hubs.find(path)
			.orElseThrow()
			.sessions()
			.stream()
			.filter((session) -> session.droppedMessages() > 0)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session dropped messages"));
	}

	private static List<Integer> readUntilQuiet(RawWsClient raw) throws Exception {
		List<Integer> received = new ArrayList<>();
		String text;
		while ((text = raw.readTextWithin(Duration.ofSeconds(2))) != null) {
			received.add(sequence(text));
		}
		return received;
	}

	private static int sequence(String text) {
		return Integer.parseInt(text.substring(0, text.indexOf(':')));
	}

	@Test
	void aRaceThatFillsTheHubDuringTheHandshakeClosesTheLaterSessionWith1013() throws Exception {
		HardeningEndpoints.gate = new CountDownLatch(2);
		CompletableFuture<WsTestConnection> first = CompletableFuture.supplyAsync(() -> connect("/gated/room"));
		CompletableFuture<WsTestConnection> second = CompletableFuture.supplyAsync(() -> connect("/gated/room"));
		List<WsTestConnection> both = List.of(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS));
		await("one session refused after the upgrade").atMost(WAIT)
			.until(() -> both.stream().filter(WsTestConnection::isClosed).count() == 1);
		WsTestConnection refused = both.stream().filter(WsTestConnection::isClosed).findFirst().orElseThrow();
		WsTestConnection admitted = both.stream().filter((client) -> !client.isClosed()).findFirst().orElseThrow();
		assertThat(refused.awaitCloseCode()).isEqualTo(1013);
		admitted.sendText("still here");
		assertThat(admitted.awaitText()).isEqualTo("still here");
		assertThat(this.hubs.find("/gated/room").map(WsHub::size)).contains(1);
	}

	@Test
	void messagesOver8KiBWithinTheLimitArriveWhole() {
		WsTestConnection client = connect("/echo/big");
		String text = "y".repeat(60 * 1024);
		client.sendText(text);
		assertThat(client.awaitText()).isEqualTo(text);
	}

	/**
	 * Broadcast steadily while the readers keep up, each at most a small window of
	 * messages behind, and check that each reader receives every message in order.
	 * @return the duration of the slowest broadcast call, in nanoseconds
	 */
	private long broadcastSteadily(String path, int messages, String filler, List<WsTestConnection> readers) {
		int window = 16;
		long slowest = 0;
		for (int n = 0; n < messages + window; n++) {
			if (n < messages) {
				long start = System.nanoTime();
				this.hubs.broadcast(path, n + ":" + filler);
				slowest = Math.max(slowest, System.nanoTime() - start);
			}
			int expected = n - window;
			if (expected >= 0 && expected < messages) {
				for (WsTestConnection reader : readers) {
					String text = reader.awaitText();
					assertThat(text.substring(0, text.indexOf(':'))).isEqualTo(String.valueOf(expected));
				}
			}
		}
		return slowest;
	}

	private static void assertNoThreadBlockedInASend() {
		await("no thread blocked in a WebSocket send").atMost(WAIT).until(() -> Arrays
			.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
			.noneMatch(AbstractHardeningWireTests::isBlockedInSend));
	}

	private static boolean isBlockedInSend(ThreadInfo thread) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getMethodName().equals("sendMessageBlock")
					|| frame.getClassName().startsWith("io.multiws") && frame.getMethodName().equals("write")
							&& thread.getThreadState() != Thread.State.RUNNABLE);
	}

	// Faults in user code

	@Test
	void aFailingOpenCallbackClosesWith1011AndLeavesNoMembership(CapturedOutput output) {
		WsTestConnection other = connect("/faulty/fine");
		WsTestConnection failing = connect("/faulty/open");
		assertThat(failing.awaitCloseCode()).isEqualTo(1011);
		await().atMost(WAIT).until(() -> this.hubs.find("/faulty/open").isEmpty());
		other.sendText("hi");
		assertThat(other.awaitText()).isEqualTo("ok:hi");
		assertThat(output).contains("@OnOpen of WebSocket endpoint 'faulty'").contains("on /faulty/open");
	}

	@Test
	void aFailingMessageCallbackWithoutErrorCallbackClosesWith1011AndIsLoggedOnce(CapturedOutput output) {
		WsTestConnection failing = connect("/faulty/room");
		WsTestConnection other = connect("/faulty/room");
		failing.sendText("throw");
		assertThat(failing.awaitCloseCode()).isEqualTo(1011);
		other.sendText("hi");
		assertThat(other.awaitText()).isEqualTo("ok:hi");
		assertThat(output.getAll().split("boom in message", -1)).as("logged once").hasSize(2);
		assertThat(output).contains("@OnMessage of WebSocket endpoint 'faulty'").contains("on /faulty/room");
	}

	@Test
	void aFailingCloseCallbackIsOnlyLogged(CapturedOutput output) {
		WsTestConnection closing = connect("/faulty/close");
		WsTestConnection other = connect("/faulty/close");
		closing.close();
		await().atMost(WAIT).until(() -> output.getAll().contains("boom in close"));
		other.sendText("still");
		assertThat(other.awaitText()).isEqualTo("ok:still");
	}

	@Test
	void aBlockingCallbackDelaysOnlyItsOwnSession() {
		HardeningEndpoints.release = new CountDownLatch(1);
		WsTestConnection blocked = connect("/blocking/room");
		WsTestConnection other = connect("/blocking/room");
		await().atMost(WAIT).until(() -> this.hubs.find("/blocking/room").map(WsHub::size).orElse(0) == 2);
		blocked.sendText("block");
		other.sendText("while blocked");
		assertThat(other.awaitText()).isEqualTo("while blocked");
		assertThat(blocked.awaitText()).as("broadcasts still reach the blocked session").isEqualTo("while blocked");
		HardeningEndpoints.release.countDown();
	}

}
