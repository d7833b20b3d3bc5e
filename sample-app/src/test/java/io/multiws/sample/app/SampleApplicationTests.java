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
 * {@code /rooms/{room}}, {@code /ticker/{symbol}}, and the chat page.
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
	void servesTheChatPage() throws Exception {
		HttpResponse<String> page = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("multi-ws chat").contains("/rooms/");
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
