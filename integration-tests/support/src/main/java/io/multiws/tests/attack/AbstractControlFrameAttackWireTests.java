package io.multiws.tests.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.multiws.admission.InboundLimiter;
import io.multiws.admission.WsRefusalReason;
import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsCloseStatus;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.ControlFrameAttackEndpoints;
import io.multiws.tests.support.RawWsClient;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks through control frames and closes, each by one anonymous client on loopback
 * against a server of its own with short limits: a client that streams pings and never
 * reads (the pongs it is owed back up like messages, so the send time limit drops it,
 * and the server holds no more memory than a session's buffer for it), pings over the
 * inbound rate, an {@code @OnOpen} that fails on a client that does not read (the session
 * has left its hub, and is still dropped, and lets go of the publisher it held back), and
 * a close toward a client that does not read (the connection ends within the send time
 * limit, and keeps its admission slot until its socket is closed). After each, the server
 * stops within its shutdown timeout and a second, with a client that pings without
 * reading still connected.
 *
 * @author multi-ws team
 */
public abstract class AbstractControlFrameAttackWireTests {

	private static final Duration SEND_TIME_LIMIT = Duration.ofMillis(1500);

	/**
	 * The send time limit of the endpoint whose {@code @OnOpen} fails: long enough for the
	 * test to let it fail before the limit drops its session as a member of its hub.
	 */
	private static final Duration FAILING_OPEN_SEND_TIME_LIMIT = Duration.ofSeconds(4);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * The idle timeout of the servers that clients flood with pings: longer than a
	 * flood takes to be dropped for its pongs where multi-ws writes them (so it plays no
	 * part there), and what drops the flood where the container queues its own pongs
	 * and sees to no time limit on them (see {@link #containerQueuesPongs}).
	 */
	private static final Duration FLOOD_IDLE_TIMEOUT = Duration.ofSeconds(4);

	private static final long SEND_BUFFER_SIZE = 256 * 1024;

	private static final long MEMORY_ALLOWANCE = SEND_BUFFER_SIZE + 16 * 1024 * 1024;

	/**
	 * What the flood may take while it goes on: the allowance, and the garbage of the
	 * pings read since the last collection that the JDK has not released yet. Jetty
	 * copies each ping's payload into a new direct buffer, whose memory is given back
	 * only once a collection found it unreachable and the JDK's reference handler ran its
	 * cleaner: 10 to 20 MB in 75 000 to 160 000 buffers at a reading here. It does not
	 * grow with the flood's length (the reading after the flood proves that nothing
	 * stays), whereas a queue of pongs that the peer never reads grows by tens of MB a
	 * second (Reactor Netty's own, before multi-ws answered pings itself).
	 */
	private static final long FLOOD_ALLOWANCE = MEMORY_ALLOWANCE + 48 * 1024 * 1024;

	private static final int PINGS_PER_SECOND = 20;

	/**
	 * More than the client's send buffer and the server's receive buffer hold on
	 * loopback, with the server not reading (about 4 MB here), and the pings read until
	 * the server's pongs fill its own send buffer (about 3 MB more): 6.8 to 10 MB in all
	 * on every stack that holds its reads, against 318 MB on Reactor Netty without the
	 * hold.
	 */
	private static final long SOCKET_BUFFERS = 16 * 1024 * 1024;

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(20);

	private static final String CHUNK = "x".repeat(32 * 1024);

	private static final String[] PROPERTIES = { "multi-ws.session.send-time-limit=" + SEND_TIME_LIMIT.toMillis() + "ms",
			"multi-ws.session.send-buffer-size=" + SEND_BUFFER_SIZE + "B",
			"multi-ws.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms",
			"multi-ws.endpoints.failingOpen.send-time-limit=" + FAILING_OPEN_SEND_TIME_LIMIT.toMillis() + "ms",
			"multi-ws.endpoints.failingOpen.send-buffer-size=1MB",
			"multi-ws.limits.exempt-loopback=false", "multi-ws.limits.max-inbound-messages-per-second=0",
			"multi-ws.limits.max-inbound-bytes-per-second=0B",
			"multi-ws.endpoints.pinged.max-inbound-messages-per-second=" + PINGS_PER_SECOND };

	/**
	 * The properties of the servers that clients flood with pings: an idle timeout too
	 * (per endpoint there is none).
	 */
	private static final String[] FLOOD_PROPERTIES = Stream
		.concat(Stream.of(PROPERTIES), Stream.of("multi-ws.session.idle-timeout=" + FLOOD_IDLE_TIMEOUT.toMillis() + "ms"))
		.toArray(String[]::new);

	@Test
	void aClientThatPingsWithoutReadingIsDroppedWithinTheSendTimeLimitAndHoldsNoMoreThanItsBuffer()
			throws Exception {
		try (ControlFrameAttackServer server = ControlFrameAttackServer.start(FLOOD_PROPERTIES)) {
			long baseline = ControlFrameAttackServer.retainedBytes();
			String baselineReading = ControlFrameAttackServer.lastReading;
			FloodWatch watch = new FloodWatch(baseline);
			boolean queuedPongs = containerQueuesPongs(server.containerOptimizations());
			long started = System.nanoTime();
			try (PingFlood flood = PingFlood.start(server.port(), "/flood/pings")) {
				DefaultWsSession session = server.awaitSession("/flood/pings");
				try {
					await().pollInterval(POLL)
						.atMost(WAIT)
						.until(() -> watch.sample(session, flood) || flood.isGone() || watch.isOverBudget());
				}
				catch (ConditionTimeoutException ex) {
					// Reported below
				}
				assertThat(watch.peakGrowth())
					.as("growth of memory during the flood (from %s to %s)", baselineReading,
							ControlFrameAttackServer.lastReading)
					.isLessThan(FLOOD_ALLOWANCE);
				assertThat(flood.isGone()).as("client dropped").isTrue();
				if (pingsHoldReads()) {
					assertThat(flood.sentBytes())
						.as("bytes of pings the client wrote before it was dropped (reads held once its pongs backed up)")
						.isLessThan(SOCKET_BUFFERS);
				}
				if (containerAnswersPings()) {
					assertDroppedByTheContainersPong(watch, flood,
							containersPongDropsWithin(server.containerOptimizations()));
				}
				else if (queuedPongs) {
					assertThat(Duration.ofNanos(flood.goneNanos() - started))
						.as("time from the flood's start to the client dropped for its silence")
						.isLessThan(FLOOD_IDLE_TIMEOUT.plus(SEND_TIME_LIMIT).plusSeconds(1));
				}
				else {
					assertThat(watch.blockedThread()).as("a server thread waiting in a pong").isNull();
					assertThat(watch.stalledNanos()).as("the server's pongs backing up on the client").isPositive();
					assertThat(Duration.ofNanos(flood.goneNanos() - watch.stalledNanos()))
						.as("time from the pongs backing up to the client dropped")
						.isLessThan(SEND_TIME_LIMIT.plusSeconds(1));
				}
			}
			assertThat(ControlFrameAttackServer.retainedBytes() - baseline)
				.as("memory retained once the client is gone (from %s to %s)", baselineReading,
						ControlFrameAttackServer.lastReading)
				.isLessThan(MEMORY_ALLOWANCE);
			if (!containerAnswersPings() && !queuedPongs) {
				pingsOverTheInboundRateClose(server);
			}
			server.assertStopsPromptlyWithAHostileClient(SHUTDOWN_TIMEOUT);
		}
	}

	/**
	 * Whether a ping that finds a pong waiting holds the connection's reads on this
	 * stack, so that a client that pings without reading is read no further than the
	 * socket buffers before the send time limit drops it.
	 * @return {@code true} unless the stack reads pings whatever multi-ws demands
	 */
	protected boolean pingsHoldReads() {
		return true;
	}

	/**
	 * Whether the stack answers pings itself, out of multi-ws's reach: then a pong is a
	 * blocking write on the thread that read the ping, which the send time limit bounds
	 * (the container's own send timeout, set from it), and pings count against no
	 * inbound rate.
	 * @return {@code false}, unless the portable API of the stack hands pings to no
	 * application
	 */
	protected boolean containerAnswersPings() {
		return false;
	}

	/**
	 * Whether the stack answers pings itself with a pong that it queues, no thread
	 * waiting for it, and reads the connection no further until it is written (Jetty's
	 * own pongs, on the portable path): multi-ws sees neither the pings nor the pongs, so
	 * no send time limit applies to them and pings count against no inbound rate; the
	 * client, silent as far as multi-ws can tell, is dropped by the idle timeout, its
	 * close frame stuck behind the pongs then bounded by the send time limit.
	 * @param containerOptimizations whether the container optimizations are on
	 * @return {@code false} unless the stack queues its own pongs
	 */
	protected boolean containerQueuesPongs(boolean containerOptimizations) {
		return false;
	}

	/**
	 * How long after a thread blocked in the container's own pong the client may be
	 * dropped, where the container answers pings (see {@link #containerAnswersPings}):
	 * the send time limit, which the container's send timeout is set to, and a second.
	 * @param containerOptimizations whether the container optimizations are on
	 * @return the bound
	 */
	protected Duration containersPongDropsWithin(boolean containerOptimizations) {
		return SEND_TIME_LIMIT.plusSeconds(1);
	}

	/**
	 * Whether a connection that the server closed keeps its admission slot until its
	 * socket is closed, rather than until the container reports the session closed
	 * (which some do once their close frame is sent).
	 * @param containerOptimizations whether the container optimizations are on
	 * @return {@code true} unless the stack cannot tell when the socket is closed
	 */
	protected boolean slotHeldUntilTheSocketCloses(boolean containerOptimizations) {
		return true;
	}

	/**
	 * Whether a session whose queue grows past its high-water mark holds back the reads
	 * of the publishers that fill it on this stack: only with the container
	 * optimizations, which pause reads (README, Container optimizations).
	 * @param containerOptimizations whether the container optimizations are on
	 * @return whether publishers are held back
	 */
	protected boolean publishersAreHeldBack(boolean containerOptimizations) {
		return containerOptimizations;
	}

	/**
	 * How long a close toward a client that does not read may take to end the
	 * connection: the send time limit, and a second for the registry's timer (a tick of
	 * 250 ms) and the socket's release.
	 * @param sendTimeLimit the send time limit of the session's endpoint
	 * @param containerOptimizations whether the container optimizations are on
	 * @return the bound
	 */
	protected Duration closeTowardAClientThatDoesNotReadEndsWithin(Duration sendTimeLimit,
			boolean containerOptimizations) {
		return sendTimeLimit.plusSeconds(1);
	}

	/**
	 * The container's own pong held a thread of the server once the client's pongs
	 * backed up, for no longer than the send time limit, and the container then closed
	 * the connection (Tomcat's close frame on an error waits 50 ms at most) and released
	 * its socket: the client is dropped, and the thread released, within the send time
	 * limit and a second. Without multi-ws waking Tomcat's poller once Tomcat reported
	 * the error, the JDK would keep the socket until the poller's next select, up to a
	 * second later.
	 */
	private static void assertDroppedByTheContainersPong(FloodWatch watch, PingFlood flood, Duration bound) {
		assertThat(watch.blockedSinceNanos()).as("a server thread waiting in the container's pong").isPositive();
		assertThat(Duration.ofNanos(flood.goneNanos() - watch.blockedSinceNanos()))
			.as("time from a thread blocked in a pong to the client dropped")
			.isLessThan(bound);
		await("no server thread waiting in a pong once the client is gone").pollInterval(POLL)
			.atMost(Duration.ofSeconds(1))
			.until(() -> ControlFrameAttackServer.threadWaitingInAPong() == null);
	}

	/**
	 * Pings over the inbound rate close the session with 1008. The client reads the close
	 * frame unless the server closed the connection with pings of it still unread: then
	 * TCP resets it and the frame may be lost on the way (Reactor Netty closes the
	 * connection once it has written its close frame), and what is asserted is that the
	 * server closed it for its rate.
	 */
	private static void pingsOverTheInboundRateClose(ControlFrameAttackServer server) throws IOException {
		long closedForRate = server.admission().refusals(WsRefusalReason.INBOUND_RATE_CLOSED);
		try (RawWsClient client = RawWsClient.upgrade(server.port(), "/pinged/rate", Map.of(), 0)) {
			assertThat(client.status()).as(client.response()).isEqualTo(101);
			byte[] ping = RawWsClient.frame(0x9, "are you there".getBytes(StandardCharsets.UTF_8));
			for (int i = 0; i < 3 * PINGS_PER_SECOND; i++) {
				client.write(ping);
			}
			int pongs = 0;
			RawWsClient.Frame frame;
			try {
				while ((frame = client.readFrame()).opcode() != 0x8) {
					pongs += (frame.opcode() == 0xA) ? 1 : 0;
				}
			}
			catch (IOException ex) {
				assertThat(server.admission().refusals(WsRefusalReason.INBOUND_RATE_CLOSED))
					.as("sessions closed for their inbound rate, the connection ended without a close frame: " + ex)
					.isEqualTo(closedForRate + 1);
				assertThat(pongs).as("pongs before the connection ended").isLessThan(2 * PINGS_PER_SECOND);
				return;
			}
			assertThat(frame.closeCode()).as("close code for pings over the inbound rate").isEqualTo(1008);
			assertThat(frame.closeReason()).contains("Inbound message rate exceeded");
			assertThat(pongs).as("pongs before the close").isLessThan(2 * PINGS_PER_SECOND);
		}
	}

	@Test
	void aClientThatGoesOnPingingPastItsCloseForTheRateIsReadNoFurther() throws Exception {
		try (ControlFrameAttackServer server = ControlFrameAttackServer.start(FLOOD_PROPERTIES);
				PingFlood flood = PingFlood.start(server.port(), "/pinged/flood")) {
			await("the flooding client dropped").atMost(WAIT).until(flood::isGone);
			assertThat(flood.sentBytes()).as("bytes of pings the client wrote before it was dropped")
				.isLessThan(SOCKET_BUFFERS);
		}
	}

	@Test
	void anOnOpenThatFailsOnAClientThatDoesNotReadDropsItAndReleasesThePublisherItHeldBack() throws Exception {
		ControlFrameAttackEndpoints.failedWhileOpen = null;
		try (ControlFrameAttackServer server = ControlFrameAttackServer.start(PROPERTIES)) {
			boolean heldBack = publishersAreHeldBack(server.containerOptimizations());
			ControlFrameAttackEndpoints.publishersHeldBack = heldBack;
			String room = "/failing-open/room";
			try (WsTestConnection publisher = WsTestClient.forPort(server.port()).connect(room);
					ConnectionProbe peer = ConnectionProbe.connect(server.port(), room + "?fail")) {
				DefaultWsSession publisherSession = server.awaitSession(room,
						(session) -> !session.queryParameters().containsKey("fail"));
				DefaultWsSession failing = server.awaitSession(room,
						(session) -> session.queryParameters().containsKey("fail"));
				// The failing session waits in @OnOpen until its writer is stuck and the
				// publisher held back; where publishers are not held back, the publisher
				// sends no more than 16 messages (128 KiB) past what the failing session's
				// queue has written, so that its writer gets stuck short of its queue's
				// overflow (the echo waited for says that the server has read them)
				String message = "x".repeat(8 * 1024);
				for (int i = 0; i < 8000 && ControlFrameAttackEndpoints.failedWhileOpen == null; i++) {
					if (publisherSession.isReadingPaused()) {
						// Held back: wait for @OnOpen to see it and fail; if the failing
						// session's socket takes more meanwhile, the publisher reads again
						// before @OnOpen saw it, and sends on until it is held back again
						await("@OnOpen failed, or the publisher reading again").atMost(WAIT)
							.until(() -> ControlFrameAttackEndpoints.failedWhileOpen != null
									|| !publisherSession.isReadingPaused());
						continue;
					}
					publisher.sendText(message);
					if (!heldBack && i % 16 == 15) {
						publisher.sendText("echo:" + i);
						assertThat(publisher.awaitText(WAIT)).isEqualTo("echo:" + i);
						await("the failing session's queue written, or its @OnOpen failed").atMost(WAIT)
							.until(() -> failing.queuedBytes() == 0
									|| ControlFrameAttackEndpoints.failedWhileOpen != null);
					}
				}
				await("@OnOpen failed once the publisher was held back").atMost(WAIT)
					.until(() -> ControlFrameAttackEndpoints.failedWhileOpen != null);
				long failed = System.nanoTime();
				assertThat(ControlFrameAttackEndpoints.failedWhileOpen).as("the session open when its @OnOpen failed")
					.isTrue();
				await("the connection of the failed session gone").pollInterval(POLL)
					.atMost(WAIT)
					.until(peer::isGone);
				assertThat(Duration.ofNanos(peer.goneNanos() - failed)).as("time from @OnOpen failing to the drop")
					.isLessThan(closeTowardAClientThatDoesNotReadEndsWithin(FAILING_OPEN_SEND_TIME_LIMIT,
							server.containerOptimizations()));
				await("the publisher reading again").atMost(Duration.ofSeconds(1))
					.until(() -> !publisherSession.isReadingPaused());
				publisher.sendText("echo:again");
				assertThat(publisher.awaitText(Duration.ofSeconds(2))).isEqualTo("echo:again");
			}
			server.assertStopsPromptlyWithAHostileClient(SHUTDOWN_TIMEOUT);
		}
	}

	/**
	 * A close that {@code @OnOpen} causes while the container still runs the open (Tomcat
	 * takes a session into its close timeout only if it is still open once the open
	 * returns) ends the connection of a client that never answers the close as any other
	 * close does.
	 */
	@Test
	void anOnOpenThatFailsAtOnceEndsTheConnectionOfAClientThatNeverAnswersTheClose() throws Exception {
		try (ControlFrameAttackServer server = ControlFrameAttackServer.start(PROPERTIES)) {
			Duration bound = closeTowardAClientThatDoesNotReadEndsWithin(FAILING_OPEN_SEND_TIME_LIMIT,
					server.containerOptimizations());
			long upgraded = System.nanoTime();
			try (ConnectionProbe peer = ConnectionProbe.connect(server.port(), "/failing-open/at-once?failAtOnce")) {
				await("the connection of the session whose @OnOpen failed gone").pollInterval(POLL)
					.atMost(bound.plus(WAIT))
					.until(peer::isGone);
				assertThat(Duration.ofNanos(peer.goneNanos() - upgraded)).as("time from the upgrade to the drop")
					.isLessThan(bound);
			}
		}
	}

	@Test
	void aCloseTowardAClientThatDoesNotReadEndsTheConnectionWithinTheSendTimeLimitAndKeepsItsSlotUntilThen()
			throws Exception {
		try (ControlFrameAttackServer server = ControlFrameAttackServer.start(PROPERTIES)) {
			Duration bound = closeTowardAClientThatDoesNotReadEndsWithin(SEND_TIME_LIMIT, server.containerOptimizations());
			boolean slotHeld = slotHeldUntilTheSocketCloses(server.containerOptimizations());
			closeTowardAClientThatDoesNotRead(server, "/quiet/idle", false, bound, slotHeld);
			closeTowardAClientThatDoesNotRead(server, "/quiet/backed-up", true, bound, slotHeld);
			server.assertStopsPromptlyWithAHostileClient(SHUTDOWN_TIMEOUT);
		}
	}

	private static void closeTowardAClientThatDoesNotRead(ControlFrameAttackServer server, String path, boolean backedUp,
			Duration bound, boolean slotHeld) throws IOException {
		try (ConnectionProbe peer = ConnectionProbe.connect(server.port(), path)) {
			DefaultWsSession session = server.awaitSession(path);
			int slots = server.admission().sessions();
			assertThat(slots).as("admission slots with the client connected").isPositive();
			if (backedUp) {
				for (int i = 0; i < 2000 && session.queuedBytes() == 0; i++) {
					server.hubs().broadcast(path, CHUNK);
				}
				assertThat(session.queuedBytes()).as("messages backed up on the client").isPositive();
			}
			long closed = System.nanoTime();
			session.close(WsCloseStatus.NORMAL.withReason("Bye"));
			List<long[]> slotSamples = new ArrayList<>();
			// Tomcat's own thread may throw as the dropped connection ends mid-message
			// (WebFlux on Tomcat: "Message will not be sent because the WebSocket session
			// has been closed"), which is no failure of the server's
			await("the closed connection gone").dontCatchUncaughtExceptions()
				.pollInterval(POLL)
				.atMost(WAIT)
				.until(() -> {
					slotSamples.add(new long[] { System.nanoTime(), server.admission().sessions() });
					return peer.isGone();
				});
			// When the probe last found the connection open, not when it first found it gone:
			// a probe that a busy machine deschedules finds it gone late, not the server
			// late; a server that holds the connection is found open past the bound
			assertThat(Duration.ofNanos(peer.lastOpenNanos() - closed))
				.as("time from the close to the connection last found open (found gone %s after the close)",
						Duration.ofNanos(peer.goneNanos() - closed))
				.isLessThan(bound);
			for (long[] sample : slotSamples) {
				if (slotHeld && sample[0] < peer.certainlyOpenNanos()) {
					assertThat(sample[1])
						.as("admission slots %s after the close, the socket found open %s after it",
								Duration.ofNanos(sample[0] - closed), Duration.ofNanos(peer.certainlyOpenNanos() - closed))
						.isEqualTo(slots);
				}
			}
			await("the slot given back once the socket is closed").dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(1))
				.until(() -> server.admission().sessions() == slots - 1);
		}
	}

	/**
	 * What a ping flood does to the server, sampled as it goes: since when the client has
	 * kept the session's writer waiting (the session's own measure, which the send time
	 * limit applies to), the peak of retained memory, and any server thread caught
	 * waiting in a pong.
	 */
	private static final class FloodWatch {

		private static final long SAME_WAIT_NANOS = Duration.ofMillis(5).toNanos();

		private static final long MEMORY_SAMPLE_NANOS = Duration.ofSeconds(1).toNanos();

		private final long baseline;

		private long peak;

		private long lastMemorySample;

		private long stalledNanos;

		private @Nullable String blockedThread;

		private long blockedSinceNanos;

		private long waitingBeforeNanos;

		private @Nullable String waitingBefore;

		FloodWatch(long baseline) {
			this.baseline = baseline;
			this.peak = baseline;
		}

		/**
		 * Take a sample.
		 * @return always {@code false}, to be polled until something else is true
		 */
		boolean sample(DefaultWsSession session, PingFlood flood) {
			long now = System.nanoTime();
			if (this.blockedThread == null) {
				// A thread that waits in a pong in two samples in a row (20 ms apart) is
				// blocked; one caught once may only be taking the writer's lock
				String waiting = ControlFrameAttackServer.threadWaitingInAPong();
				if (waiting != null && waiting.equals(this.waitingBefore)) {
					this.blockedThread = waiting;
					this.blockedSinceNanos = this.waitingBeforeNanos;
				}
				this.waitingBefore = waiting;
				this.waitingBeforeNanos = now;
			}
			Duration wait = (flood.isGone() || !session.isOpen()) ? null : session.writeWait();
			if (wait != null && wait.isZero()) {
				this.stalledNanos = 0;
			}
			else if (wait != null && Math.abs(now - wait.toNanos() - this.stalledNanos) > SAME_WAIT_NANOS) {
				this.stalledNanos = now - wait.toNanos();
			}
			if (now - this.lastMemorySample >= MEMORY_SAMPLE_NANOS) {
				this.peak = Math.max(this.peak, ControlFrameAttackServer.retainedBytes());
				this.lastMemorySample = System.nanoTime();
			}
			return false;
		}

		boolean isOverBudget() {
			return peakGrowth() >= FLOOD_ALLOWANCE;
		}

		long peakGrowth() {
			return this.peak - this.baseline;
		}

		long stalledNanos() {
			return this.stalledNanos;
		}

		@Nullable String blockedThread() {
			return this.blockedThread;
		}

		long blockedSinceNanos() {
			return this.blockedSinceNanos;
		}

	}

}
