package io.multiws.benchmarks.load;

import java.time.Duration;

/**
 * {@code echo}: E connections to {@code /echo/{id}}, each in a closed loop of B-byte
 * round trips for T seconds after a warm-up; round trips per second, p50 and p99, every
 * reply compared with what was sent.
 *
 * @author multi-ws team
 */
final class EchoScenario implements Scenario {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final int connections;

	private final int bytes;

	private final Duration warmUp;

	private final Duration duration;

	EchoScenario(int connections, int bytes, Duration warmUp, Duration duration) {
		this.connections = connections;
		this.bytes = bytes;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	@Override
	public String name() {
		return "echo";
	}

	@Override
	public String description() {
		return this.connections + " connections, closed loop, " + this.bytes + "-byte text, " + this.duration.toSeconds()
				+ " s after " + this.warmUp.toMillis() + " ms warm-up";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		EchoLoop loop = EchoLoop.open(server, client, "/echo/", this.connections, this.bytes, false, TIMEOUT);
		result.expect("failed handshakes", loop.failures(), 0);
		loop.start();
		Thread.sleep(this.warmUp.toMillis());
		loop.measuring(true);
		Result.Window window = new Result.Window(server);
		Thread.sleep(this.duration.toMillis());
		loop.measuring(false);
		window.end();
		long missing = loop.stop(TIMEOUT);
		window.report(result, loop.measured(), "round trip");
		result.put("p50 µs", loop.latencies().percentile(50) / 1e3);
		result.put("p99 µs", loop.latencies().percentile(99) / 1e3);
		result.put("wrong replies", loop.wrong());
		result.expect("wrong replies", loop.wrong(), 0);
		result.expect("replies still missing", missing, 0);
		if (loop.measured() == 0) {
			result.problem("no round trip completed");
		}
		loop.close(TIMEOUT);
		return result;
	}

}
