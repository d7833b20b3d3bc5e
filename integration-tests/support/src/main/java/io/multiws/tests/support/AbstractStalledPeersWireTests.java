package io.multiws.tests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.hub.WsSession;
import io.multiws.tests.app.WireTestApplication;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies never hold a server thread: more clients than the server has threads (each
 * subclass caps its stack's threads) keep sending echo requests of 32 KiB without ever
 * reading, until the replies fill their sockets and back up in their queues. A server
 * that wrote a reply by waiting for the network would have every thread stuck in such a
 * write; the healthy client's messages and a plain HTTP request must still be answered at
 * once, <em>while</em> every stalled peer is still connected with its replies backed up:
 * the send time limit is raised past the test's length, and a full queue drops replies
 * rather than the peer, so that no stalled peer is dropped (which would free a blocked
 * thread) before the healthy client is checked.
 * Without inbound rates, which would close the stalled peers before their replies back
 * up.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.session.send-time-limit=5m",
				"multi-ws.session.overflow-policy=drop-newest", "multi-ws.limits.max-inbound-messages-per-second=0",
				"multi-ws.limits.max-inbound-bytes-per-second=0" })
public abstract class AbstractStalledPeersWireTests {

	/**
	 * More than the threads any subclass leaves its stack.
	 */
	private static final int STALLED = 16;

	private static final String REQUEST = "x".repeat(32 * 1024);

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Duration PROMPTLY = Duration.ofSeconds(3);

	private final AtomicIntegerArray sent = new AtomicIntegerArray(STALLED);

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	@Value("${multi-ws.container-optimizations.enabled:true}")
	private boolean containerOptimizations;

	@Test
	void stalledPeersThatKeepSendingNeverHoldAServerThread() throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(STALLED);
		List<RawWsClient> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < STALLED; i++) {
				RawWsClient client = RawWsClient.upgrade(this.port, "/echo/stalled-" + i, Map.of(), 4096);
				assertThat(client.status()).as(client.response()).isEqualTo(101);
				stalled.add(client);
				int index = i;
				senders.execute(() -> sendUntilRefused(client, index));
			}
			List<WsSession> stalledSessions = awaitStalled();
			try (WsTestConnection healthy = WsTestClient.forPort(this.port).connect("/echo/healthy")) {
				for (int n = 0; n < 10; n++) {
					healthy.sendText("ping " + n);
					assertThat(healthy.awaitText(PROMPTLY)).isEqualTo("ping " + n);
				}
			}
			HttpResponse<String> rest = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/rooms/x"))
					.timeout(PROMPTLY)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(rest.statusCode()).isEqualTo(200);
			assertThat(stalledSessions).as(() -> "the stalled peers while the healthy client was answered\n" + describe())
				.allSatisfy((session) -> assertThat(isStalled(session)).as(session.id()).isTrue());
		}
		finally {
			senders.shutdownNow();
			for (RawWsClient client : stalled) {
				client.reset();
			}
		}
	}

	private void sendUntilRefused(RawWsClient client, int index) {
		try {
			// More than a loopback socket's buffers take (4 MiB here), so that replies back up
			for (int n = 0; n < 192 && !Thread.currentThread().isInterrupted(); n++) {
				client.sendText(REQUEST);
				this.sent.incrementAndGet(index);
			}
		}
		catch (IOException ex) {
			// The server dropped this peer, or the test ended: either way it is done
		}
	}

	private String describe() {
		StringBuilder state = new StringBuilder("Stalled sessions:\n");
		for (int i = 0; i < STALLED; i++) {
			WsHub hub = this.hubs.find("/echo/stalled-" + i).orElse(null);
			state.append("  /echo/stalled-").append(i).append(" (").append(this.sent.get(i)).append(" sent): ");
			if (hub == null) {
				state.append("no hub\n");
				continue;
			}
			for (WsSession session : hub.sessions()) {
				DefaultWsSession defaultSession = (session instanceof DefaultWsSession runtime) ? runtime : null;
				state.append((defaultSession != null) ? "open " + defaultSession.isOpen() + ", queued "
						+ defaultSession.queuedBytes() + " B, reads paused "
						+ defaultSession.isReadingPaused() + ", write waiting " + defaultSession.writeWait()
						+ ", dropped " + defaultSession.droppedMessages()
						: session.toString()).append("; ");
			}
			state.append('\n');
		}
		state.append("Server threads:\n");
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			if (thread.getName().contains("exec") || thread.getName().contains("qtp")
					|| thread.getName().contains("multi-ws")) {
				state.append("  ").append(thread.getName()).append(' ').append(thread.getState()).append('\n');
				for (int f = 0; f < Math.min(6, stack.length); f++) {
					state.append("      at ").append(stack[f]).append('\n');
				}
			}
		});
		return state.toString();
	}

	/**
	 * Wait until every stalled peer's session is open with replies queued behind a write
	 * that the network does not take.
	 * @return the stalled sessions
	 */
	private List<WsSession> awaitStalled() {
		List<WsSession> sessions = new ArrayList<>();
		try {
			await("every stalled peer connected, with its replies backed up").atMost(WAIT).until(() -> {
				sessions.clear();
				for (int i = 0; i < STALLED; i++) {
					WsHub hub = this.hubs.find("/echo/stalled-" + i).orElse(null);
					if (hub == null || hub.size() != 1) {
						return false;
					}
					WsSession session = hub.sessions().iterator().next();
					if (!isStalled(session)) {
						return false;
					}
					sessions.add(session);
				}
				return true;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + describe(), ex);
		}
		return sessions;
	}

	/**
	 * Whether a stalled peer is connected with its replies backed up. On the portable
	 * path (container optimizations off) the server reads whatever arrives, as nothing
	 * paces its reads, so a peer's requests are all read within moments and the replies
	 * past its queue are dropped (the overflow policy here), while the socket's send
	 * buffer grows and takes the rest: there a peer is stalled once it is connected and
	 * its replies were backed up far enough to be dropped, which a server that blocked
	 * its threads on writes would never get to.
	 */
	private boolean isStalled(WsSession session) {
		DefaultWsSession defaultSession = (session instanceof DefaultWsSession runtime) ? runtime : null;
		return session.isOpen() && defaultSession != null && (defaultSession.queuedBytes() > 0
				|| (!this.containerOptimizations && defaultSession.droppedMessages() > 0));
	}

}
