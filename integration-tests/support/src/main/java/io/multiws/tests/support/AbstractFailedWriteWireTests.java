package io.multiws.tests.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.FailedWriteEndpoints;
import io.multiws.tests.app.WireTestApplication;
import org.awaitility.core.ConditionTimeoutException;
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
 * A write that fails: a peer that stopped reading while a publisher in its room kept
 * broadcasting has its replies backed up, its queue past the high-water mark and the
 * publisher's reads paused; then it resets its connection, so that the write in flight
 * to it fails. The server learns of the reset only from that write, since the peer's
 * first message holds its callback and the server reads it no further. The session
 * ends with 1011 "Send failed" (well short of the send time limit, which would make it
 * 1008), leaves its hub, frees its admission slot and releases the publisher it
 * paused, which is read again and loses none of its messages; a session in another hub
 * sees nothing of it. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.limits.max-sessions=" + AbstractFailedWriteWireTests.CAP,
				"multi-ws.endpoints.failing.send-buffer-size=1MB",
				"multi-ws.endpoints.failing.overflow-policy=drop-newest", "multi-ws.session.send-time-limit=5m",
				"multi-ws.limits.max-inbound-messages-per-second=0", "multi-ws.limits.max-inbound-bytes-per-second=0" })
public abstract class AbstractFailedWriteWireTests {

	/**
	 * The cap on sessions: the peer, the publisher and the session in another hub.
	 */
	static final int CAP = 3;

	private static final Duration WAIT = Duration.ofSeconds(20);

	/**
	 * Messages that hold the callback until it is released, sent at once: more than any
	 * stack reads ahead, so that the server stops reading the peer's connection.
	 */
	private static final int HELD_MESSAGES = 40;

	/**
	 * The size of each broadcast: a few hundred fill the peer's socket buffers (4 MiB on
	 * loopback), a few dozen more its queue past the high-water mark (half of 1 MiB).
	 */
	private static final int MESSAGE_SIZE = 16 * 1024;

	/**
	 * Broadcasts the publisher sends: 16 MiB, far more than the peer's socket buffers and
	 * queue take, so that its reads are paused before it has sent them all.
	 */
	private static final int BROADCASTS = 1024;

	private static final WsCloseStatus SEND_FAILED = WsCloseStatus.SERVER_ERROR.withReason("Send failed");

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected WsAdmissionStatistics admission;

	@BeforeEach
	void holdCallbacks() {
		FailedWriteEndpoints.release = new CountDownLatch(1);
		FailedWriteEndpoints.blocked = new CountDownLatch(1);
		FailedWriteEndpoints.closes.clear();
	}

	@AfterEach
	void releaseCallbacks() {
		FailedWriteEndpoints.release.countDown();
	}

	@Test
	void aWriteThatFailsEndsTheSessionFreesItsSlotAndReleasesThePublisherItPaused() throws Exception {
		String room = "/failing/room";
		String other = "/failing/other";
		WsTestClient client = WsTestClient.forPort(this.port).withTimeout(WAIT);
		ExecutorService sender = Executors.newSingleThreadExecutor();
		try (WsTestConnection bystander = client.connect(other); RawWsClient peer = hold(room)) {
			DefaultWsSession peerSession = onlySession(room);
			try (WsTestConnection publisher = client.connect(room)) {
				DefaultWsSession publisherSession = otherSession(room, peerSession);
				assertThat(RawWsClient.status(this.port, "/failing/extra", Map.of()))
					.as("an upgrade past the cap of %d sessions", CAP)
					.isEqualTo(503);
				// Sent apart from the test's thread: its sends wait while its reads are paused
				Future<?> broadcasts = sender.submit(() -> {
					for (int n = 0; n < BROADCASTS; n++) {
						publisher.sendText(message(n));
					}
				});
				awaitState("the publisher's reads paused by the peer's backlog", publisherSession, peerSession,
						() -> publisherSession.isReadingPaused() && peerSession.queuedBytes() > 0);
				peer.reset();
				awaitState("the peer's session gone from its hub", publisherSession, peerSession,
						() -> this.hubs.find(room).map(WsHub::size).orElse(0) == 1 && !peerSession.isOpen());
				awaitState("the publisher's reads resumed", publisherSession, peerSession,
						() -> !publisherSession.isReadingPaused());
				broadcasts.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				publisher.sendText("after");
				List<String> expected = new ArrayList<>();
				for (int n = 0; n < BROADCASTS; n++) {
					expected.add(message(n));
				}
				expected.add("after");
				assertThat(publisher.awaitTexts(expected.size()))
					.as("the publisher's own copies of its %d broadcasts, then of one sent after the failure",
							BROADCASTS)
					.containsExactlyElementsOf(expected);
				// @OnClose waits for the session's callback in progress, as the slot does
				FailedWriteEndpoints.release.countDown();
				awaitState("@OnClose of the peer's session", publisherSession, peerSession,
						() -> FailedWriteEndpoints.closes.containsKey(peerSession.id()));
				assertFailedWriteStatus(FailedWriteEndpoints.closes.get(peerSession.id()));
				awaitState("the peer's admission slot freed", publisherSession, peerSession,
						() -> this.admission.sessions() == CAP - 1);
				try (RawWsClient next = RawWsClient.upgrade(this.port, "/failing/next", Map.of(), 0)) {
					assertThat(next.status()).as("an upgrade into the freed slot: %s", next.response()).isEqualTo(101);
				}
			}
			bystander.sendText("still here");
			assertThat(bystander.awaitText()).as("the session in another hub").isEqualTo("still here");
			assertThat(bystander.isClosed()).isFalse();
			assertThat(FailedWriteEndpoints.closes).as("sessions closed").doesNotContainKey(onlySession(other).id());
		}
		finally {
			sender.shutdownNow();
		}
	}

	/**
	 * Assert the status that {@code @OnClose} saw for the session whose write failed:
	 * 1011 "Send failed", well short of the send time limit.
	 * @param status the status
	 */
	protected void assertFailedWriteStatus(WsCloseStatus status) {
		assertThat(status).as("the status of the failed write").isEqualTo(SEND_FAILED);
	}

	/**
	 * Connect a peer that never reads, with a small receive buffer, and send messages
	 * that hold its callback in one write, so that the server reads them at once and
	 * then stops reading the connection.
	 */
	private RawWsClient hold(String path) throws Exception {
		RawWsClient peer = RawWsClient.upgrade(this.port, path, Map.of(), 4096);
		assertThat(peer.status()).as("upgrade to %s: %s", path, peer.response()).isEqualTo(101);
		ByteArrayOutputStream messages = new ByteArrayOutputStream();
		for (int i = 0; i < HELD_MESSAGES; i++) {
			messages.write(text("block"));
		}
		peer.write(messages.toByteArray());
		assertThat(FailedWriteEndpoints.blocked.await(10, TimeUnit.SECONDS)).as("the peer's callback held").isTrue();
		return peer;
	}

	private static void awaitState(String what, DefaultWsSession publisher, DefaultWsSession peer,
			Callable<Boolean> condition) {
		try {
			await(what).atMost(WAIT).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + describe(publisher, peer), ex);
		}
	}

	private static String describe(DefaultWsSession publisher, DefaultWsSession peer) {
		StringBuilder state = new StringBuilder();
		state.append("publisher ").append(publisher).append(" reads paused ").append(publisher.isReadingPaused());
		state.append(", queued ").append(publisher.queuedBytes()).append(" B\n");
		state.append("peer ").append(peer).append(" queued ").append(peer.queuedBytes()).append(" B, write waiting ");
		state.append(peer.writeWait()).append('\n');
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			state.append("  ").append(thread.getName()).append(' ').append(thread.getState()).append('\n');
			for (int f = 0; f < Math.min(12, stack.length); f++) {
				state.append("      at ").append(stack[f]).append('\n');
			}
		});
		return state.toString();
	}

	private DefaultWsSession onlySession(String path) {
		List<WsSession> sessions = new ArrayList<>(this.hubs.find(path).map(WsHub::sessions).orElseThrow());
		assertThat(sessions).as("sessions of %s", path).hasSize(1);
		DefaultWsSession session = (sessions.get(0) instanceof DefaultWsSession runtime) ? runtime : null;
		assertThat(session).isNotNull();
		return session;
	}

	/**
	 * Return the session of a connection that has just opened beside a known one, once
	 * it has joined the hub: a client connected by port does not wait for the join.
	 */
	private DefaultWsSession otherSession(String path, WsSession known) {
		List<WsSession> sessions = new ArrayList<>();
		await("the second session of " + path).atMost(WAIT).until(() -> {
			sessions.clear();
			sessions.addAll(this.hubs.find(path).map(WsHub::sessions).orElseThrow());
			sessions.remove(known);
			return sessions.size() == 1;
		});
		DefaultWsSession session = (sessions.get(0) instanceof DefaultWsSession runtime) ? runtime : null;
		assertThat(session).isNotNull();
		return session;
	}

	private static String message(int n) {
		String prefix = n + ":";
		return prefix + "x".repeat(MESSAGE_SIZE - prefix.length());
	}

	private static byte[] text(String text) {
		return RawWsClient.frame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

}
