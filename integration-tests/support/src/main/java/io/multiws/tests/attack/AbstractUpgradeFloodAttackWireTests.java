package io.multiws.tests.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.admission.WsRefusalReason;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.UpgradeFloodEndpoints;
import io.multiws.tests.attack.UpgradeFlood.Answer;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upgrade flood against an endpoint whose {@code @OnHandshake} blocks, on WebFlux:
 * the hooks run on the callback pool, which the open sessions' callbacks need too. Two
 * thousand upgrades come at once while every hook is held: admission (origin, caps,
 * rates) decides each on the event loop, half of the 4 callback threads take a hook
 * each, 16 more wait in the handshake queue, and every other upgrade is answered 503 with
 * its reason and its connection closed, at once. Throughout, the open sessions keep
 * echoing, their callbacks never behind the flood; once the hooks let go, the queued
 * upgrades complete, and the server then shuts down within the shutdown timeout and a
 * second.
 * <p>
 * The latency figure (p99 of an echo under the flood) is measured by the load tool's
 * {@code upgrade-flood} scenario in {@code benchmarks/}; here the test asserts what can
 * be asserted on a loaded build machine: no echo waits for the flood.
 *
 * @author multi-ws team
 */
public abstract class AbstractUpgradeFloodAttackWireTests {

	private static final int FLOOD = 2000;

	private static final int CALLBACK_THREADS = 4;

	private static final int QUEUED = 16;

	/**
	 * The hooks that run at once: half the callback threads.
	 */
	private static final int RUNNING = CALLBACK_THREADS / 2;

	private static final int ECHOERS = 4;

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void openSessionsKeepEchoingWhileAFloodOfBlockingHandshakesIsRefusedWith503() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		UpgradeFloodEndpoints.release = release;
		AttackedServer server = AttackedServer.start("multi-ws.reactive.callback-threads=" + CALLBACK_THREADS,
				"multi-ws.reactive.max-queued-handshakes=" + QUEUED, "multi-ws.session.ping-interval=0",
				"multi-ws.endpoints.echo.max-inbound-messages-per-second=0");
		try {
			WsAdmissionStatistics admission = server.bean(WsAdmissionStatistics.class);
			List<WsTestConnection> echoers = new ArrayList<>();
			for (int i = 0; i < ECHOERS; i++) {
				echoers.add(WsTestClient.forPort(server.port()).connect("/echo/open-" + i));
			}
			Echoes echoes = new Echoes(echoers);
			echoes.start();
			await("the open sessions echo").atMost(WAIT).until(() -> echoes.roundTrips() >= ECHOERS);
			try (UpgradeFlood flood = UpgradeFlood.send(server.port(), "/slow-handshake/flood", FLOOD)) {
				int refused = FLOOD - RUNNING - QUEUED;
				List<Answer> answers = flood.awaitAnswers(refused, WAIT);
				assertThat(answers).as("answered while every hook is held").hasSize(refused);
				assertThat(answers).allSatisfy((answer) -> {
					assertThat(answer.status()).as(answer.response()).isEqualTo(503);
					assertThat(answer.response()).containsIgnoringCase("Connection: close")
						.endsWith("Too many WebSocket handshakes waiting (multi-ws.reactive.max-queued-handshakes="
								+ QUEUED + ")");
				});
				assertThat(admission.refusals(WsRefusalReason.HANDSHAKE_QUEUE_FULL)).isEqualTo(refused);
				try (RawWsClient crossSite = RawWsClient.upgrade(server.port(), "/slow-handshake/flood",
						Map.of("Origin", "https://evil.example"), 0)) {
					assertThat(crossSite.status()).as("the origin decided before any queue").isEqualTo(403);
				}
				int roundTrips = echoes.roundTrips();
				await("every open session echoes again while the hooks are still held").atMost(WAIT)
					.until(() -> echoes.roundTrips() >= roundTrips + ECHOERS);
				assertThat(release.getCount()).as("hooks still held").isOne();
				echoes.finish();
				assertThat(echoes.failures()).as("echo failures").isEmpty();
				release.countDown();
				List<Answer> all = flood.awaitAnswers(FLOOD, WAIT);
				assertThat(all).as("every upgrade answered once the hooks let go").hasSize(FLOOD);
				assertThat(all).filteredOn((answer) -> answer.status() == 101).hasSize(RUNNING + QUEUED);
				assertThat(admission.sessions()).isEqualTo(ECHOERS + RUNNING + QUEUED);
			}
		}
		finally {
			release.countDown();
			server.assertShutsDownInTime();
		}
	}

	/**
	 * Round trips on every open session, one after another, until stopped.
	 */
	private static final class Echoes extends Thread {

		private final List<WsTestConnection> sessions;

		private final AtomicBoolean stopped = new AtomicBoolean();

		private final AtomicInteger roundTrips = new AtomicInteger();

		private final List<String> failures = new ArrayList<>();

		Echoes(List<WsTestConnection> sessions) {
			super("echoes");
			this.sessions = sessions;
			setDaemon(true);
		}

		@Override
		public void run() {
			int n = 0;
			while (!this.stopped.get()) {
				for (WsTestConnection session : this.sessions) {
					String text = "echo " + n++;
					try {
						session.sendText(text);
						String reply = session.awaitText();
						if (!text.equals(reply)) {
							this.failures.add("sent " + text + ", received " + reply);
						}
						this.roundTrips.incrementAndGet();
					}
					catch (RuntimeException | AssertionError ex) {
						this.failures.add(text + ": " + ex);
						return;
					}
				}
			}
		}

		int roundTrips() {
			return this.roundTrips.get();
		}

		List<String> failures() {
			return this.failures;
		}

		void finish() throws InterruptedException {
			this.stopped.set(true);
			join(WAIT.toMillis());
		}

	}

}
