package io.multiws.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsPresenceMember;
import io.multiws.test.TestEndpoints.Echo;
import io.multiws.test.TestEndpoints.Lobby;
import io.multiws.test.autoconfigure.AutoConfigureWsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@link WsTestClient} that {@link AutoConfigureWsTestClient} injects: bound
 * to the running server, it returns from {@code connect} once the server has opened the
 * session, and reads each endpoint's frames with that endpoint's settings.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.lobby.history.size=3",
				"multi-ws.endpoints.lobby.history.message-ids=true", "multi-ws.endpoints.lobby.presence.enabled=true",
				"multi-ws.endpoints.lobby.presence.push-diffs=true",
				"multi-ws.endpoints.lobby.presence.anonymous-view=full", "spring.jackson.property-naming-strategy=SNAKE_CASE" })
@AutoConfigureWsTestClient
class InjectedWsTestClientTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	WsHubs hubs;

	@Autowired
	SlowOpen slowOpen;

	@BeforeEach
	void resetSlowOpen() {
		this.slowOpen.reset();
	}

	private CompletableFuture<WsTestConnection> connecting = CompletableFuture.completedFuture(null);

	@AfterEach
	void allClosed() throws Exception {
		this.slowOpen.release.countDown();
		WsTestConnection connection = this.connecting.get(10, TimeUnit.SECONDS);
		if (connection != null) {
			connection.close();
		}
		assertThat(this.hubs).hasHubCount(0);
	}

	@Test
	void connectReturnsOnceTheServerHasJoinedTheSessionAndRunOnOpen() throws Exception {
		this.connecting = CompletableFuture.supplyAsync(() -> this.ws.connect("/slow/1"));
		assertThat(this.hubs).hub("/slow/1").hasSessions(1);
		assertThat(this.slowOpen.opening.await(10, TimeUnit.SECONDS)).as("@OnOpen running").isTrue();
		assertThat(this.connecting).as("connect() while @OnOpen runs").isNotDone();
		this.slowOpen.release.countDown();
		WsTestConnection connection = this.connecting.get(10, TimeUnit.SECONDS);
		assertThat(this.hubs.broadcast("/slow/1", "news")).isOne();
		assertThat(connection).receivedTexts(2).containsExactly("opened", "news");
	}

	@Test
	void withoutTheOpeningWaitConnectReturnsOnTheUpgrade() {
		try (WsTestConnection connection = this.ws.withoutOpeningWait().connect("/slow/2")) {
			assertThat(this.hubs).hub("/slow/2").hasSessions(1);
			this.slowOpen.release.countDown();
			assertThat(connection).receivedText().isEqualTo("opened");
		}
	}

	@Test
	void aSessionThatDoesNotOpenInTimeFailsTheConnectNamingThePath() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.ws.withTimeout(Duration.ofSeconds(3)).connect("/slow/3"))
			.withMessageStartingWith("Connected to /slow/3 (101) but the server did not open the session");
	}

	@Test
	void aSessionThatTheServerClosesBeforeItOpensIsReturnedClosed() {
		try (WsTestConnection connection = this.ws.connect("/failing-open")) {
			assertThat(connection).isClosedWith(1011);
		}
	}

	@Test
	void readsMessageIdsAndPresenceFramesApart() {
		try (WsTestConnection alice = this.ws.connect("/lobby/a?name=alice")) {
			try (WsTestConnection bob = this.ws.connect("/lobby/a?name=bob")) {
				bob.sendText("e1").sendText("e2");
				WsMessage e1 = alice.awaitMessage();
				assertThat(e1).hasPayload("e1").hasIdGreaterThan(0);
				assertThat(alice).receivedMessage().hasPayload("e2").hasId(e1.id() + 1);
				assertThat(alice).as("presence frames stay in order for their own assertions")
					.receivedPresenceState()
					.containsOnlyKeys("alice");
				assertThat(alice).receivedPresenceJoin("bob").containsEntry("name", "bob");
				assertThat(bob).seesPresence().containsOnlyKeys("alice", "bob");
				assertThat(bob.presence()).as("what bob was told of alice")
					.contains(new WsPresenceMember("alice", Map.of("name", "alice"), 1));
				assertThat(bob).receivedPayloads(2).containsExactly("e1", "e2");
				assertThat(this.hubs).hub("/lobby/a").history().hasPayloads("e1", "e2");
				assertThat(this.hubs).hub("/lobby/a").presence().containsOnlyKeys("alice", "bob");
			}
			assertThat(alice).receivedPresenceLeave("bob");
			assertThat(this.hubs).hub("/lobby/a").presence().containsOnlyKeys("alice");
		}
	}

	@Test
	void aResumeThatCannotBeFilledStartsWithAGap() {
		try (WsTestConnection alice = this.ws.connect("/lobby/b?name=alice")) {
			for (int i = 1; i <= 4; i++) {
				this.hubs.broadcast("/lobby/b", "e" + i);
			}
			long first = alice.awaitMessages(4).get(0).id();
			try (WsTestConnection carol = this.ws.connect("/lobby/b?name=carol&lastEventId=" + (first - 1))) {
				assertThat(carol).as("e1 is no longer kept").receivedGap().isEqualTo(first + 1);
				assertThat(carol).receivedPayloads(3).containsExactly("e2", "e3", "e4");
			}
		}
	}

	@Test
	void aRawAssertionOnANumberedMessageSaysHowToReadIt() {
		try (WsTestConnection alice = this.ws.connect("/lobby/c?name=alice")) {
			assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
			alice.sendText("e4");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(alice).receivedText().isEqualTo("e4"))
				.withMessageContaining("receivedMessage()");
		}
	}

	@Test
	void writesAndReadsJsonWithTheApplicationsMapper() {
		try (WsTestConnection orders = this.ws.connect("/orders")) {
			orders.sendJson(new Order("x-1"));
			assertThat(orders).receivedText().isEqualTo("{\"order_id\":\"x-1\"}");
			orders.sendJson(new Order("x-2"));
			assertThat(orders).receivedJson(Order.class).isEqualTo(new Order("x-2"));
		}
	}

	@Test
	void connectsToTheApplicationsServer() {
		try (WsTestConnection echo = this.ws.connect("/echo/1")) {
			echo.sendText("hello");
			assertThat(echo).receivedText().isEqualTo("hello");
		}
		assertThat(this.ws.path("/nowhere").handshakeStatus()).isEqualTo(404);
	}

	record Order(String orderId) {

	}

	@WsEndpoint(name = "slow", paths = "/slow/{n}")
	static class SlowOpen {

		volatile CountDownLatch opening = new CountDownLatch(1);

		volatile CountDownLatch release = new CountDownLatch(1);

		@OnOpen
		String onOpen() throws InterruptedException {
			this.opening.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return "opened";
		}

		void reset() {
			this.opening = new CountDownLatch(1);
			this.release = new CountDownLatch(1);
		}

	}

	@WsEndpoint(name = "failingOpen", paths = "/failing-open")
	static class FailingOpen {

		@OnOpen
		void onOpen() {
			throw new IllegalStateException("not today");
		}

	}

	@WsEndpoint(name = "orders", paths = "/orders")
	static class Orders {

		@OnMessage
		Order echo(Order order) {
			return order;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Echo.class, Lobby.class, SlowOpen.class, FailingOpen.class, Orders.class })
	static class TestApplication {

	}

}
