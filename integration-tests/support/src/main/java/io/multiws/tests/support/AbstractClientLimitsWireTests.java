package io.multiws.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.admission.WsRefusalReason;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-client limits and inbound rates on the wire, each with its exact status or close
 * code. The client is its address as Spring resolves it: behind
 * {@code server.forward-headers-strategy=framework}, the {@code X-Forwarded-For} of
 * each test's own address, so that the tests do not share a client.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "server.forward-headers-strategy=framework",
				"multi-ws.session.idle-timeout=0", "multi-ws.limits.exempt-loopback=false",
				"multi-ws.limits.max-sessions-per-client=3", "multi-ws.limits.max-handshakes-per-client-per-second=5",
				"multi-ws.endpoints.echo.max-inbound-messages-per-second=10",
				"multi-ws.endpoints.rooms.max-inbound-messages-per-second=10",
				"multi-ws.endpoints.rooms.inbound-overflow-policy=drop-newest",
				"multi-ws.endpoints.limited.max-inbound-bytes-per-second=1KB" })
public abstract class AbstractClientLimitsWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int FLOOD = 200;

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsAdmissionStatistics admission;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		await("every slot given back").atMost(WAIT).until(() -> this.admission.sessions() == 0);
	}

	private RawWsClient upgrade(String path, String client) throws Exception {
		RawWsClient raw = RawWsClient.upgrade(this.port, path, Map.of("X-Forwarded-For", client), 0);
		this.clients.add(raw);
		return raw;
	}

	private WsTestConnection connect(String path, String client) {
		WsTestConnection connected = WsTestClient.forPort(this.port)
			.path(path)
			.header("X-Forwarded-For", client)
			.connect();
		this.clients.add(connected);
		return connected;
	}

	@Test
	void sessionsPastTheClientsLimitAreRefusedWith429WhileOtherClientsConnect() throws Exception {
		long refusedBefore = this.admission.refusals(WsRefusalReason.CLIENT_SESSIONS);
		List<RawWsClient> open = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			open.add(upgrade("/echo/a", "203.0.113.10"));
			assertThat(open.get(i).status()).isEqualTo(101);
		}
		RawWsClient refused = upgrade("/echo/a", "203.0.113.10");
		assertThat(refused.status()).as(refused.response()).isEqualTo(429);
		assertThat(refused.readToEnd(1000)).as("the body says why and the connection closes")
			.contains("Too many WebSocket sessions from this client (max 3)");
		assertThat(upgrade("/echo/a", "203.0.113.11").status()).as("another client").isEqualTo(101);
		assertThat(this.admission.refusals(WsRefusalReason.CLIENT_SESSIONS) - refusedBefore).isEqualTo(1);
		open.get(0).close();
		await("the closed session's slot given back").atMost(WAIT).until(() -> this.admission.sessions() == 3);
		assertThat(upgrade("/echo/a", "203.0.113.10").status()).isEqualTo(101);
	}

	@Test
	void handshakesPastTheClientsRateAreRefusedWith429AndRetryAfter() throws Exception {
		long refusedBefore = this.admission.refusals(WsRefusalReason.CLIENT_HANDSHAKE_RATE);
		long start = System.nanoTime();
		int allowed = 0;
		RawWsClient refused = null;
		while (refused == null && allowed < 100) {
			// Refused by the endpoint's own hook, so that the client's sessions stay free
			RawWsClient client = upgrade("/guarded/c?token=banned", "203.0.113.20");
			if (client.status() == 403) {
				allowed++;
			}
			else {
				refused = client;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(allowed).as("a burst of 5, then 5 a second").isBetween(5, 5 + (int) Math.ceil(seconds * 5));
		assertThat(refused).isNotNull();
		assertThat(refused.status()).as(refused.response()).isEqualTo(429);
		assertThat(refused.response()).containsIgnoringCase("Retry-After: 1\r\n");
		assertThat(refused.readToEnd(1000)).contains("Too many handshakes from this client (max 5 per second)");
		assertThat(this.admission.refusals(WsRefusalReason.CLIENT_HANDSHAKE_RATE) - refusedBefore).isEqualTo(1);
		assertThat(upgrade("/echo/c", "203.0.113.21").status()).as("another client").isEqualTo(101);
	}

	/**
	 * A burst of 10 a session, then 10 a second: {@value #FLOOD} messages in one write
	 * are past the rate however slowly a loaded machine reads them (it would have to take
	 * 19 seconds over them), and the session is closed with 1008.
	 */
	@Test
	void messagesPastTheSessionsRateCloseItWith1008() throws Exception {
		long closedBefore = this.admission.refusals(WsRefusalReason.INBOUND_RATE_CLOSED);
		RawWsClient client = upgrade("/echo/d", "203.0.113.30");
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		byte[][] flood = new byte[FLOOD][];
		for (int i = 0; i < FLOOD; i++) {
			flood[i] = RawWsClient.frame(0x1, ("m" + i).getBytes(StandardCharsets.UTF_8));
		}
		try {
			client.write(flood);
		}
		catch (IOException ex) {
			// The server closed the session while the flood was still being written
		}
		assertThat(client.readCloseCode()).as("close code after %s messages at once", FLOOD).isEqualTo(1008);
		assertThat(client.closeReason()).isEqualTo("Inbound message rate exceeded: max 10 per second");
		await("the closing counted").atMost(WAIT)
			.until(() -> this.admission.refusals(WsRefusalReason.INBOUND_RATE_CLOSED) - closedBefore == 1);
	}

	@Test
	void bytesPastTheSessionsRateCloseItWith1008() {
		WsTestConnection client = connect("/limited/e", "203.0.113.31");
		String chunk = "x".repeat(600);
		client.sendText(chunk);
		assertThat(client.awaitText()).isEqualTo(chunk);
		client.sendText(chunk);
		assertThat(client).isClosedWith(1008, "Inbound byte rate exceeded: max 1024 bytes per second");
	}

	/**
	 * {@value #FLOOD} messages in one write, past the rate (a burst of 10, then 10 a
	 * second) however slowly a loaded machine reads them: every message is either
	 * broadcast back, in order, or dropped and counted, the first 10 always pass, and
	 * the session stays open and is read again once the rate allows.
	 */
	@Test
	void messagesPastTheSessionsRateAreDroppedAndCountedWhenConfigured() throws Exception {
		long droppedBefore = this.admission.refusals(WsRefusalReason.INBOUND_RATE_DROPPED);
		RawWsClient client = upgrade("/rooms/f", "203.0.113.32");
		assertThat(client.status()).as(client.response()).isEqualTo(101);
		byte[][] flood = new byte[FLOOD][];
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < FLOOD; i++) {
			sent.add("m" + i);
			flood[i] = RawWsClient.frame(0x1, sent.get(i).getBytes(StandardCharsets.UTF_8));
		}
		client.write(flood);
		List<String> received = new ArrayList<>();
		await("every message broadcast back or dropped and counted").atMost(WAIT).until(() -> {
			String text;
			while ((text = client.readTextWithin(Duration.ofMillis(100))) != null) {
				received.add(text);
			}
			return received.size() + this.admission.refusals(WsRefusalReason.INBOUND_RATE_DROPPED)
					- droppedBefore == FLOOD;
		});
		assertThat(received).as("the messages broadcast back").startsWith(sent.subList(0, 10).toArray(String[]::new));
		assertThat(received).as("the messages broadcast back").isSubsetOf(sent).doesNotHaveDuplicates();
		assertThat(received).as("the messages broadcast back, in order")
			.isSortedAccordingTo(Comparator.comparingInt((String text) -> Integer.parseInt(text.substring(1))));
		assertThat(received).as("the messages broadcast back out of %d", FLOOD).hasSizeLessThan(FLOOD);
		await("the session read again once the rate allows").atMost(WAIT).until(() -> {
			client.sendText("later");
			String text;
			while ((text = client.readTextWithin(Duration.ofMillis(100))) != null) {
				if (text.equals("later")) {
					return true;
				}
			}
			return false;
		});
	}

}
