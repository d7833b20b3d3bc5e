package io.multiws.tests.reactive;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code multiws.*} meters on Spring WebFlux and Reactor Netty, whose callbacks run
 * on a pool and whose writes complete on the event loop.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
class ReactiveMetricsWireTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private WsHubs hubs;

	@Test
	void connectionsMessagesDeliveriesSendsAndRefusalsAreCounted() {
		double opened = count("multiws.connections.opened");
		double received = count("multiws.messages.received");
		double deliveries = count("multiws.broadcast.deliveries");
		double sent = count("multiws.messages.sent");
		double refused = this.registry.get("multiws.upgrades.refused")
			.tags("endpoint", "rooms", "reason", "origin")
			.counter()
			.count();
		try (WsTestConnection first = connect("/rooms/reactive");
				WsTestConnection second = connect("/rooms/reactive")) {
			await().atMost(WAIT).until(() -> this.hubs.find("/rooms/reactive").map(WsHub::size).orElse(0) == 2);
			assertThat(this.registry.get("multiws.sessions.active").tags("endpoint", "rooms").gauge().value())
				.isEqualTo(2);
			first.sendText("hello");
			assertThat(first.awaitText()).isEqualTo("hello");
			assertThat(second.awaitText()).isEqualTo("hello");
		}
		assertThat(WsTestClient.forPort(this.port)
			.path("/rooms/reactive")
			.origin("https://evil.example")
			.handshakeStatus()).isEqualTo(403);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(count("multiws.connections.opened") - opened).isEqualTo(2);
			assertThat(count("multiws.messages.received") - received).isEqualTo(1);
			assertThat(count("multiws.broadcast.deliveries") - deliveries).isEqualTo(2);
			assertThat(count("multiws.messages.sent") - sent).isEqualTo(2);
			assertThat(this.registry.get("multiws.sessions.active").tags("endpoint", "rooms").gauge().value())
				.isZero();
		});
		assertThat(this.registry.get("multiws.upgrades.refused")
			.tags("endpoint", "rooms", "reason", "origin")
			.counter()
			.count() - refused).isEqualTo(1);
	}

	private double count(String name) {
		return this.registry.get(name).tags("endpoint", "rooms").counter().count();
	}

	private WsTestConnection connect(String path) {
		return WsTestClient.forPort(this.port).connect(path);
	}

}
