package io.multiws.admission;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.multiws.admission.ClientAddresses.ForwardedHeader;
import io.multiws.hub.OverflowPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WsAdmission}.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class WsAdmissionTests {

	private static WsAdmission admission(int maxSessions, int perClient, int handshakesPerSecond, int maxClients,
			boolean exemptLoopback) {
		ClientAddresses addresses = exemptLoopback ? ClientAddresses.defaults()
				: new ClientAddresses(List.of(), ClientAddresses.LOOPBACK, ForwardedHeader.X_FORWARDED_FOR);
		return new WsAdmission(new WsAdmission.Settings(maxSessions, perClient, handshakesPerSecond, maxClients,
				addresses, InboundLimits.NONE, Map.of()));
	}

	@Test
	void theCapIsExactUnderRacesAndEveryPermitComesBack() throws Exception {
		WsAdmission admission = admission(10, 0, 0, 1000, true);
		AtomicInteger overCap = new AtomicInteger();
		AtomicInteger held = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		CyclicBarrier together = new CyclicBarrier(8);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			workers.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < 5_000; i++) {
					// Two slots per thread: 16 wanted, 10 to have
					WsAdmissionPermit first = admission.acquire("10.0.0." + (i % 7), null).permit();
					WsAdmissionPermit second = admission.acquire("10.0.1." + (i % 5), null).permit();
					int holding = held.addAndGet(((first != null) ? 1 : 0) + ((second != null) ? 1 : 0));
					if (holding > 10 || admission.sessions() > 10) {
						overCap.incrementAndGet();
					}
					if (i % 500 == 0) {
						// Every thread holding at once now and then, however the machine
						// schedules them: 16 wanted for 10 slots, so the cap refuses
						together.await(10, TimeUnit.SECONDS);
					}
					for (WsAdmissionPermit permit : new WsAdmissionPermit[] { first, second }) {
						if (permit != null) {
							held.decrementAndGet();
							permit.release();
							permit.release();
						}
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> worker : workers) {
			worker.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(overCap).as("sessions counted past the cap").hasValue(0);
		assertThat(admission.sessions()).isZero();
		assertThat(admission.trackedClients()).as("clients left behind").isZero();
		assertThat(admission.refusals(WsRefusalReason.MAX_SESSIONS)).isPositive();
	}

	@Test
	void theCapRefusesWithItsPropertyAndAReleasedSlotIsFreeAgain() {
		WsAdmission admission = admission(2, 0, 0, 1000, true);
		WsAdmissionPermit first = admission.acquire("10.0.0.1", null).permit();
		assertThat(admission.acquire("10.0.0.2", null).permit()).isNotNull();
		WsAdmission.Decision refused = admission.acquire("10.0.0.3", null);
		assertThat(refused.permit()).isNull();
		assertThat(refused.refused()).isEqualTo(WsRefusalReason.MAX_SESSIONS);
		assertThat(refused.message()).contains("multi-ws.limits.max-sessions=2");
		first.release();
		assertThat(admission.acquire("10.0.0.3", null).permit()).isNotNull();
		assertThat(admission.sessions()).isEqualTo(2);
	}

	@Test
	void sessionsPerClientAreCountedByAddressAndGivenBack() {
		WsAdmission admission = admission(100, 2, 0, 1000, true);
		WsAdmissionPermit first = admission.acquire("203.0.113.1", null).permit();
		admission.acquire("203.0.113.1", null);
		assertThat(admission.acquire("203.0.113.1", null).refused()).isEqualTo(WsRefusalReason.CLIENT_SESSIONS);
		assertThat(admission.acquire("203.0.113.2", null).permit()).as("another client").isNotNull();
		first.release();
		assertThat(admission.acquire("203.0.113.1", null).permit()).isNotNull();
		assertThat(admission.refusals(WsRefusalReason.CLIENT_SESSIONS)).isEqualTo(1);
	}

	@Test
	void anAuthenticatedClientIsItsUserWhateverItsAddress() {
		WsAdmission admission = admission(100, 2, 0, 1000, true);
		Principal alice = () -> "alice";
		admission.acquire("203.0.113.1", alice);
		admission.acquire("198.51.100.7", alice);
		assertThat(admission.acquire("192.0.2.9", alice).refused()).isEqualTo(WsRefusalReason.CLIENT_SESSIONS);
		assertThat(admission.acquire("203.0.113.1", () -> "bob").permit()).isNotNull();
		assertThat(admission.acquire("203.0.113.1", null).permit()).as("the address itself").isNotNull();
	}

	@Test
	void loopbackClientsAreExemptUnlessConfiguredOtherwise() {
		WsAdmission exempt = admission(100, 1, 1, 1000, true);
		for (String address : List.of("127.0.0.1", "127.0.0.1", "0:0:0:0:0:0:0:1", "::1", "127.0.1.1")) {
			assertThat(exempt.acquire(address, null).permit()).as(address).isNotNull();
		}
		assertThat(exempt.trackedClients()).isZero();
		WsAdmission limited = admission(100, 1, 0, 1000, false);
		limited.acquire("127.0.0.1", null);
		assertThat(limited.acquire("127.0.0.1", null).refused()).isEqualTo(WsRefusalReason.CLIENT_SESSIONS);
	}

	@Test
	void anExemptClientIsStillHeldToItsSessionsInboundRates() {
		WsAdmission admission = new WsAdmission(new WsAdmission.Settings(100, 1, 0, 1000, ClientAddresses.defaults(),
				new InboundLimits(10, 0, OverflowPolicy.CLOSE), Map.of()));
		WsAdmissionPermit exempt = admission.acquire("127.0.0.1", null).requirePermit();
		assertThat(admission.trackedClients()).as("exempt from the per-client limits").isZero();
		assertThat(exempt.inboundLimiter("chat")).isNotSameAs(InboundLimiter.unlimited());
	}

	@Test
	void handshakesPastTheRateAreRefusedWithRetryAfter() {
		AtomicLong clock = new AtomicLong(System.nanoTime());
		WsAdmission admission = new WsAdmission(new WsAdmission.Settings(100, 0, 5, 1000, ClientAddresses.defaults(),
				InboundLimits.NONE, Map.of()), clock::get);
		for (int i = 0; i < 5; i++) {
			admission.acquire("203.0.113.1", null).requirePermit().release();
		}
		WsAdmission.Decision refused = admission.acquire("203.0.113.1", null);
		assertThat(refused.refused()).isEqualTo(WsRefusalReason.CLIENT_HANDSHAKE_RATE);
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);
		assertThat(refused.message()).contains("max 5 per second");
		assertThat(admission.acquire("203.0.113.2", null).permit()).as("another client").isNotNull();
		assertThat(admission.sessions()).isEqualTo(1);
		clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(199));
		assertThat(admission.acquire("203.0.113.1", null).refused()).as("199 ms later")
			.isEqualTo(WsRefusalReason.CLIENT_HANDSHAKE_RATE);
		clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
		admission.acquire("203.0.113.1", null).requirePermit().release();
		assertThat(admission.acquire("203.0.113.1", null).refused()).as("one more a fifth of a second")
			.isEqualTo(WsRefusalReason.CLIENT_HANDSHAKE_RATE);
		clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
		for (int i = 0; i < 5; i++) {
			admission.acquire("203.0.113.1", null).requirePermit().release();
		}
		assertThat(admission.acquire("203.0.113.1", null).refused()).as("a burst of 5 again, no more")
			.isEqualTo(WsRefusalReason.CLIENT_HANDSHAKE_RATE);
	}

	@Test
	void aFloodOfDistinctAddressesNeverGrowsTheTablePastItsBound() {
		WsAdmission admission = admission(1_000_000, 10, 10, 1000, true);
		int refused = 0;
		for (int i = 0; i < 50_000; i++) {
			WsAdmission.Decision decision = admission.acquire("10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "."
					+ (i & 0xFF), null);
			if (decision.permit() != null) {
				decision.permit().release();
			}
			else {
				refused++;
			}
			assertThat(admission.trackedClients()).isLessThanOrEqualTo(1000);
		}
		assertThat(admission.trackedClients()).isLessThanOrEqualTo(1000);
		assertThat(refused).as("new clients refused while every tracked one is within its last second")
			.isPositive()
			.isEqualTo((int) admission.refusals(WsRefusalReason.TOO_MANY_CLIENTS));
	}

	@Test
	void idleClientsAreSweptWhenTheTableIsFull() {
		WsAdmission admission = admission(1000, 10, 0, 10, true);
		for (int i = 0; i < 10; i++) {
			admission.acquire("10.0.0." + i, null).requirePermit().release();
		}
		assertThat(admission.trackedClients()).as("a client with no session and no handshake debt is forgotten")
			.isZero();
		List<WsAdmissionPermit> held = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			held.add(admission.acquire("10.0.1." + i, null).requirePermit());
		}
		assertThat(admission.acquire("10.0.2.1", null).refused()).isEqualTo(WsRefusalReason.TOO_MANY_CLIENTS);
		held.get(0).release();
		assertThat(admission.acquire("10.0.2.1", null).permit()).isNotNull();
	}

	@Test
	void theDefaultCapIsTheServersLimitLessAReserveForHttp(CapturedOutput output) {
		WsAdmission admission = admission(0, 0, 0, 1000, true);
		assertThat(admission.maxSessions()).isEqualTo(WsAdmission.heapDefault());
		admission.serverStarted("Tomcat", 8192);
		assertThat(admission.maxSessions()).isEqualTo(8192 - 819);
		assertThat(output).contains("multi-ws admits at most 7373 WebSocket sessions: Tomcat's connection limit of 8192"
				+ " less 819 for plain HTTP");
		admission.serverStarted("Tomcat", 200);
		assertThat(admission.maxSessions()).isEqualTo(180);
		admission.serverStarted("Tomcat", 50);
		assertThat(admission.maxSessions()).as("at least 10 kept for HTTP").isEqualTo(40);
	}

	@Test
	void aConfiguredCapAboveTheServersLimitIsReported(CapturedOutput output) {
		WsAdmission admission = admission(9000, 0, 0, 1000, true);
		admission.serverStarted("Tomcat", 8192);
		assertThat(admission.maxSessions()).isEqualTo(9000);
		assertThat(output).contains("WARN").contains("multi-ws.limits.max-sessions=9000 is above the 7373 WebSocket"
				+ " sessions that Tomcat's connection limit of 8192 leaves after 819 for plain HTTP");
	}

	@Test
	void withoutAServerLimitTheDefaultFitsTheHeap() {
		WsAdmission admission = admission(0, 0, 0, 1000, true);
		admission.serverStarted("Reactor Netty", -1);
		assertThat(admission.maxSessions()).isEqualTo(WsAdmission.heapDefault()).isEqualTo(
				(int) Math.max(100, Runtime.getRuntime().maxMemory() / 2 / WsAdmission.HEAP_PER_SESSION));
	}

	@Test
	void settingsAreChecked() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WsAdmission.Settings(0, -1, 0, 10, ClientAddresses.defaults(),
					InboundLimits.NONE, Map.of()))
			.withMessage("multi-ws.limits.max-sessions-per-client must be zero (none) or positive, was -1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WsAdmission.Settings(0, 0, 0, 0, ClientAddresses.defaults(),
					InboundLimits.NONE, Map.of()))
			.withMessage("multi-ws.limits.max-tracked-clients must be positive, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new InboundLimits(1, 1, OverflowPolicy.DROP_OLDEST))
			.withMessageContaining("use 'close' or 'drop-newest'");
	}

	@Test
	void refusalsAreCountedByReason() {
		WsAdmission admission = admission(1, 0, 0, 10, true);
		admission.acquire("10.0.0.1", null);
		admission.acquire("10.0.0.2", null);
		admission.refused(WsRefusalReason.ORIGIN);
		WsAdmissionStatistics statistics = admission;
		assertThat(statistics.refusals()).containsEntry(WsRefusalReason.MAX_SESSIONS, 1L)
			.containsEntry(WsRefusalReason.ORIGIN, 1L)
			.containsEntry(WsRefusalReason.HUB_FULL, 0L)
			.hasSize(WsRefusalReason.values().length);
		assertThat(statistics.sessions()).isEqualTo(1);
		assertThat(statistics.maxSessions()).isEqualTo(1);
	}

}
