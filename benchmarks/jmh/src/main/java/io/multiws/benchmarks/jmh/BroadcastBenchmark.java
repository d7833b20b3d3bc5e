package io.multiws.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.multiws.features.HubFeatureSettings;
import io.multiws.hub.WsHub;
import io.multiws.sample.rooms.RoomEndpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.util.Assert;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One broadcast of a 64-character text to a hub of 1, 100 and 10 000 sessions:
 * {@link WsHub#broadcast(Object)} (encode once, queue per session, write through the
 * transport) against the hand-written baseline's loop over a set of
 * {@link ConcurrentWebSocketSessionDecorator}s.
 *
 * @author multi-ws team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BroadcastBenchmark {

	private static final String TEXT = "x".repeat(64);

	@Param({ "1", "100", "10000" })
	public int sessions;

	/**
	 * Whether the hub keeps the last 50 broadcasts (issue 13's target: within 1.2x of
	 * none).
	 */
	@Param({ "false", "true" })
	public boolean history;

	private final Set<WebSocketSession> plainRoom = ConcurrentHashMap.newKeySet();

	private WsHub hub;

	@Setup(Level.Trial)
	public void openSessions() {
		HubFeatureSettings features = this.history
				? new HubFeatureSettings(50, Duration.ZERO, 256 * 1024, false, false, false) : HubFeatureSettings.none();
		MultiWsRuntime runtime = new MultiWsRuntime(
				Map.of("rooms", new MultiWsRuntime.Endpoint("/rooms/{room}", new RoomEndpoint(), features)));
		for (int i = 0; i < this.sessions; i++) {
			runtime.open("/rooms/bench");
			this.plainRoom.add(new ConcurrentWebSocketSessionDecorator(
					new CountingWebSocketSession(Integer.toString(i), URI.create("ws://localhost/rooms/bench")), 10_000,
					1_048_576));
		}
		this.hub = runtime.hubs().find("/rooms/bench").orElseThrow();
		Assert.state(this.hub.size() == this.sessions, "Sessions not all joined");
	}

	@Benchmark
	public int multiWs() {
		return this.hub.broadcast(TEXT);
	}

	@Benchmark
	public int plainLoop() {
		TextMessage message = new TextMessage(TEXT);
		int sent = 0;
		for (WebSocketSession session : this.plainRoom) {
			try {
				session.sendMessage(message);
				sent++;
			}
			catch (IOException ex) {
				// Counted as not sent
			}
		}
		return sent;
	}

}
