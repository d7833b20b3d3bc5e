package io.multiws.tests.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code multiws} Actuator endpoint over HTTP, with live hubs; closing a hub is off
 * by default.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=multiws",
				"multi-ws.endpoints.history.history.size=2",
				"multi-ws.endpoints.rooms.max-sessions-per-hub=50",
				"multi-ws.endpoints.replies-bounded.replies.enabled=true" })
class ActuatorEndpointWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@BeforeEach
	void openRooms() {
		connect("/rooms/big");
		connect("/rooms/big");
		connect("/rooms/small");
		connect("/echo/1");
		await().atMost(WAIT).until(() -> this.hubs.find("/rooms/big").map(WsHub::size).orElse(0) == 2
				&& this.hubs.find("/rooms/small").isPresent() && this.hubs.find("/echo/1").isPresent());
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		await().atMost(WAIT).until(() -> this.hubs.count() == 0);
	}


	@Test
	void aHubShowsWhatItsHistoryKeeps() throws Exception {
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/history/kept")) {
			for (String text : List.of("one", "two", "três")) {
				client.sendText(text);
				assertThat(client.awaitText()).isEqualTo(text);
			}
			JsonNode hub = ActuatorSupport.json(ActuatorSupport.get(this.port, "/actuator/multiws/history"))
				.get("hubs")
				.get(0);
			assertThat(hub.get("path").asString()).isEqualTo("/history/kept");
			assertThat(hub.get("historyMessages").asInt()).as("the last two, as configured").isEqualTo(2);
			assertThat(hub.get("historyBytes").asLong()).as("'two' and 'três' in UTF-8, at least")
				.isGreaterThanOrEqualTo(3 + 5);
		}
	}

	@Test
	void aHubCountsTheRequestsPendingInEachDirection() {
		try (WsTestConnection client = WsTestClient.forPort(this.port).connect("/replies-bounded/counted")) {
			// The endpoint holds every request of the client until the test completes it: two in progress
			client.sendText("?1:a").sendText("?2:b");
			await().atMost(WAIT).until(() -> this.hubs.find("/replies-bounded/counted").isPresent());
			WsSession session = this.hubs.find("/replies-bounded/counted").orElseThrow().sessions().iterator().next();
			session.request("and you?", Duration.ofMinutes(1));
			assertThat(client.awaitText()).isEqualTo("?1:and you?");
			await("the counts of the hub").atMost(WAIT).untilAsserted(() -> {
				JsonNode hub = ActuatorSupport
					.json(ActuatorSupport.get(this.port, "/actuator/multiws/replies-bounded"))
					.get("hubs")
					.get(0);
				assertThat(hub.get("pendingRequests").asLong()).as("awaiting the client's reply").isEqualTo(1);
				assertThat(hub.get("requestsInProgress").asLong()).as("awaiting the endpoint's reply").isEqualTo(2);
			});
			JsonNode limits = endpoint(ActuatorSupport.json(ActuatorSupport.get(this.port, "/actuator/multiws")),
					"replies-bounded")
				.get("limits");
			assertThat(limits.get("replies").asBoolean()).isTrue();
			assertThat(limits.get("maxPendingRequests").asInt()).isEqualTo(100);
		}
	}

	@Test
	void theOverviewListsEndpointsLimitsCountsAndTheLargestHubs() {
		JsonNode overview = ActuatorSupport.json(ActuatorSupport.get(this.port, "/actuator/multiws"));
		assertThat(overview.get("hubs").asInt()).isEqualTo(3);
		assertThat(overview.get("sessions").asLong()).isEqualTo(4);
		JsonNode rooms = endpoint(overview, "rooms");
		assertThat(rooms.get("patterns").get(0).asString()).isEqualTo("/rooms/{room}");
		assertThat(rooms.get("hubs").asInt()).isEqualTo(2);
		assertThat(rooms.get("sessions").asLong()).isEqualTo(3);
		assertThat(rooms.get("limits").get("maxSessionsPerHub").asInt()).isEqualTo(50);
		assertThat(rooms.get("limits").get("overflowPolicy").asString()).isEqualTo("CLOSE");
		assertThat(rooms.get("limits").get("replies").asBoolean()).isFalse();
		assertThat(rooms.get("limits").get("maxPendingRequests").asInt()).isZero();
		JsonNode largest = overview.get("largestHubs").get(0);
		assertThat(largest.get("path").asString()).isEqualTo("/rooms/big");
		assertThat(largest.get("endpoint").asString()).isEqualTo("rooms");
		assertThat(largest.get("sessions").asInt()).isEqualTo(2);
		assertThat(overview.get("relay").get("mode").asString()).as("without a cluster relay").isEqualTo("local");
	}

	@Test
	void anEndpointsHubsArePagedLargestFirst() {
		JsonNode first = ActuatorSupport.json(ActuatorSupport.get(this.port, "/actuator/multiws/rooms?size=1"));
		assertThat(first.get("total").asInt()).isEqualTo(2);
		assertThat(first.get("sessions").asLong()).isEqualTo(3);
		assertThat(first.get("hubs")).hasSize(1);
		JsonNode big = first.get("hubs").get(0);
		assertThat(big.get("path").asString()).isEqualTo("/rooms/big");
		assertThat(big.get("sessions").asInt()).isEqualTo(2);
		assertThat(big.get("ageMillis").asLong()).isGreaterThanOrEqualTo(0);
		assertThat(big.get("droppedMessages").asLong()).isZero();
		assertThat(big.get("queuedBytes").asLong()).isZero();
		assertThat(big.get("historyMessages").asInt()).isZero();
		assertThat(big.get("pendingRequests").asLong()).isZero();
		assertThat(big.get("requestsInProgress").asLong()).isZero();
		assertThat(big.get("variables").get("room").asString()).isEqualTo("big");
		JsonNode second = ActuatorSupport.json(ActuatorSupport.get(this.port, "/actuator/multiws/rooms?size=1&page=1"));
		assertThat(second.get("hubs").get(0).get("path").asString()).isEqualTo("/rooms/small");
	}

	@Test
	void anUnknownEndpointIsNotFound() {
		assertThat(ActuatorSupport.get(this.port, "/actuator/multiws/nope").statusCode()).isEqualTo(404);
	}

	@Test
	void closingAHubIsOffByDefault() {
		int status = ActuatorSupport.post(this.port, "/actuator/multiws/rooms", "{\"path\":\"/rooms/big\"}")
			.statusCode();
		assertThat(status).isEqualTo(405);
		assertThat(this.hubs.find("/rooms/big").map(WsHub::size)).contains(2);
	}

	private static JsonNode endpoint(JsonNode overview, String name) {
		for (JsonNode endpoint : overview.get("endpoints")) {
			if (endpoint.get("name").asString().equals(name)) {
				return endpoint;
			}
		}
		throw new AssertionError("No endpoint " + name + " in " + overview);
	}

	private void connect(String path) {
		this.clients.add(WsTestClient.forPort(this.port).connect(path));
	}

}
