package io.multiws.sample.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.multiws.hub.WsHubs;
import io.multiws.sample.poll.PollEndpoint.Problem;
import io.multiws.sample.poll.PollEndpoint.Tally;
import io.multiws.sample.poll.PollEndpoint.Vote;
import io.multiws.sample.ticker.Quote;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's contracts, which external load tests rely on: {@code /echo/{id}},
 * {@code /rooms/{room}}, {@code /ticker/{symbol}}, {@code /polls/{poll}} and the chat
 * page, over real WebSockets with the test client of {@code multi-ws-spring-boot-starter-test}.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsHubs hubs;

	WsTestClient client;

	@BeforeEach
	void client() {
		this.client = WsTestClient.forPort(this.port);
	}

	@Test
	void echoSendsEveryTextBackToItsSender() {
		try (WsTestConnection echo = this.client.path("/echo/1").origin("https://any.example").connect()) {
			echo.sendText("hello");
			assertThat(echo).receivedText().isEqualTo("hello");
		}
	}

	@Test
	void roomsBroadcastToEverySessionOfThatExactPathOnly() {
		try (WsTestConnection alice = this.client.connect("/rooms/42");
				WsTestConnection bob = this.client.connect("/rooms/42");
				WsTestConnection other = this.client.connect("/rooms/43")) {
			assertThat(this.hubs).hub("/rooms/42").hasSessions(2);
			alice.sendText("hi room");
			assertThat(alice).receivedText().isEqualTo("hi room");
			assertThat(bob).receivedText().isEqualTo("hi room");
			assertThat(other).receivesNothingWithin(Duration.ofMillis(200));
		}
	}

	@Test
	void pollsTakeJsonVotesAndBroadcastTallies() {
		try (WsTestConnection alice = this.client.connect("/polls/lunch");
				WsTestConnection bob = this.client.connect("/polls/lunch")) {
			assertThat(alice).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of()));
			assertThat(bob).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of()));
			alice.sendJson(new Vote("pizza"));
			assertThat(alice).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of("pizza", 1)));
			assertThat(bob).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of("pizza", 1)));
			bob.sendText("not a vote");
			assertThat(bob).receivedJson(Problem.class).satisfies((problem) -> assertThat(problem.error()).contains("option"));
		}
	}

	@Test
	void tickerPushesAQuoteEverySecond() {
		try (WsTestConnection ticker = this.client.connect("/ticker/ACME")) {
			assertThat(ticker).receivedJson(Quote.class).satisfies((quote) -> assertThat(quote.symbol()).isEqualTo("ACME"));
			assertThat(ticker).receivedJson(Quote.class).satisfies((quote) -> assertThat(quote.sequence()).isPositive());
		}
	}

	@Test
	void tickerKeepsTheSameOriginPolicy() {
		assertThat(this.client.path("/ticker/ACME").origin("https://evil.example").handshakeStatus()).isEqualTo(403);
	}

	@Test
	void servesTheChatPage() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("multi-ws chat").contains("/rooms/");
	}

}
