package com.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import com.example.trading.Order;
import com.example.trading.Quote;
import io.multiws.test.WsHandshakeRefusedException;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The README's snippets, run as written: the quick start's endpoint and controller, the
 * handshake example and the asynchronous example, on a real server and real WebSocket
 * clients.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class QuickStartTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void aRoomWelcomesEachSessionAndBroadcastsToItsOwnPathOnly() {
		WsTestClient client = WsTestClient.forPort(this.port);
		try (WsTestConnection alice = client.connect("/rooms/lobby")) {
			assertThat(alice).receivedText().isEqualTo("Welcome to lobby, 1 here");
			try (WsTestConnection bob = client.connect("/rooms/lobby");
					WsTestConnection carol = client.connect("/rooms/kitchen")) {
				assertThat(bob).receivedText().isEqualTo("Welcome to lobby, 2 here");
				assertThat(carol).receivedText().isEqualTo("Welcome to kitchen, 1 here");
				alice.sendText("hi");
				assertThat(alice).receivedText().isEqualTo("hi");
				assertThat(bob).receivedText().isEqualTo("hi");
				assertThat(carol).receivesNothingWithin(Duration.ofMillis(200));
			}
		}
	}

	@Test
	void theControllerBroadcastsThroughTheRegistryAndFindsHubs() throws Exception {
		try (WsTestConnection alice = WsTestClient.forPort(this.port).connect("/rooms/news")) {
			assertThat(alice).receivedText().isEqualTo("Welcome to news, 1 here");
			assertThat(post("/rooms/news/news", "extra")).isEqualTo("1");
			assertThat(alice).receivedText().isEqualTo("extra");
			assertThat(get("/rooms/news/size")).isEqualTo("1");
		}
		assertThat(post("/rooms/nobody/news", "lost")).isEqualTo("0");
		assertThat(get("/rooms/nobody/size")).isEqualTo("0");
	}

	@Test
	void theHandshakeRefusesWithoutAPlayerAndRejectsABlankOne() {
		WsTestClient client = WsTestClient.forPort(this.port);
		assertThatExceptionOfType(WsHandshakeRefusedException.class)
			.isThrownBy(() -> client.path("/games/chess").open())
			.withMessageEndingWith("refused with 400: Required request parameter 'player' for method parameter type "
					+ "String is not present")
			.satisfies((refused) -> assertThat(refused.getStatus()).isEqualTo(400));
		assertThatExceptionOfType(WsHandshakeRefusedException.class)
			.isThrownBy(() -> client.path("/games/chess?player=%20").open())
			.withMessageEndingWith("refused with 403: A player needs a name");
		try (WsTestConnection ann = client.connect("/games/chess?player=ann")) {
			assertThat(ann).receivedText().isEqualTo("ann joined chess");
		}
	}

	@Test
	void theTradingEndpointStreamsQuotesAndAnswersOrdersWhenTheyComplete() {
		try (WsTestConnection trader = WsTestClient.forPort(this.port).connect("/trading/ACME")) {
			assertThat(trader).receivedJson(Quote.class).isEqualTo(new Quote("ACME", 100));
			assertThat(trader).receivedJson(Quote.class).isEqualTo(new Quote("ACME", 101));
			trader.sendJson(new Order("ACME", 5));
			assertThat(firstOtherThanAQuote(trader))
				.isEqualTo("{\"symbol\":\"ACME\",\"quantity\":5,\"status\":\"accepted\"}");
		}
	}

	private static String firstOtherThanAQuote(WsTestConnection connection) {
		String text = connection.awaitText();
		for (int i = 0; i < 1000 && text.contains("\"price\""); i++) {
			text = connection.awaitText();
		}
		return text;
	}

	private String post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString(body)).build(),
				BodyHandlers.ofString()).body();
	}

	private String get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString()).body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
