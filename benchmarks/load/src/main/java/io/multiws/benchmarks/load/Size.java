package io.multiws.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How big a run is: {@code tiny} is a smoke run of a few seconds per server, {@code small}
 * a quick look, {@code full} the figures of RESULTS.md (under 10 minutes on 2 cores).
 *
 * @author multi-ws team
 */
enum Size {

	/**
	 * A smoke run: one repeat, one process per server for every scenario.
	 */
	TINY(1, true) {

		@Override
		List<Scenario> scenarios() {
			return List.of(new ConnectScenario(200, 50),
					new EchoScenario(10, 128, Duration.ofMillis(300), Duration.ofSeconds(1)),
					new FanoutScenario(20, 8, 128, Duration.ofMillis(300), Duration.ofSeconds(1)),
					new HubsScenario(300, 2), new MemoryScenario(200, 50), new BurstScenario(4, 200, 16 * 1024, false),
					new BurstScenario(4, 200, 16 * 1024, true),
					new RequestsScenario(10, 128, Duration.ofMillis(300), Duration.ofMillis(500), 2));
		}

	},

	/**
	 * A quick look: two repeats, a fresh process per run.
	 */
	SMALL(2, false) {

		@Override
		List<Scenario> scenarios() {
			return List.of(new ConnectScenario(2000, 400),
					new EchoScenario(50, 128, Duration.ofSeconds(1), Duration.ofSeconds(3)),
					new FanoutScenario(200, 16, 128, Duration.ofSeconds(1), Duration.ofSeconds(3)),
					new HubsScenario(5000, 4), new MemoryScenario(2000, 400),
					new BurstScenario(10, 1000, 16 * 1024, false), new BurstScenario(10, 1000, 16 * 1024, true),
					new RequestsScenario(50, 128, Duration.ofSeconds(1), Duration.ofSeconds(1), 4));
		}

	},

	/**
	 * The figures of the issue: three repeats, a fresh process per run.
	 */
	FULL(3, false) {

		@Override
		List<Scenario> scenarios() {
			return List.of(new ConnectScenario(5000, 1000),
					new EchoScenario(50, 128, Duration.ofSeconds(5), Duration.ofSeconds(4)),
					new FanoutScenario(500, 16, 128, Duration.ofMillis(1500), Duration.ofSeconds(4)),
					new HubsScenario(20_000, 4), new MemoryScenario(5000, 1000),
					new BurstScenario(10, 1000, 16 * 1024, false), new BurstScenario(10, 1000, 16 * 1024, true),
					new RequestsScenario(50, 128, Duration.ofSeconds(5), Duration.ofSeconds(2), 6));
		}

	};

	private final int repeats;

	private final boolean reuseProcess;

	Size(int repeats, boolean reuseProcess) {
		this.repeats = repeats;
		this.reuseProcess = reuseProcess;
	}

	abstract List<Scenario> scenarios();

	int repeats() {
		return this.repeats;
	}

	boolean reuseProcess() {
		return this.reuseProcess;
	}

	static Size of(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
