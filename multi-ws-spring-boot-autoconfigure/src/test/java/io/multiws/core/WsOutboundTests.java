package io.multiws.core;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WsOutbound}'s paths that only a transport which fails, or pings beside
 * queued messages, reaches: a failed write closes its session with 1011 "Send failed"
 * and gives back the publishers it held; a ping takes the writer like a message, never
 * overlaps a write and is followed by what was queued meanwhile.
 *
 * @author multi-ws team
 */
class WsOutboundTests {

	private static final WsCloseStatus SEND_FAILED = WsCloseStatus.SERVER_ERROR.withReason("Send failed");

	/**
	 * A send time limit that no test reaches, in ticks.
	 */
	private static final long NO_SEND_LIMIT = Long.MAX_VALUE / 2;

	private final List<DefaultWsHubs> registries = new ArrayList<>();

	private int ids;

	@AfterEach
	void stop() {
		this.registries.forEach(DefaultWsHubs::stop);
		this.registries.forEach(DefaultWsHubs::destroy);
	}

	@Test
	void aWriteThatCompletesWithAFailureClosesTheSessionWith1011() {
		DefaultWsHubs hubs = hubs(EndpointSettings.defaults(), new Silent());
		RecordingTransport transport = new RecordingTransport();
		transport.failure = new IOException("Broken pipe");
		DefaultWsSession session = session(hubs, transport);
		session.opened();
		session.sendText("lost");
		await("the session aborted").atMost(Duration.ofSeconds(5)).until(() -> transport.aborted != null);
		assertThat(transport.aborted).isEqualTo(SEND_FAILED);
		assertThat(session.isOpen()).isFalse();
		assertThat(session.sendText("after the failure")).isFalse();
		await("the session left its hub").atMost(Duration.ofSeconds(5)).until(() -> hubs.count() == 0);
	}

	@Test
	void aWriteThatThrowsClosesTheSessionWith1011() {
		DefaultWsHubs hubs = hubs(EndpointSettings.defaults(), new Silent());
		RecordingTransport transport = new RecordingTransport();
		transport.thrown = new IllegalStateException("Connection reset");
		DefaultWsSession session = session(hubs, transport);
		session.opened();
		session.sendText("lost");
		await("the session aborted").atMost(Duration.ofSeconds(5)).until(() -> transport.aborted != null);
		assertThat(transport.aborted).isEqualTo(SEND_FAILED);
		assertThat(session.isOpen()).isFalse();
	}

	@Test
	void aWriteThatFailsWithMessagesQueuedDropsThemAndReleasesThePublishersItHeld() {
		DefaultWsHubs hubs = hubs(withOverflow(OverflowPolicy.CLOSE, 100), new Broadcasting());
		RecordingPacing reads = new RecordingPacing();
		DefaultWsSession publisher = session(hubs, new RecordingTransport()).readPacing(reads);
		RecordingTransport recipientTransport = new RecordingTransport();
		recipientTransport.holdWrites = true;
		DefaultWsSession recipient = session(hubs, recipientTransport);
		publisher.opened();
		recipient.opened();
		for (int i = 0; i < 4; i++) {
			publisher.received("x".repeat(20));
		}
		assertThat(reads.calls).as("the publisher held by the recipient's queue").containsExactly("pause");
		assertThat(recipient.queuedBytes()).isEqualTo(60);
		recipientTransport.completeHeldWrite(new IOException("Broken pipe"));
		assertThat(reads.calls).as("the publisher released by the failure").containsExactly("pause", "resume");
		assertThat(recipient.queuedBytes()).isZero();
		await("the recipient aborted").atMost(Duration.ofSeconds(5))
			.until(() -> recipientTransport.aborted != null);
		assertThat(recipientTransport.aborted).isEqualTo(SEND_FAILED);
		assertThat(recipientTransport.events).as("nothing written after the failure").containsExactly("send x20");
		assertThat(publisher.isOpen()).isTrue();
	}

	/**
	 * A container that learns of the failure itself may report the connection closed
	 * (1006) before the registry's timer thread runs the abort: {@code @OnClose} must
	 * still be told that the write failed.
	 */
	@Test
	void aFailedWriteReportedClosedByTheContainerBeforeTheAbortRunsIsClosedWith1011() throws Exception {
		ClosesRecorded handler = new ClosesRecorded();
		DefaultWsHubs hubs = hubs(EndpointSettings.defaults(), handler);
		RecordingTransport transport = new RecordingTransport();
		transport.holdWrites = true;
		DefaultWsSession session = session(hubs, transport);
		session.opened();
		session.sendText("lost");
		CountDownLatch timerHeld = new CountDownLatch(1);
		CountDownLatch releaseTimer = new CountDownLatch(1);
		hubs.sweeper().scheduler().execute(() -> {
			timerHeld.countDown();
			awaitQuietly(releaseTimer);
		});
		assertThat(timerHeld.await(5, TimeUnit.SECONDS)).as("the timer thread held").isTrue();
		try {
			transport.completeHeldWrite(new IOException("Broken pipe"));
			session.closed(WsCloseStatus.NO_CLOSE_FRAME.withReason("Broken pipe"));
		}
		finally {
			releaseTimer.countDown();
		}
		assertThat(handler.closes).as("what @OnClose was told").containsExactly(SEND_FAILED);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aPingWaitsForTheWriteInFlightAndThenGoesOutBeforeNothingElse() {
		DefaultWsHubs hubs = hubs(EndpointSettings.defaults(), new Silent());
		RecordingTransport transport = new RecordingTransport();
		transport.holdWrites = true;
		DefaultWsSession session = session(hubs, transport);
		session.opened();
		session.sendText("first");
		session.sendText("queued");
		session.liveness().checkTimers(hubs.sweeper().tick() + 1000, 1, 0, NO_SEND_LIMIT);
		assertThat(transport.events).as("no ping while a write is in flight").containsExactly("send first");
		transport.completeHeldWrite(null);
		transport.completeHeldWrite(null);
		assertThat(transport.events).containsExactly("send first", "send queued");
		session.liveness().checkTimers(hubs.sweeper().tick() + 2000, 1, 0, NO_SEND_LIMIT);
		assertThat(transport.events).as("a ping once the writer is idle")
			.containsExactly("send first", "send queued", "ping");
	}

	@Test
	void messagesOfferedDuringAPingAreQueuedAndWrittenAfterIt() {
		DefaultWsHubs hubs = hubs(EndpointSettings.defaults(), new Silent());
		RecordingTransport transport = new RecordingTransport();
		DefaultWsSession session = session(hubs, transport);
		transport.duringPing = () -> {
			assertThat(session.sendText("during the ping")).isTrue();
			assertThat(transport.events).as("nothing written while the ping has the writer").containsExactly("ping");
		};
		session.opened();
		session.liveness().checkTimers(hubs.sweeper().tick() + 1000, 1, 0, NO_SEND_LIMIT);
		assertThat(transport.events).containsExactly("ping", "send during the ping");
		assertThat(session.sendText("after")).isTrue();
		assertThat(transport.events).containsExactly("ping", "send during the ping", "send after");
	}

	@Test
	void aPingThatFailsLeavesTheWriterFreeForWhatWasQueued() {
		DefaultWsHubs hubs = hubs(EndpointSettings.defaults(), new Silent());
		RecordingTransport transport = new RecordingTransport();
		DefaultWsSession session = session(hubs, transport);
		transport.duringPing = () -> {
			session.sendText("queued behind the ping");
			throw new IllegalStateException("Ping failed");
		};
		session.opened();
		session.liveness().checkTimers(hubs.sweeper().tick() + 1000, 1, 0, NO_SEND_LIMIT);
		assertThat(transport.events).containsExactly("ping", "send queued behind the ping");
		assertThat(session.isOpen()).isTrue();
	}

	private DefaultWsHubs hubs(EndpointSettings settings, WsEndpointHandler handler) {
		WsEndpointDefinition endpoint = new WsEndpointDefinition("rooms", new Object(),
				List.of(PathPatternParser.defaultInstance.parse("/rooms/{room}")), settings, handler);
		// Pings and idle checks off: the tests call the timers themselves
		DefaultWsHubs hubs = new DefaultWsHubs(new WsEndpointMappings(List.of(endpoint), 256), new LocalWsRelay(),
				new WsPayloadEncoder(WsJsonCodec.unavailable()), (event) -> {
				}, new DefaultWsHubs.Settings(100, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
		hubs.start();
		this.registries.add(hubs);
		return hubs;
	}

	private DefaultWsSession session(DefaultWsHubs hubs, WsTransport transport) {
		WsEndpointMatch match = hubs.mappings().match("/rooms/a");
		assertThat(match).isNotNull();
		return new DefaultWsSession("s" + (++this.ids), match, hubs, transport, URI.create("/rooms/a"),
				HttpHeaders.EMPTY, null, null, new ConcurrentHashMap<>());
	}

	private static EndpointSettings withOverflow(OverflowPolicy policy, int bufferSize) {
		EndpointSettings d = EndpointSettings.defaults();
		return new EndpointSettings(d.originPolicy(), d.subprotocols(), d.maxHubs(), d.maxSessionsPerHub(),
				d.hubEmptyTimeout(), d.maxTextMessageSize(), d.maxBinaryMessageSize(), d.sendTimeLimit(), bufferSize,
				policy, false);
	}

	static class Silent implements WsEndpointHandler {

		@Override
		public boolean acceptsText() {
			return true;
		}

		@Override
		public boolean acceptsBinary() {
			return true;
		}

		@Override
		public void onOpen(WsSession session) {
		}

		@Override
		public void onText(WsSession session, String text) {
		}

		@Override
		public void onBinary(WsSession session, ByteBuffer bytes) {
		}

		@Override
		public void onClose(WsSession session, WsCloseStatus status) {
		}

	}

	/**
	 * Broadcasts every text message to the session's hub.
	 */
	static class Broadcasting extends Silent {

		@Override
		public void onText(WsSession session, String text) {
			session.hub().broadcast(text);
		}

	}

	/**
	 * Records the status of each {@code @OnClose}.
	 */
	static class ClosesRecorded extends Silent {

		final List<WsCloseStatus> closes = new CopyOnWriteArrayList<>();

		@Override
		public void onClose(WsSession session, WsCloseStatus status) {
			this.closes.add(status);
		}

	}

	static class RecordingPacing implements WsReadPacing {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Override
		public void pauseReading() {
			this.calls.add("pause");
		}

		@Override
		public void resumeReading() {
			this.calls.add("resume");
		}

	}

	/**
	 * Records writes and pings in order; completes each write at once (with
	 * {@link #failure} if set), throws {@link #thrown} from {@code send} if set, or holds
	 * each write until told to complete it.
	 */
	static class RecordingTransport implements WsTransport {

		final List<String> events = new CopyOnWriteArrayList<>();

		volatile boolean holdWrites;

		volatile @Nullable Throwable failure;

		volatile @Nullable RuntimeException thrown;

		volatile @Nullable Runnable duringPing;

		volatile @Nullable SendCallback held;

		volatile @Nullable WsCloseStatus aborted;

		@Override
		public void send(List<WsPayload> messages, SendCallback callback) {
			RuntimeException thrown = this.thrown;
			if (thrown != null) {
				throw thrown;
			}
			for (WsPayload message : messages) {
				String text = message.asText();
				this.events.add("send " + (text.matches("x+") ? "x" + text.length() : text));
			}
			if (this.holdWrites) {
				this.held = callback;
			}
			else {
				callback.sendComplete(this.failure);
			}
		}

		void completeHeldWrite(@Nullable Throwable failure) {
			SendCallback callback = this.held;
			assertThat(callback).as("a write in flight").isNotNull();
			this.held = null;
			callback.sendComplete(failure);
		}

		@Override
		public void ping() {
			this.events.add("ping");
			Runnable action = this.duringPing;
			if (action != null) {
				action.run();
			}
		}

		@Override
		public void close(WsCloseStatus status) {
		}

		@Override
		public void abort(WsCloseStatus status) {
			this.aborted = status;
		}

		@Override
		public <T> @Nullable T unwrap(Class<T> type) {
			return null;
		}

	}

}
