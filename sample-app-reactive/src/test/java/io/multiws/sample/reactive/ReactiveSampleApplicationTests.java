package io.multiws.sample.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.multiws.hub.WsHubs;
import io.multiws.tests.support.TestWsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reactive sample keeps the sample's contract: echo, rooms, ticker, the REST
 * controller on the same paths, the chat page and the origin policy.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ReactiveSampleApplicationTests {

	private static final Map<String, String> OTHER_ORIGIN = Map.of("Origin", "https://elsewhere.example");

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	@Autowired
	private ApplicationContext context;

	private String ws(String path) {
		return "ws://127.0.0.1:" + this.port + path;
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
		try (TestWsClient echo = TestWsClient.connect(ws("/echo/1"), OTHER_ORIGIN);
				TestWsClient first = TestWsClient.connect(ws("/rooms/a"), OTHER_ORIGIN);
				TestWsClient second = TestWsClient.connect(ws("/rooms/a"));
				TestWsClient elsewhere = TestWsClient.connect(ws("/rooms/b"))) {
			echo.send("ping?");
			assertThat(echo.awaitText()).isEqualTo("ping?");
			await().until(() -> this.hubs.sessionCount("/rooms/a") == 2);
			first.send("hello room");
			assertThat(first.awaitText()).isEqualTo("hello room");
			assertThat(second.awaitText()).isEqualTo("hello room");
			assertThat(elsewhere.pollMessage(java.time.Duration.ofMillis(200))).isNull();
		}
	}

	@Test
	void theTickerPushesQuotesAndKeepsTheSameOriginPolicy() {
		try (TestWsClient ticker = TestWsClient.connect(ws("/ticker/ACME"))) {
			assertThat(ticker.awaitText()).contains("\"symbol\":\"ACME\"");
		}
		assertThat(TestWsClient.handshakeStatus(ws("/ticker/ACME"), OTHER_ORIGIN)).isEqualTo(403);
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
