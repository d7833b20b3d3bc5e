package io.multiws.tests.attack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.multiws.core.DefaultWsHubs;
import io.multiws.features.HistoryBudget;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client fills the histories of rooms it joins in turn and leaves, as the issue's
 * attacker did against the sample's {@code /chat/{room}} (history 50, ttl 1 h): 600 rooms,
 * 7 messages of 56 KB each. The histories of emptied hubs outlive them for the ttl, so
 * without a budget covering them the live heap grows by what they hold (422 MB there),
 * three times what {@code history.max-bytes} counted. Here the budget
 * ({@code multi-ws.history.max-total-bytes}) is 32 MB, so that the test stays light; the
 * server runs in this JVM, and the live heap after full collections is what is measured,
 * from a server of its own for each test. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=multiws",
				"multi-ws.endpoints.history.history.size=50", "multi-ws.endpoints.history.history.ttl=1h",
				"multi-ws.history.max-total-bytes=" + AbstractHistoryMemoryAttackWireTests.BUDGET_MB + "MB" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
public abstract class AbstractHistoryMemoryAttackWireTests {

	static final int BUDGET_MB = 32;

	private static final long BUDGET = BUDGET_MB * 1024L * 1024L;

	private static final long MB = 1024 * 1024;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String MESSAGE = "x".repeat(56 * 1024);

	private static final int MESSAGES_PER_ROOM = 7;

	private static final int CLIENTS_IN_PARALLEL = 4;

	private static final JsonMapper json = new JsonMapper();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		this.clients.clear();
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	/**
	 * What the budget counts is what the histories hold: with every history within it
	 * (nothing evicted), the live heap grows by what it counts, within 1.2 times either
	 * way.
	 */
	@Test
	@Order(1)
	void theBudgetCountsTheHeapTheHistoriesHold() throws Exception {
		HistoryBudget budget = DefaultWsHubs.of(this.hubs).features().historyBudget();
		long heapBefore = LiveHeap.afterGc();
		long countedBefore = budget.usedBytes();
		// 4 of the 7 messages fit history.max-bytes (256 KB): about 450 KB counted per room
		fillAndLeave("counted", 50);
		long heap = LiveHeap.afterGc() - heapBefore;
		long counted = budget.usedBytes() - countedBefore;
		assertThat(budget.evictedHistories()).as("all within the budget").isZero();
		assertThat(counted).as("what 50 rooms keep").isBetween(15 * MB, BUDGET);
		assertThat((double) heap / counted)
			.as("live heap %s for %s counted", LiveHeap.megabytes(heap), LiveHeap.megabytes(counted))
			.isBetween(1 / 1.2, 1.2);
	}

	/**
	 * The histories of 600 emptied rooms of 392 KB each stay within the budget: the live
	 * heap grows by at most 1.2 times the budget and 16 MB, the Actuator endpoint shows
	 * the budget in use and the evictions, and a joiner of a live room still gets its
	 * history, which went last.
	 */
	@Test
	@Order(2)
	void theHistoriesOfEmptiedRoomsStayWithinTheBudget() throws Exception {
		long heapBefore = LiveHeap.afterGc();
		WsTestConnection resident = connect("/history/resident");
		for (int i = 0; i < 3; i++) {
			resident.sendText(i + MESSAGE);
		}
		resident.awaitTexts(3);
		fillAndLeave("attack", 600);
		long grown = LiveHeap.afterGc() - heapBefore;
		assertThat(grown).as("live heap grown by %s", LiveHeap.megabytes(grown))
			.isLessThanOrEqualTo((long) (BUDGET * 1.2) + 16 * MB);
		JsonNode history = overview().get("history");
		assertThat(history.get("maxTotalBytes").asLong()).isEqualTo(BUDGET);
		assertThat(history.get("usedBytes").asLong()).isPositive().isLessThanOrEqualTo(BUDGET);
		assertThat(history.get("evictedHistories").asLong()).as("emptied rooms' histories evicted").isPositive();
		assertThat(history.get("evictedEntries").asLong()).as("before any live room's message").isZero();
		assertThat(history.get("emptiedHistories").asInt()).isPositive();
		assertThat(history.get("emptiedBytes").asLong()).isPositive();
		JsonNode largest = history.get("largestEmptied").get(0);
		assertThat(largest.get("path").asString()).startsWith("/history/attack-");
		assertThat(largest.get("messages").asInt()).isEqualTo(4);
		WsTestConnection joiner = connect("/history/resident");
		List<String> replayed = joiner.awaitTexts(3);
		for (int i = 0; i < 3; i++) {
			assertThat(replayed.get(i)).startsWith(Integer.toString(i)).hasSize(MESSAGE.length() + 1);
		}
	}

	private void fillAndLeave(String prefix, int rooms) throws Exception {
		ExecutorService attackers = Executors.newFixedThreadPool(CLIENTS_IN_PARALLEL);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int worker = 0; worker < CLIENTS_IN_PARALLEL; worker++) {
				int first = worker;
				done.add(attackers.submit(() -> {
					for (int room = first; room < rooms; room += CLIENTS_IN_PARALLEL) {
						fillAndLeave("/history/" + prefix + "-" + room);
					}
				}));
			}
			for (Future<?> attacker : done) {
				attacker.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		finally {
			attackers.shutdownNow();
		}
		await("the rooms emptied").atMost(WAIT).until(() -> this.hubs.hubs("history")
			.stream()
			.noneMatch((hub) -> hub.path().startsWith("/history/" + prefix)));
	}

	private void fillAndLeave(String path) {
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect(path)) {
			for (int i = 0; i < MESSAGES_PER_ROOM; i++) {
				client.sendText(MESSAGE);
			}
			client.awaitTexts(MESSAGES_PER_ROOM);
		}
	}

	private WsTestConnection connect(String path) {
		WsTestConnection client = WsTestClient.forPort(this.port).connect(path);
		this.clients.add(client);
		return client;
	}

	private JsonNode overview() throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/multiws")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

}
