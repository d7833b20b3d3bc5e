package io.multiws.tests.support;

import java.time.Duration;
import java.util.Map;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liveness: server pings, the idle timeout, and clients that vanish without a close
 * frame.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.session.ping-interval=300ms",
				"multi-ws.session.idle-timeout=1500ms" })
public abstract class AbstractLivenessWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	private int size(String path) {
		return this.hubs.find(path).map(WsHub::size).orElse(0);
	}

	@Test
	void theServerPingsAndAClientThatAnswersStays() throws Exception {
		try (RawWsClient raw = RawWsClient.upgrade(this.port, "/rooms/pinged", Map.of(), 0);
				TestWsClient answering = TestWsClient.connect("ws://127.0.0.1:" + this.port + "/rooms/pinged")) {
			assertThat(raw.readFrameOpcode()).as("a ping frame").isEqualTo(0x9);
			await("a client that answers pings stays past the idle timeout").during(Duration.ofSeconds(3))
				.atMost(WAIT)
				.until(() -> this.hubs.find("/rooms/pinged").map(WsHub::size).orElse(0) >= 1);
			answering.send("alive");
			assertThat(answering.awaitText()).isEqualTo("alive");
		}
		await().atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	@Test
	void aSilentPeerIsClosedAfterTheIdleTimeoutAndItsHubRemoved() throws Exception {
		try (RawWsClient silent = RawWsClient.upgrade(this.port, "/rooms/silent", Map.of(), 0)) {
			assertThat(silent.status()).isEqualTo(101);
			await().atMost(WAIT).until(() -> size("/rooms/silent") == 1);
			assertThat(silent.readCloseCode()).as("close code after the idle timeout, pings skipped").isEqualTo(1001);
			await("silent peer removed from its hub").atMost(WAIT).until(() -> this.hubs.count() == 0);
		}
	}

	@Test
	void aClientThatVanishesWithoutACloseFrameLeavesPromptly() {
		TestWsClient vanishing = TestWsClient.connect("ws://127.0.0.1:" + this.port + "/rooms/vanish");
		await().atMost(WAIT).until(() -> size("/rooms/vanish") == 1);
		vanishing.abort();
		await("aborted client left its hub").atMost(Duration.ofSeconds(3)).until(() -> this.hubs.count() == 0);
	}

	@Test
	void aClientResetByItsHostLeavesPromptly() throws Exception {
		RawWsClient reset = RawWsClient.upgrade(this.port, "/rooms/reset", Map.of(), 0);
		await().atMost(WAIT).until(() -> size("/rooms/reset") == 1);
		reset.reset();
		await("reset client left its hub").atMost(Duration.ofSeconds(3)).until(() -> this.hubs.count() == 0);
	}

}
