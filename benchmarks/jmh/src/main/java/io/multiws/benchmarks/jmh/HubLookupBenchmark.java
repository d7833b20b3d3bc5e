package io.multiws.benchmarks.jmh;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.multiws.core.WsEndpointMatch;
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

/**
 * What an upgrade costs before the handshake: map the raw path to its endpoint and hub
 * key ({@code WsEndpointMappings.match}), then find the live hub in the registry, with 10
 * to 100 000 live hubs. The lookups cycle over {@code spread} distinct live hubs spread
 * over the whole registry: 16 is a server with a few busy rooms, whose hubs stay in the
 * CPU caches; 1 024 touches a different part of a large registry almost every time. Setting up 100 000 sessions leaves the collector
 * busy for a few seconds, hence the longer warm-up.
 *
 * @author multi-ws team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class HubLookupBenchmark {

	private static final int PROBES = 1024;

	@Param({ "10", "1000", "100000" })
	public int hubs;

	@Param({ "16", "1024" })
	public int spread;

	private final String[] probes = new String[PROBES];

	private MultiWsRuntime runtime;

	private int next;

	@Setup(Level.Trial)
	public void openHubs() {
		this.runtime = new MultiWsRuntime(Map.of("rooms", new MultiWsRuntime.Endpoint("/rooms/{room}", new RoomEndpoint())));
		for (int i = 0; i < this.hubs; i++) {
			this.runtime.open("/rooms/room-" + i);
		}
		Assert.state(this.runtime.hubs().count() == this.hubs, "Hubs not all live");
		int distinct = Math.min(this.spread, this.hubs);
		for (int i = 0; i < PROBES; i++) {
			long hub = (long) (i % distinct) * this.hubs / distinct;
			this.probes[i] = new String("/rooms/room-" + hub);
		}
		System.gc();
	}

	@Benchmark
	public Optional<WsHub> matchAndFind() {
		String path = this.probes[this.next++ & (PROBES - 1)];
		WsEndpointMatch match = this.runtime.mappings().match(path);
		return this.runtime.hubs().find(match.path());
	}

}
