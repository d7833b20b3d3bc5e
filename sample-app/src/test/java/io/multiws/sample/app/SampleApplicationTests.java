package io.multiws.sample.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

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
 * {@code /rooms/{room}}, {@code /ticker/{symbol}}, {@code /polls/{poll}}, the pages and the
 * Actuator, over real WebSockets with the test client of
 * {@code multi-ws-spring-boot-starter-test}.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final int TICKS = 4;

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

	/**
	 * One quote a tick, ticks a second apart on average: the feed's fixed rate catches up
	 * after a stall of a loaded machine, so single gaps vary, but the mean of
	 * {@value #TICKS} intervals stays within half a second to two and a half seconds (a
	 * feed at 100 ms or at 5 s fails).
	 */
	@Test
	void tickerPushesAQuoteEverySecond() {
		try (WsTestConnection ticker = this.client.connect("/ticker/ACME")) {
			Quote first = nextTick(ticker);
			long start = System.nanoTime();
			List<Long> sequences = new ArrayList<>(List.of(first.sequence()));
			for (int i = 0; i < TICKS; i++) {
				sequences.add(nextTick(ticker).sequence());
			}
			Duration mean = Duration.ofNanos(System.nanoTime() - start).dividedBy(TICKS);
			assertThat(sequences).as("one quote a tick").isEqualTo(LongStream.rangeClosed(first.sequence(),
					first.sequence() + TICKS).boxed().toList());
			assertThat(mean).as("mean interval between quotes").isBetween(Duration.ofMillis(500),
					Duration.ofMillis(2500));
		}
	}

	/**
	 * Return the next quote of the feed, passing over the opening quote (sequence 0),
	 * which may come before or just after the first tick.
	 */
	private static Quote nextTick(WsTestConnection ticker) {
		Quote quote = ticker.awaitJson(Quote.class);
		assertThat(quote.symbol()).isEqualTo("ACME");
		return (quote.sequence() != 0) ? quote : nextTick(ticker);
	}

	@Test
	void tickerKeepsTheSameOriginPolicy() {
		assertThat(this.client.path("/ticker/ACME").origin("https://evil.example").handshakeStatus()).isEqualTo(403);
	}

	@Test
	void servesAnIndexLinkingTheChatTheTickerThePollsAndTheDashboard() throws Exception {
		HttpResponse<String> index = get("/");
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("href=\"/chat.html\"", "href=\"/ticker.html\"", "href=\"/polls.html\"",
				"href=\"/dashboard.html\"");
		for (String page : new String[] { "/chat.html", "/ticker.html", "/polls.html", "/dashboard.html" }) {
			assertThat(get(page).statusCode()).as(page).isEqualTo(200);
		}
		assertThat(get("/chat.html").body()).contains("multi-ws chat").contains("/chat/");
	}

	@Test
	void theActuatorShowsLiveHubsAndMetersWithNoSeriesPerRoom() throws Exception {
		try (WsTestConnection first = this.client.connect("/rooms/actuator-room");
				WsTestConnection second = this.client.connect("/rooms/actuator-room")) {
			first.sendText("counted");
			assertThat(first).receivedText().isEqualTo("counted");
			assertThat(second).receivedText().isEqualTo("counted");
			HttpResponse<String> multiws = get("/actuator/multiws");
			assertThat(multiws.statusCode()).isEqualTo(200);
			assertThat(multiws.body()).contains("\"name\":\"rooms\"", "\"patterns\":[\"/rooms/{room}\"]",
					"{\"endpoint\":\"rooms\",\"path\":\"/rooms/actuator-room\",\"sessions\":2}");
			HttpResponse<String> prometheus = get("/actuator/prometheus");
			assertThat(prometheus.statusCode()).isEqualTo(200);
			assertThat(prometheus.body())
				.contains("multiws_messages_received_messages_total{endpoint=\"rooms\",template=\"/rooms/{room}\"}")
				.doesNotContain("actuator-room");
			assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(get("/actuator/metrics/multiws.sessions.active").statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
