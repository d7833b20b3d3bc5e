package io.multiws.test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHubs;
import io.multiws.test.TestEndpoints.Echo;
import io.multiws.test.TestEndpoints.Order;
import io.multiws.test.TestEndpoints.Quote;
import io.multiws.test.TestEndpoints.Quotes;
import io.multiws.test.TestEndpoints.Rooms;
import io.multiws.test.TestEndpoints.Versioned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WsTestClient} and the assertions against a running server.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "multi-ws.allowed-origins=https://app.example", "spring.main.banner-mode=off" })
class WsTestClientTests {

	@LocalServerPort
	int port;

	@Autowired
	WsHubs hubs;

	@AfterEach
	void allClosed() {
		assertThat(this.hubs).hasHubCount(0);
	}

	@Test
	void sendsAndAwaitsTextAndBinary() {
		try (WsTestConnection echo = client().connect("/echo/1")) {
			echo.sendText("hello").sendBinary(new byte[] { 7 });
			assertThat(echo).receivedText().isEqualTo("hello");
			assertThat(echo).receivedBinary().containsExactly(7);
			assertThat(echo).receivesNothingWithin(Duration.ofMillis(100));
		}
	}

	@Test
	void connectsWithHeadersOriginAndSubprotocols() {
		try (WsTestConnection connection = client().path("/versioned")
			.origin("https://app.example")
			.header("X-Team", "blue")
			.subprotocols("v3", "v2")
			.connect()) {
			assertThat(connection.subprotocol()).isEqualTo("v2");
			assertThat(connection).receivedText().isEqualTo("v2 for blue");
		}
	}

	@Test
	void reportsARefusedHandshake() {
		assertThat(client().path("/echo/1").origin("https://evil.example").handshakeStatus()).isEqualTo(403);
		assertThat(client().path("/echo/1").origin("https://app.example").handshakeStatus()).isEqualTo(101);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> client().path("/echo/1").origin("https://evil.example").connect())
			.withMessageStartingWith("Handshake to ws://127.0.0.1:" + this.port + "/echo/1 refused with 403");
	}

	@Test
	void sendsAndAwaitsJson() {
		try (WsTestConnection quotes = client().connect("/quotes/ACME")) {
			assertThat(quotes).receivedJson(Quote.class).satisfies((quote) -> {
				assertThat(quote.symbol()).isEqualTo("ACME");
				assertThat(quote.price()).isEqualTo(100);
			});
		}
		try (WsTestConnection trader = client().connect("/quotes/XYZ")) {
			trader.sendJson(new Order("XYZ", 42));
			await("the reply among the feed").atMost(Duration.ofSeconds(10))
				.until(() -> trader.received().contains("{\"symbol\":\"XYZ\",\"price\":42.0}"));
		}
	}

	@Test
	void awaitsTheCloseCode() {
		try (WsTestConnection echo = client().connect("/echo/2")) {
			echo.sendText("close");
			assertThat(echo).isClosedWith(1011);
			assertThat(echo.closeReason()).isEqualTo("Internal error in endpoint callback");

		}
	}

	@Test
	void anAwaitStopsOnceTheConnectionHasClosed() {
		try (WsTestConnection echo = client().withTimeout(Duration.ofMinutes(5)).connect("/echo/9")) {
			echo.sendText("close");
			assertThat(echo).isClosedWith(1011);
			assertTimeoutPreemptively(Duration.ofMinutes(1),
					() -> assertThatExceptionOfType(AssertionError.class).isThrownBy(echo::awaitText)
						.withMessageStartingWith("Expected a text message on /echo/9 within PT5M but the connection "
								+ "closed first; received before: []; closed with 1011"));
		}
	}

	@Test
	void awaitsTheCloseStatusOrWhetherItClosesWithinAWindow() {
		try (WsTestConnection echo = client().connect("/echo/4")) {
			assertThat(echo.closesWithin(Duration.ofMillis(50))).isFalse();
			echo.sendText("close");
			assertThat(echo.closesWithin(Duration.ofSeconds(10))).isTrue();
			assertThat(echo.awaitCloseStatus()).isEqualTo(new WsCloseStatus(1011, "Internal error in endpoint callback"));
			assertThat(echo).isClosedWith(1011, "Internal error in endpoint callback");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(echo).isClosedWith(1011, "Something else"))
				.withMessage("Expected WsTestConnection to /echo/4 to close with 1011 'Something else' "
						+ "but it closed with 1011 'Internal error in endpoint callback'");
		}
	}

	@Test
	void sendsAMessageInFragments() {
		try (WsTestConnection echo = client().connect("/echo/5")) {
			echo.sendText("frag", false).sendText("men", false).sendText("ted", true);
			assertThat(echo).receivedText().isEqualTo("fragmented");
			echo.sendBinary(new byte[] { 1, 2 }, false).sendBinary(new byte[] { 3 }, true);
			assertThat(echo).receivedBinary().containsExactly(1, 2, 3);
		}
	}

	@Test
	void pollsWithoutFailingWhenNothingCame() {
		try (WsTestConnection echo = client().connect("/echo/6")) {
			assertThat(echo.poll(Duration.ofMillis(50))).isNull();
			echo.sendText("one").sendBinary(new byte[] { 9 });
			assertThat(echo.poll(Duration.ofSeconds(10))).isEqualTo("one");
			assertThat(echo.poll(Duration.ofSeconds(10))).isEqualTo(new byte[] { 9 });
		}
	}

	@Test
	void awaitsWithATimeoutOfTheTestsChoice() {
		try (WsTestConnection echo = client().connect("/echo/7")) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> echo.awaitText(Duration.ofMillis(50)))
				.withMessageStartingWith("Expected a text message on /echo/7 within PT0.05S but none came");
			echo.sendText("late");
			assertThat(echo.awaitText(Duration.ofSeconds(30))).isEqualTo("late");
		}
	}

	@Test
	void exposesTheJdkWebSocketForWhatTheApiDoesNotCover() throws Exception {
		try (WsTestConnection echo = client().connect("/echo/8")) {
			echo.webSocket().sendPing(ByteBuffer.wrap(new byte[] { 1 })).get(10, TimeUnit.SECONDS);
			echo.sendText("after a ping");
			assertThat(echo).receivedText().isEqualTo("after a ping");
		}
	}

	@Test
	void assertsOnHubsOverTheWire() {
		try (WsTestConnection alice = client().connect("/rooms/a"); WsTestConnection bob = client().connect("/rooms/a")) {
			assertThat(this.hubs).hub("/rooms/a").hasSessions(2).belongsTo("rooms");
			assertThat(alice).receivedText().isEqualTo("welcome to a");
			assertThat(bob).receivedText().isEqualTo("welcome to a");
			alice.sendText("hi");
			assertThat(bob).receivedText().isEqualTo("hi");
			alice.close(1000, "bye");
			assertThat(this.hubs).hub("/rooms/a").hasSessions(1);
		}
		assertThat(this.hubs).hasNoHub("/rooms/a");
	}

	@Test
	void failureMessagesSayWhatDidArrive() {
		try (WsTestConnection echo = client().connect("/echo/3")) {
			echo.sendText("one");
			assertThat(echo.awaitText()).isEqualTo("one");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> echo.awaitText(Duration.ofMillis(200)))
				.withMessage("Expected a text message on /echo/3 within PT0.2S but none came; "
						+ "received before: [text 'one']; still open");
		}
	}

	private WsTestClient client() {
		return WsTestClient.forPort(this.port);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Echo.class, Rooms.class, Quotes.class, Versioned.class })
	static class TestApplication {

	}

}
