package io.multiws.tests.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.HardeningEndpoints;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that drop their TCP connection while the server is not reading it: the server
 * learns of the drop only from a write that fails, and each session leaves its hub within
 * seconds, long before the pings or the idle timeout would find it. The server stops
 * reading because the client's first message holds its callback ({@code /blocking}) and
 * the rest wait behind it. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
public abstract class AbstractDroppedPeersWireTests {

	/**
	 * How long the server may take to remove a dropped peer once a write to it failed:
	 * far less than the ping interval (25 s) and the idle timeout (60 s).
	 */
	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	/**
	 * Messages sent behind the one that holds the callback: more than any stack reads
	 * ahead, so that the server stops reading the connection.
	 */
	private static final int HELD_MESSAGES = 40;

	/**
	 * Peers that drop their connections together.
	 */
	private static final int DROPPING = 5;

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@BeforeEach
	void holdCallbacks() {
		HardeningEndpoints.release = new CountDownLatch(1);
		HardeningEndpoints.blocked = new CountDownLatch(DROPPING);
	}

	@AfterEach
	void releaseCallbacks() {
		HardeningEndpoints.release.countDown();
	}

	@Test
	void peersThatDroppedAreRemovedOnTheFirstMessageTheyAreSent() throws Exception {
		String path = "/blocking/dropped";
		try (WsTestConnection sender = WsTestClient.forPort(this.port).connect(path)) {
			List<RawWsClient> dropping = new ArrayList<>();
			for (int i = 0; i < DROPPING; i++) {
				dropping.add(hold(path));
			}
			assertThat(HardeningEndpoints.blocked.await(10, TimeUnit.SECONDS)).as("callbacks held").isTrue();
			for (RawWsClient peer : dropping) {
				peer.reset();
			}
			sender.sendText("to everyone");
			assertThat(sender.awaitText()).as("the sender's own copy of its broadcast").isEqualTo("to everyone");
			await().atMost(GONE_WITHIN)
				.untilAsserted(() -> assertThat(this.hubs.find(path).map(WsHub::sessions).orElseThrow())
					.as("sessions of %s within %s of a write to the %d dropped peers", path, GONE_WITHIN, DROPPING)
					.hasSize(1));
		}
		await("hub removed once the sender has gone too").atMost(GONE_WITHIN)
			.until(() -> this.hubs.find(path).isEmpty());
	}

	/**
	 * Connect and send a message that holds the callback, with more behind it, in one
	 * write so that the server reads them at once.
	 */
	private RawWsClient hold(String path) throws Exception {
		RawWsClient client = RawWsClient.upgrade(this.port, path, Map.of(), 0);
		assertThat(client.status()).as("upgrade to %s", path).isEqualTo(101);
		ByteArrayOutputStream messages = new ByteArrayOutputStream();
		messages.write(text("block"));
		for (int i = 0; i < HELD_MESSAGES; i++) {
			messages.write(text("held " + i));
		}
		client.write(messages.toByteArray());
		return client;
	}

	private static byte[] text(String text) {
		return RawWsClient.frame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

}
