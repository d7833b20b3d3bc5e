package io.multiws.sample.app;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's contracts against its packaged jar run ahead-of-time processed
 * ({@code -Dspring.aot.enabled=true}), as in a native image: the endpoints are found and
 * called, and JSON payloads bound, from the bean definitions computed at build time.
 *
 * @author multi-ws team
 */
class SampleAotIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static Process app;

	private static Path log;

	private static int port;

	@BeforeAll
	static void start() throws IOException {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("the sample.jar system property, set by the build").isNotNull();
		assertThat(new File(jar)).as("the packaged sample").isFile();
		port = freePort();
		log = Files.createTempFile("sample-aot", ".log");
		app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", jar, "--server.port=" + port, "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await("the AOT-processed sample to start on port " + port).atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.failFast("the sample exited", () -> !app.isAlive())
			.until(SampleAotIT::answers);
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	@Test
	void runsAheadOfTimeProcessed() throws IOException {
		assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
	}

	@Test
	void buildsNativeImageHintsForEveryCallbackAndJsonType() throws IOException {
		String metadata = Files.readString(
				Path.of("target", "classes", "META-INF", "native-image", "io.multiws", "sample-app",
						"reachability-metadata.json"));
		assertThat(metadata).contains("\"type\": \"io.multiws.sample.poll.PollEndpoint\"")
			.contains("\"name\": \"onVote\"")
			.contains("\"type\": \"io.multiws.sample.poll.PollEndpoint$Vote\"")
			.contains("\"type\": \"io.multiws.sample.poll.PollEndpoint$Tally\"")
			.contains("\"type\": \"io.multiws.sample.echo.EchoEndpoint\"");
	}

	@Test
	void echoSendsEveryTextBackToItsSender() throws Exception {
		Client client = connect("/echo/1");
		client.send("hello");
		assertThat(client.next()).isEqualTo("hello");
	}

	@Test
	void roomsBroadcastToEverySessionOfThatExactPathOnly() throws Exception {
		Client alice = connect("/rooms/42");
		Client bob = connect("/rooms/42");
		Client other = connect("/rooms/43");
		alice.send("hi room");
		assertThat(alice.next()).isEqualTo("hi room");
		assertThat(bob.next()).isEqualTo("hi room");
		assertThat(other.messages.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void pollsBindJsonVotesAndAnswerWithJsonTallies() throws Exception {
		Client voter = connect("/polls/lunch");
		assertThat(voter.next()).isEqualTo("{\"poll\":\"lunch\",\"votes\":{}}");
		voter.send("{\"option\":\"pizza\"}");
		assertThat(voter.next()).isEqualTo("{\"poll\":\"lunch\",\"votes\":{\"pizza\":1}}");
		voter.send("not a vote");
		assertThat(voter.next()).isEqualTo("{\"error\":\"Send a vote such as {\\\"option\\\":\\\"yes\\\"}\"}");
	}

	private static boolean answers() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hubs")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Client connect(String path) throws Exception {
		Client client = new Client();
		client.webSocket = HTTP.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
			.get(5, TimeUnit.SECONDS);
		return client;
	}

	static class Client implements WebSocket.Listener {

		final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		final StringBuilder text = new StringBuilder();

		WebSocket webSocket;

		void send(String message) throws Exception {
			this.webSocket.sendText(message, true).get(5, TimeUnit.SECONDS);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.messages.add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		String next() throws InterruptedException {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

	}

}
