package io.multiws.tests.observability;

import java.time.Duration;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code multi-ws.actuator.hub-close-enabled=true}, the {@code multiws} endpoint
 * closes one hub's sessions with 1001 and leaves other hubs alone.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=multiws",
				"multi-ws.actuator.hub-close-enabled=true" })
class ActuatorHubCloseWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	@Test
	void closingAHubSends1001ToItsSessionsOnly() {
		try (WsTestConnection first = connect("/rooms/doomed"); WsTestConnection second = connect("/rooms/doomed");
				WsTestConnection bystander = connect("/rooms/other")) {
			await().atMost(WAIT).until(() -> this.hubs.find("/rooms/doomed").map(WsHub::size).orElse(0) == 2);
			JsonNode closed = ActuatorSupport
				.json(ActuatorSupport.post(this.port, "/actuator/multiws/rooms", "{\"path\":\"/rooms/doomed\"}"));
			assertThat(closed.get("closedSessions").asInt()).isEqualTo(2);
			assertThat(first.awaitCloseCode()).isEqualTo(1001);
			assertThat(second.awaitCloseCode()).isEqualTo(1001);
			await().atMost(WAIT).until(() -> this.hubs.find("/rooms/doomed").isEmpty());
			bystander.sendText("still here");
			assertThat(bystander.awaitText()).isEqualTo("still here");
		}
	}

	@Test
	void closingAnUnknownHubIsNotFound() {
		assertThat(ActuatorSupport.post(this.port, "/actuator/multiws/rooms", "{\"path\":\"/rooms/none\"}")
			.statusCode()).isEqualTo(404);
		assertThat(ActuatorSupport.post(this.port, "/actuator/multiws/echo", "{\"path\":\"/rooms/none\"}")
			.statusCode()).isEqualTo(404);
	}

	private WsTestConnection connect(String path) {
		return WsTestClient.forPort(this.port).connect(path);
	}

}
