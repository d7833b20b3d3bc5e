package io.multiws.sample.app;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.multiws.sample.poll.PollEndpoint.Problem;
import io.multiws.sample.poll.PollEndpoint.Tally;
import io.multiws.sample.poll.PollEndpoint.Vote;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.multiws.test.WsAssertions.assertThat;
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
	void echoSendsEveryTextBackToItsSender() {
		try (WsTestConnection echo = client().connect("/echo/1")) {
			echo.sendText("hello");
			assertThat(echo).receivedText().isEqualTo("hello");
		}
	}

	@Test
	void roomsBroadcastToEverySessionOfThatExactPathOnly() {
		try (WsTestConnection alice = client().connect("/rooms/42");
				WsTestConnection bob = client().connect("/rooms/42");
				WsTestConnection other = client().connect("/rooms/43")) {
			// The app runs in another process: its REST API tells when both sessions have joined the hub
			await("both sessions in the hub of /rooms/42").atMost(Duration.ofSeconds(10))
				.until(() -> get("/rooms/42").contains("\"sessions\":2"));
			alice.sendText("hi room");
			assertThat(alice).receivedText().isEqualTo("hi room");
			assertThat(bob).receivedText().isEqualTo("hi room");
			assertThat(other).receivesNothingWithin(Duration.ofMillis(200));
		}
	}

	@Test
	void pollsBindJsonVotesAndAnswerWithJsonTallies() {
		try (WsTestConnection voter = client().connect("/polls/lunch")) {
			assertThat(voter).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of()));
			voter.sendJson(new Vote("pizza"));
			assertThat(voter).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of("pizza", 1)));
			voter.sendText("not a vote");
			assertThat(voter).receivedJson(Problem.class)
				.isEqualTo(new Problem("Send a vote such as {\"option\":\"yes\"}"));
		}
	}

	private static WsTestClient client() {
		return WsTestClient.forPort(port);
	}

	private static String get(String path) throws IOException, InterruptedException {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
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

}
