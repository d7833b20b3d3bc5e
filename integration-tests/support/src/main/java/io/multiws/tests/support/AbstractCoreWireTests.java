package io.multiws.tests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.AutoConfigureWsTestClient;
import io.multiws.tests.app.WireTestApplication.HubEvents;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core wire-level suite: a real server on a random port and real WebSocket clients.
 * Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "multi-ws.endpoints.configured.paths=/app-b/chat/{room}", "spring.main.banner-mode=off" })
@AutoConfigureWsTestClient
public abstract class AbstractCoreWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected HubEvents events;

	// Its connections return once the server has joined the session to its hub, so that
	// a broadcast right after reaches every one of them
	@Autowired
	private WsTestClient ws;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	protected WsTestConnection connect(String path) {
		WsTestConnection client = client().connect(path);
		this.clients.add(client);
		return client;
	}

	protected WsTestClient client() {
		return this.ws;
	}

	protected HttpResponse<String> http(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "text/plain")
			.timeout(WAIT)
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void echoRepliesToTheSenderOnly() {
		WsTestConnection first = connect("/echo/1");
		WsTestConnection second = connect("/echo/1");
		first.sendText("hello");
		assertThat(first.awaitText()).isEqualTo("hello");
		second.expectNoMessage(Duration.ofMillis(200));
	}

	@Test
	void eachPathIsItsOwnHubAcrossManyRooms() {
		int rooms = 20;
		int perRoom = 3;
		List<List<WsTestConnection>> clients = new ArrayList<>();
		for (int room = 0; room < rooms; room++) {
			List<WsTestConnection> members = new ArrayList<>();
			for (int i = 0; i < perRoom; i++) {
				members.add(connect("/rooms/room-" + room));
			}
			clients.add(members);
		}
		await().atMost(WAIT).until(() -> this.hubs.count() == rooms);
		for (int room = 0; room < rooms; room++) {
			clients.get(room).get(0).sendText("message for room-" + room);
		}
		for (int room = 0; room < rooms; room++) {
			for (WsTestConnection client : clients.get(room)) {
				assertThat(client.awaitText()).isEqualTo("message for room-" + room);
			}
		}
		for (List<WsTestConnection> members : clients) {
			for (WsTestConnection client : members) {
				client.expectNoMessage(Duration.ofMillis(20));
			}
		}
		assertThat(this.hubs.find("/rooms/room-3")).get().extracting(WsHub::size).isEqualTo(perRoom);
	}

	@Test
	void hubsAreCreatedLazilyAndRemovedWithTheirLastSession() {
		assertThat(this.hubs.count()).isZero();
		assertThat(this.hubs.find("/rooms/lazy")).isEmpty();
		WsTestConnection first = connect("/rooms/lazy");
		WsTestConnection second = connect("/rooms/lazy?user=2");
		WsTestConnection other = connect("/echo/lazy");
		await().atMost(WAIT).until(() -> this.hubs.count() == 2);
		assertThat(this.hubs.find("/rooms/lazy")).get().extracting(WsHub::size).isEqualTo(2);
		assertThat(this.hubs.hubs("rooms")).extracting(WsHub::path).containsExactly("/rooms/lazy");
		assertThat(this.events.created).contains("/rooms/lazy", "/echo/lazy");
		first.close();
		await().atMost(WAIT).until(() -> this.hubs.find("/rooms/lazy").map(WsHub::size).orElse(0) == 1);
		second.close();
		other.close();
		await().atMost(WAIT).until(() -> this.hubs.count() == 0);
		assertThat(this.events.removed).contains("/rooms/lazy", "/echo/lazy");
	}

	@Test
	void equivalentPercentEncodingsShareOneHub() {
		WsTestConnection encoded = connect("/rooms/%61b");
		WsTestConnection plain = connect("/rooms/a%62");
		await().atMost(WAIT).until(() -> this.hubs.find("/rooms/ab").map(WsHub::size).orElse(0) == 2);
		encoded.sendText("hi");
		assertThat(plain.awaitText()).isEqualTo("hi");
		assertThat(this.hubs.count()).isOne();
	}

	@Test
	void aSessionJoiningWhileItsHubIsRemovedEndsUpInALiveHub() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 25; round++) {
				String path = "/rooms/race-" + round;
				WsTestConnection leaving = client().connect(path);
				List<Future<WsTestConnection>> joiners = new ArrayList<>();
				Future<?> leave = executor.submit(() -> leaving.close());
				for (int i = 0; i < 3; i++) {
					joiners.add(executor.submit(() -> client().connect(path)));
				}
				leave.get(10, TimeUnit.SECONDS);
				List<WsTestConnection> joined = new ArrayList<>();
				for (Future<WsTestConnection> joiner : joiners) {
					joined.add(joiner.get(10, TimeUnit.SECONDS));
				}
				this.clients.addAll(joined);
				await("three sessions in the live hub of " + path).atMost(WAIT)
					.until(() -> this.hubs.find(path).map(WsHub::size).orElse(0) == 3);
				joined.get(0).sendText("after race " + round);
				for (WsTestConnection client : joined) {
					assertThat(client.awaitText()).isEqualTo("after race " + round);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void plainHttpToTheSamePathFallsThroughToTheController() throws Exception {
		WsTestConnection client = connect("/rooms/shared");
		HttpResponse<String> response = http("GET", "/rooms/shared", "");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"rest\":\"shared\"");
		client.sendText("still here");
		assertThat(client.awaitText()).isEqualTo("still here");
	}

	@Test
	void pathVariablesParametersHeadersReachCallbacksConverted() {
		WsTestConnection client = client().path("/vars/acme/41?q=hello%20world").header("X-Test", "yes").connect();
		this.clients.add(client);
		assertThat(client.awaitText())
			.isEqualTo("acme|42|hello world|yes|null|/vars/acme/41|true|{count=41, tenant=acme}");
	}

	@Test
	void regexConstrainedVariablesRefuseOtherPaths() {
		assertThat(client().path("/vars/acme/not-a-number").handshakeStatus()).isEqualTo(404);
		assertThat(this.hubs.count()).isZero();
	}

	@Test
	void jsonPayloadInAndReturnValueOut() {
		WsTestConnection client = connect("/typed/7");
		client.sendText("{\"n\":21}");
		assertThat(client.awaitText()).isEqualTo("{\"id\":7,\"n\":21,\"doubled\":42}");
	}

	@Test
	void invalidJsonGoesToTheErrorCallback() {
		WsTestConnection client = connect("/typed/7");
		client.sendText("not json");
		assertThat(client.awaitText()).isEqualTo("error: IllegalArgumentException");
		client.sendText("{\"n\":1}");
		assertThat(client.awaitText()).contains("\"doubled\":2");
	}

	@Test
	void invalidJsonWithoutErrorCallbackClosesWith1007() {
		WsTestConnection client = connect("/strict/1");
		WsTestConnection other = connect("/strict/1");
		client.sendText("{oops");
		assertThat(client.awaitCloseCode()).isEqualTo(1007);
		other.sendText("{\"n\":2}");
		assertThat(other.awaitText()).contains("\"doubled\":4");
	}

	@Test
	void binaryMessagesInAndOut() {
		WsTestConnection client = connect("/binary/1");
		client.sendBinary(new byte[] { 1, 2, 3 });
		assertThat(client.awaitBinary()).containsExactly(3, 2, 1);
	}

	@Test
	void textToABinaryOnlyEndpointClosesWith1003() {
		WsTestConnection client = connect("/binary/1");
		client.sendText("text");
		assertThat(client.awaitCloseCode()).isEqualTo(1003);
	}

	@Test
	void broadcastFromARestControllerThroughTheRegistry() throws Exception {
		WsTestConnection first = connect("/rooms/news");
		WsTestConnection second = connect("/rooms/news");
		WsTestConnection elsewhere = connect("/rooms/sports");
		await().atMost(WAIT).until(() -> this.hubs.find("/rooms/news").map(WsHub::size).orElse(0) == 2);
		HttpResponse<String> response = http("POST", "/broadcast/rooms/news", "extra!");
		assertThat(response.body()).isEqualTo("{\"recipients\":2}");
		assertThat(first.awaitText()).isEqualTo("extra!");
		assertThat(second.awaitText()).isEqualTo("extra!");
		elsewhere.expectNoMessage(Duration.ofMillis(200));
		assertThat(http("POST", "/broadcast/rooms/nobody", "hello?").body()).isEqualTo("{\"recipients\":0}");
		assertThat(this.hubs.find("/rooms/nobody")).isEmpty();
	}

	@Test
	void configurationMountsAnEndpointAtOtherPaths() {
		WsTestConnection client = connect("/app-b/chat/blue");
		assertThat(client.awaitText()).isEqualTo("configured:blue");
		assertThat(client().path("/annotated/blue").handshakeStatus()).isEqualTo(404);
	}

	@Test
	void theMostSpecificPatternWins() {
		WsTestConnection lobby = connect("/rooms/lobby");
		assertThat(lobby.awaitText()).isEqualTo("lobby");
		assertThat(this.hubs.find("/rooms/lobby")).get().extracting(WsHub::endpoint).isEqualTo("lobby");
	}

	@Test
	void unmappedUpgradesAreNotClaimed() {
		assertThat(client().path("/nowhere/1").handshakeStatus()).isEqualTo(404);
	}

}
