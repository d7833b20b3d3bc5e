package io.multiws.tests.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code multiws.*} meters over real connections: what they count, and that their
 * series are bounded by the endpoints, not by the rooms.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.max-path-length=64",
				"multi-ws.endpoints.lossy.send-buffer-size=64KB",
				"multi-ws.endpoints.lossy.overflow-policy=drop-newest", "multi-ws.endpoints.history.history.size=2",
				"multi-ws.history.max-total-bytes=8MB",
				"management.endpoints.web.exposure.include=prometheus" })
class MetricsWireTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private WsHubs hubs;

	@Test
	void aThousandRoomsAddNoSeries() throws Exception {
		roundTrip("/rooms/first");
		await("the first handshake's observation recorded").atMost(WAIT)
			.until(() -> multiwsSeries().stream().anyMatch((series) -> series.startsWith("multiws.handshake[")));
		Set<String> before = multiwsSeries();
		double opened = counter("multiws.connections.opened", "rooms");
		for (int i = 0; i < 1000; i++) {
			roundTrip("/rooms/room-" + i);
		}
		await().atMost(WAIT).until(() -> this.hubs.hubs("rooms").isEmpty());
		Set<String> after = multiwsSeries();
		assertThat(after).as("series after 1 000 rooms").isEqualTo(before);
		assertThat(after).noneMatch((series) -> series.contains("room-") || series.contains("first"));
		assertThat(counter("multiws.connections.opened", "rooms") - opened).isEqualTo(1000);
		String prometheus = get("/actuator/prometheus");
		assertThat(prometheus)
			.contains("multiws_connections_opened_connections_total{endpoint=\"rooms\",template=\"/rooms/{room}\"}")
			.doesNotContain("room-");
	}

	@Test
	void messagesBytesDeliveriesAndSendsAreCounted() {
		double received = counter("multiws.messages.received", "rooms");
		double receivedBytes = counter("multiws.messages.received.bytes", "rooms");
		double sent = counter("multiws.messages.sent", "rooms");
		double sentBytes = counter("multiws.messages.sent.bytes", "rooms");
		double deliveries = counter("multiws.broadcast.deliveries", "rooms");
		try (WsTestConnection first = connect("/rooms/counted"); WsTestConnection second = connect("/rooms/counted")) {
			await().atMost(WAIT).until(() -> this.hubs.find("/rooms/counted").map(WsHub::size).orElse(0) == 2);
			first.sendText("héllo");
			assertThat(first.awaitText()).isEqualTo("héllo");
			assertThat(second.awaitText()).isEqualTo("héllo");
			assertThat(gauge("multiws.sessions.active", "rooms")).isEqualTo(2);
			assertThat(gauge("multiws.hubs.live", "rooms")).isEqualTo(1);
		}
		// The clients may read a message before the server thread that wrote it counts it
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(counter("multiws.messages.received", "rooms") - received).isEqualTo(1);
			assertThat(counter("multiws.messages.received.bytes", "rooms") - receivedBytes).isEqualTo(6);
			assertThat(counter("multiws.broadcast.deliveries", "rooms") - deliveries).isEqualTo(2);
			assertThat(counter("multiws.messages.sent", "rooms") - sent).isEqualTo(2);
			assertThat(counter("multiws.messages.sent.bytes", "rooms") - sentBytes).isEqualTo(12);
		});
		await().atMost(WAIT).until(() -> gauge("multiws.sessions.active", "rooms") == 0);
		assertThat(this.registry.get("multiws.connections.closed")
			.tags("endpoint", "rooms", "close.class", "normal")
			.counter()
			.count()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aWriteThatWaitsForASlowReaderIsTimedOnceTheReaderTakesIt() throws Exception {
		Timer waiting = timer("multiws.writes.waiting", "lossy");
		long waited = waiting.count();
		Counter dropped = this.registry.get("multiws.messages.dropped")
			.tags("endpoint", "lossy", "policy", "drop_newest")
			.counter();
		double drops = dropped.count();
		String filler = "x".repeat(8 * 1024);
		try (RawWsClient slow = RawWsClient.upgrade(this.port, "/lossy/waiting", Map.of(), 4096)) {
			await().atMost(WAIT).until(() -> this.hubs.find("/lossy/waiting").map(WsHub::size).orElse(0) == 1);
			// A drop means the socket buffers are full: a write is in flight, waiting for the reader
			await().atMost(WAIT).until(() -> {
				for (int i = 0; i < 200; i++) {
					this.hubs.broadcast("/lossy/waiting", filler);
				}
				return dropped.count() > drops;
			});
			int read = 0;
			while (slow.readTextWithin(Duration.ofSeconds(1)) != null) {
				read++;
			}
			assertThat(read).as("messages read").isPositive();
		}
		await("the waiting write timed").atMost(WAIT).until(() -> waiting.count() > waited);
		assertThat(waiting.max(TimeUnit.NANOSECONDS)).isPositive();
	}

	@Test
	void onTomcatAWriteTheSocketTakesAtOnceIsCountedButNotTimed() {
		Timer waiting = timer("multiws.writes.waiting", "echo");
		long waited = waiting.count();
		double sent = counter("multiws.messages.sent", "echo");
		try (WsTestConnection client = connect("/echo/at-once")) {
			for (int i = 0; i < 20; i++) {
				assertThat(client.sendText("hi " + i).awaitText()).isEqualTo("hi " + i);
			}
		}
		await().atMost(WAIT).until(() -> counter("multiws.messages.sent", "echo") - sent == 20);
		assertThat(waiting.count() - waited).as("replies that waited for a reader that reads at once").isZero();
	}

	@Test
	void refusedUpgradesAreCountedByReason() throws Exception {
		double origin = refused("echo", "origin");
		double handshake = refused("guarded", "handshake_refused");
		double path = refused("none", "invalid_path");
		assertThat(client().path("/echo/1").origin("https://evil.example").handshakeStatus())
			.isEqualTo(403);
		assertThat(RawWsClient.status(this.port, "/guarded/first?token=slow-down", Map.of())).isEqualTo(429);
		assertThat(RawWsClient.status(this.port, "/echo/a//b", Map.of())).isEqualTo(400);
		assertThat(RawWsClient.status(this.port, "/echo/" + "x".repeat(100), Map.of())).isEqualTo(414);
		assertThat(refused("echo", "origin") - origin).isEqualTo(1);
		assertThat(refused("guarded", "handshake_refused") - handshake).isEqualTo(1);
		assertThat(refused("none", "invalid_path") - path).as("400 and 414").isEqualTo(2);
	}

	@Test
	void callbackErrorsAreCountedAndTheirClose() {
		Counter errors = this.registry.get("multiws.callback.errors")
			.tags("endpoint", "faulty", "callback", "message")
			.counter();
		double before = errors.count();
		try (WsTestConnection client = connect("/faulty/x")) {
			client.sendText("throw");
			assertThat(client.awaitCloseCode()).isEqualTo(1011);
		}
		assertThat(errors.count() - before).isEqualTo(1);
		await().atMost(WAIT)
			.until(() -> this.registry.get("multiws.connections.closed")
				.tags("endpoint", "faulty", "close.class", "server_error")
				.counter()
				.count() >= 1);
	}

	@Test
	void droppedMessagesAreCountedByPolicy() throws Exception {
		Counter dropped = this.registry.get("multiws.messages.dropped")
			.tags("endpoint", "lossy", "policy", "drop_newest")
			.counter();
		try (RawWsClient stalled = RawWsClient.upgrade(this.port, "/lossy/stalled", Map.of(), 4096)) {
			await().atMost(WAIT).until(() -> this.hubs.find("/lossy/stalled").map(WsHub::size).orElse(0) == 1);
			String filler = "x".repeat(8 * 1024);
			await().atMost(WAIT).until(() -> {
				for (int i = 0; i < 200; i++) {
					this.hubs.broadcast("/lossy/stalled", filler);
				}
				return dropped.count() > 0;
			});
		}
	}

	private void roundTrip(String path) {
		try (WsTestConnection client = connect(path)) {
			client.sendText("hi");
			assertThat(client.awaitText()).isEqualTo("hi");
		}
	}

	@Test
	void theHistoryBudgetItsUseAndItsEvictionsAreMetered() {
		try (WsTestConnection client = connect("/history/metered")) {
			client.sendText("kept");
			assertThat(client.awaitText()).isEqualTo("kept");
			assertThat(this.registry.get("multiws.history.memory.used").gauge().value()).isPositive();
		}
		assertThat(this.registry.get("multiws.history.memory.max").gauge().value()).isEqualTo(8 * 1024 * 1024);
		assertThat(this.registry.get("multiws.history.evictions").tags("kind", "emptied-hub").functionCounter())
			.isNotNull();
		assertThat(this.registry.get("multiws.history.evictions").tags("kind", "live-message").functionCounter())
			.isNotNull();
	}

	private Set<String> multiwsSeries() {
		Set<String> series = new TreeSet<>();
		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("multiws.")) {
				List<String> tags = new ArrayList<>();
				for (Tag tag : meter.getId().getTags()) {
					tags.add(tag.getKey() + "=" + tag.getValue());
				}
				series.add(meter.getId().getName() + tags);
			}
		}
		return series;
	}

	private double counter(String name, String endpoint) {
		return this.registry.get(name).tags("endpoint", endpoint).counter().count();
	}

	private double gauge(String name, String endpoint) {
		return this.registry.get(name).tags("endpoint", endpoint).gauge().value();
	}

	private Timer timer(String name, String endpoint) {
		return this.registry.get(name).tags("endpoint", endpoint).timer();
	}

	private double refused(String endpoint, String reason) {
		return this.registry.get("multiws.upgrades.refused")
			.tags("endpoint", endpoint, "reason", reason)
			.counter()
			.count();
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private WsTestConnection connect(String path) {
		return client().connect(path);
	}

	private WsTestClient client() {
		return WsTestClient.forPort(this.port);
	}

}
