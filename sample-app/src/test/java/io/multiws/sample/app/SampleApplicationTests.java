package io.multiws.sample.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's contracts, which external load tests rely on: {@code /echo/{id}},
 * {@code /rooms/{room}}, {@code /ticker/{symbol}}, the pages and the Actuator.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void echoSendsEveryTextBackToItsSender() throws Exception {
		Client client = connect("/echo/1", "Origin", "https://any.example");
		client.webSocket.sendText("hello", true).get(5, TimeUnit.SECONDS);
		assertThat(client.next()).isEqualTo("hello");
	}

	@Test
	void roomsBroadcastToEverySessionOfThatExactPathOnly() throws Exception {
		Client alice = connect("/rooms/42");
		Client bob = connect("/rooms/42");
		Client other = connect("/rooms/43");
		alice.webSocket.sendText("hi room", true).get(5, TimeUnit.SECONDS);
		assertThat(alice.next()).isEqualTo("hi room");
		assertThat(bob.next()).isEqualTo("hi room");
		assertThat(other.messages.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void tickerPushesAQuoteEverySecond() throws Exception {
		Client client = connect("/ticker/ACME");
		assertThat(client.next()).contains("\"symbol\":\"ACME\"");
		assertThat(client.next()).contains("\"symbol\":\"ACME\"");
	}

	@Test
	void tickerKeepsTheSameOriginPolicy() {
		assertThat(HTTP.newWebSocketBuilder()
			.header("Origin", "https://evil.example")
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ticker/ACME"), new WebSocket.Listener() {
			})
			.handle((webSocket, error) -> error)
			.join()).isNotNull();
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
		assertThat(get("/chat.html").body()).contains("multi-ws chat").contains("/rooms/");
	}

	@Test
	void theActuatorShowsLiveHubsAndMetersWithNoSeriesPerRoom() throws Exception {
		Client first = connect("/rooms/actuator-room");
		connect("/rooms/actuator-room");
		first.webSocket.sendText("counted", true).get(5, TimeUnit.SECONDS);
		assertThat(first.next()).isEqualTo("counted");
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

	private HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private Client connect(String path, String... headers) throws Exception {
		Client client = new Client();
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		client.webSocket = builder.buildAsync(URI.create("ws://127.0.0.1:" + this.port + path), client)
			.get(5, TimeUnit.SECONDS);
		return client;
	}

	static class Client implements WebSocket.Listener {

		final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		WebSocket webSocket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.messages.add(data.toString());
			webSocket.request(1);
			return null;
		}

		String next() throws InterruptedException {
			String message = this.messages.poll(5, TimeUnit.SECONDS);
			assertThat(message).as("a message within 5 s").isNotNull();
			return message;
		}

	}

}
