package io.multiws.sample.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.multiws.hub.WsHubs;
import io.multiws.sample.ticker.Quote;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive sample keeps the sample's contract: echo, rooms, ticker, the REST
 * controller on the same paths, the chat page and the origin policy.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ReactiveSampleApplicationTests {

	private static final String OTHER_ORIGIN = "https://elsewhere.example";

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	@Autowired
	private ApplicationContext context;

	private WsTestClient client() {
		return WsTestClient.forPort(this.port);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void runsOnReactorNettyWithoutTheServletSample() {
		assertThat(((WebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
			.isEqualTo("NettyWebServer");
		assertThat(this.context.containsBean("sampleApplication")).isFalse();
	}

	@Test
	void echoAndRoomsKeepTheirContractFromAnyOrigin() {
		try (WsTestConnection echo = client().path("/echo/1").origin(OTHER_ORIGIN).connect();
				WsTestConnection first = client().path("/rooms/a").origin(OTHER_ORIGIN).connect();
				WsTestConnection second = client().connect("/rooms/a");
				WsTestConnection elsewhere = client().connect("/rooms/b")) {
			echo.sendText("ping?");
			assertThat(echo).receivedText().isEqualTo("ping?");
			assertThat(this.hubs).hub("/rooms/a").hasSessions(2);
			first.sendText("hello room");
			assertThat(first).receivedText().isEqualTo("hello room");
			assertThat(second).receivedText().isEqualTo("hello room");
			assertThat(elsewhere).receivesNothingWithin(Duration.ofMillis(200));
		}
	}

	@Test
	void theTickerPushesQuotesAndKeepsTheSameOriginPolicy() {
		try (WsTestConnection ticker = client().connect("/ticker/ACME")) {
			assertThat(ticker).receivedJson(Quote.class).satisfies((quote) -> assertThat(quote.symbol()).isEqualTo("ACME"));
		}
		assertThat(client().path("/ticker/ACME").origin(OTHER_ORIGIN).handshakeStatus()).isEqualTo(403);
	}

	@Test
	void plainHttpOnTheSamePathsAndTheChatPageAreServed() throws Exception {
		HttpResponse<String> room = get("/rooms/lobby");
		assertThat(room.statusCode()).isEqualTo(200);
		assertThat(room.body()).contains("\"room\":\"lobby\"");
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).containsIgnoringCase("<html");
	}

}
