package io.multiws.sample.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The chat page's endpoint, {@code /chat/{room}}: the last 50 messages on join, who is
 * here, and a reconnect that misses nothing.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatEndpointTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	private final List<Client> clients = new ArrayList<>();

	@AfterEach
	void close() {
		this.clients.forEach((client) -> client.webSocket.abort());
	}

	@Test
	void aJoinerGetsTheHistoryThenWhoIsHere() throws Exception {
		Client alice = connect("/chat/welcome?name=alice");
		assertThat(alice.next()).startsWith("{\"presence\":\"state\"").contains("\"key\":\"alice\"");
		alice.send("hi");
		String hi = alice.next();
		assertThat(hi).matches("\\d+:\\{.*\"from\":\"alice\".*").contains("\"text\":\"hi\"");
		Client bob = connect("/chat/welcome?name=bob");
		assertThat(bob.next()).isEqualTo(hi);
		assertThat(bob.next()).startsWith("{\"presence\":\"state\"").contains("\"key\":\"alice\"");
		assertThat(alice.next()).startsWith("{\"presence\":\"diff\",\"joins\":[").contains("\"key\":\"bob\"");
	}

	@Test
	void keepsTheLast50Messages() throws Exception {
		Client alice = connect("/chat/busy?name=alice");
		alice.next();
		for (int i = 0; i < 60; i++) {
			alice.send("m" + i);
		}
		for (int i = 0; i < 60; i++) {
			alice.next();
		}
		Client bob = connect("/chat/busy?name=bob");
		assertThat(bob.next()).contains("\"text\":\"m10\"");
		for (int i = 11; i < 60; i++) {
			assertThat(bob.next()).contains("\"text\":\"m" + i + "\"");
		}
		assertThat(bob.next()).startsWith("{\"presence\":\"state\"");
	}

	@Test
	void aReconnectWithTheLastIdMissesNothing() throws Exception {
		Client alice = connect("/chat/flaky?name=alice");
		alice.next();
		Client bob = connect("/chat/flaky?name=bob");
		bob.next();
		alice.next();
		alice.send("before");
		alice.next();
		String before = bob.nextMessage();
		String lastId = before.substring(0, before.indexOf(':'));
		bob.webSocket.abort();
		assertThat(alice.next()).startsWith("{\"presence\":\"diff\"").contains("\"leaves\":[{\"key\":\"bob\"}]");
		alice.send("while away 1");
		alice.send("while away 2");
		// Both are in the room's history once they have come back to their sender.
		assertThat(alice.next()).contains("while away 1");
		assertThat(alice.next()).contains("while away 2");
		Client back = connect("/chat/flaky?name=bob&lastEventId=" + lastId);
		assertThat(back.next()).startsWith((Long.parseLong(lastId) + 1) + ":").contains("while away 1");
		assertThat(back.next()).startsWith((Long.parseLong(lastId) + 2) + ":").contains("while away 2");
		assertThat(back.next()).startsWith("{\"presence\":\"state\"");
	}

	@Test
	void refusesANameThatIsNotOne() {
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> connect("/chat/welcome?name=%3Cscript%3E"))
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(400));
	}

	private Client connect(String path) throws Exception {
		Client client = new Client();
		client.webSocket = HTTP.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + path), client)
			.get(5, TimeUnit.SECONDS);
		this.clients.add(client);
		return client;
	}

	static class Client implements WebSocket.Listener {

		final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		WebSocket webSocket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		void send(String text) throws Exception {
			this.webSocket.sendText(text, true).get(5, TimeUnit.SECONDS);
		}

		String next() throws InterruptedException {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

		/**
		 * Return the next chat message, skipping presence diffs: one that joins shortly
		 * after another learns of itself in the next diff.
		 */
		String nextMessage() throws InterruptedException {
			String message = next();
			while (message.startsWith("{\"presence\"")) {
				message = next();
			}
			return message;
		}

	}

}
