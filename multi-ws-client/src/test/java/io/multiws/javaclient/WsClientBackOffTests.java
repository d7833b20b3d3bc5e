package io.multiws.javaclient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the reconnect delays of {@link WsClient}, against a port where nothing
 * listens, on a scheduler that records each delay the client asks for and runs the
 * attempt at once.
 *
 * @author multi-ws team
 */
class WsClientBackOffTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final RecordingScheduler scheduler = new RecordingScheduler();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void consecutiveDelaysDoubleUpToTheCap() {
		WsClient client = builder().jitter(() -> 0.0).connect();
		await("eight reconnects").atMost(WAIT).until(() -> this.scheduler.delays.size() >= 8);
		client.close();
		assertThat(this.scheduler.delays.subList(0, 8)).containsExactly(50L, 100L, 200L, 400L, 800L, 800L, 800L, 800L);
	}

	@Test
	void eachDelayHasItsJitterWithinBounds() {
		WsClient client = builder().connect();
		await("eight reconnects").atMost(WAIT).until(() -> this.scheduler.delays.size() >= 8);
		client.close();
		List<Long> delays = this.scheduler.delays.subList(0, 8);
		for (int attempt = 0; attempt < delays.size(); attempt++) {
			long step = Math.min(1600, 100L << attempt);
			assertThat(delays.get(attempt)).as("delay %d of %s", attempt, delays).isBetween(step / 2, step);
		}
	}

	@Test
	void theFirstFailedAttemptFailsOpenedAndTheClientGoesOn() {
		AtomicInteger reconnects = new AtomicInteger();
		try (WsClient client = builder().listener(new WsClientListener() {

			@Override
			public void onClose(int code, String reason, boolean reconnect) {
				assertThat(code).isEqualTo(1006);
				if (reconnect) {
					reconnects.incrementAndGet();
				}
			}

		}).connect()) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.withCauseInstanceOf(ConnectException.class);
			await("a second failed attempt").atMost(WAIT).until(() -> reconnects.get() >= 2);
		}
	}

	@Test
	void withoutReconnectTheFirstFailureIsTheLast() throws Exception {
		AtomicInteger closes = new AtomicInteger();
		try (WsClient client = builder().reconnect(false).listener(new WsClientListener() {

			@Override
			public void onClose(int code, String reason, boolean reconnect) {
				assertThat(reconnect).isFalse();
				closes.incrementAndGet();
			}

		}).connect()) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.withCauseInstanceOf(ConnectException.class);
			await("the close").atMost(WAIT).until(() -> closes.get() == 1);
			assertThat(this.scheduler.delays).isEmpty();
			assertThat(client.isConnected()).isFalse();
		}
	}

	private WsClient.Builder builder() {
		return WsClient.builder(URI.create("ws://127.0.0.1:" + closedPort() + "/nothing"))
			.backOff(Duration.ofMillis(100), Duration.ofMillis(1600))
			.scheduler(this.scheduler);
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Records the delay of each reconnect and runs it at once.
	 */
	private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {

		private final List<Long> delays = new CopyOnWriteArrayList<>();

		RecordingScheduler() {
			super(1);
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			this.delays.add(unit.toMillis(delay));
			return super.schedule(command, 0, unit);
		}

	}

}
