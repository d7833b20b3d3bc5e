package io.multiws.tests.support;

import java.time.Duration;
import java.util.Map;

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

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liveness: server pings, the idle timeout, and clients that vanish without a close
 * frame. On the test client and assertions of {@code multi-ws-test}, with raw sockets where a
 * well-behaved client cannot misbehave enough.
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

	private WsTestClient client() {
		return WsTestClient.forPort(this.port);
	}

	@Test
	void theServerPingsAndAClientThatAnswersStays() throws Exception {
		try (RawWsClient raw = RawWsClient.upgrade(this.port, "/rooms/pinged", Map.of(), 0);
				WsTestConnection answering = client().connect("/rooms/pinged")) {
			assertThat(raw.readFrameOpcode()).as("a ping frame").isEqualTo(0x9);
			await("a client that answers pings stays past the idle timeout").during(Duration.ofSeconds(3))
				.atMost(WAIT)
				.until(() -> this.hubs.find("/rooms/pinged").map(WsHub::size).orElse(0) >= 1);
			answering.sendText("alive");
			assertThat(answering).receivedText().isEqualTo("alive");
		}
		assertThat(this.hubs).hasHubCount(0);
	}

	@Test
	void aSilentPeerIsClosedAfterTheIdleTimeoutAndItsHubRemoved() throws Exception {
		try (RawWsClient silent = RawWsClient.upgrade(this.port, "/rooms/silent", Map.of(), 0)) {
			assertThat(silent.status()).isEqualTo(101);
			assertThat(this.hubs).hub("/rooms/silent").hasSessions(1);
			assertThat(silent.readCloseCode()).as("close code after the idle timeout, pings skipped").isEqualTo(1001);
			assertThat(this.hubs).as("silent peer removed from its hub").hasHubCount(0);
		}
	}

	@Test
	void aClientThatVanishesWithoutACloseFrameLeavesPromptly() {
		WsTestConnection vanishing = client().connect("/rooms/vanish");
		assertThat(this.hubs).hub("/rooms/vanish").hasSessions(1);
		vanishing.abort();
		assertThat(this.hubs).as("aborted client left its hub").within(Duration.ofSeconds(3)).hasHubCount(0);
	}

	@Test
	void aClientResetByItsHostLeavesPromptly() throws Exception {
		RawWsClient reset = RawWsClient.upgrade(this.port, "/rooms/reset", Map.of(), 0);
		assertThat(this.hubs).hub("/rooms/reset").hasSessions(1);
		reset.reset();
		assertThat(this.hubs).as("reset client left its hub").within(Duration.ofSeconds(3)).hasHubCount(0);
	}

}
