package io.multiws.benchmarks.load;

import java.time.Duration;
import java.util.Arrays;

/**
 * {@code requests}: the cost of request-reply against plain echo on the same multi-ws
 * server. E connections to {@code /echo/{id}} and E to {@code /echo-requests/{id}} (the
 * same echo with replies enabled), each set in a closed loop of B-byte round trips in
 * turn: after a warm-up of both, R pairs of measured windows of T seconds, echo and
 * requests alternating which goes first, so that a loaded machine weighs on both alike.
 * A request is {@code ?<n>:<payload>} and its reply must be {@code =<n>:<payload>}; an
 * echo must come back unchanged. Reports the server CPU per round trip of each, and the
 * ratio requests / echo of each pair as min, median and max. Baselines have no replies:
 * the scenario skips them.
 *
 * @author multi-ws team
 */
final class RequestsScenario implements Scenario {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final int connections;

	private final int bytes;

	private final Duration warmUp;

	private final Duration window;

	private final int pairs;

	RequestsScenario(int connections, int bytes, Duration warmUp, Duration window, int pairs) {
		this.connections = connections;
		this.bytes = bytes;
		this.warmUp = warmUp;
		this.window = window;
		this.pairs = pairs;
	}

	@Override
	public String name() {
		return "requests";
	}

	@Override
	public String description() {
		return this.connections + " connections each to /echo and /echo-requests, closed loops of " + this.bytes
				+ "-byte text in turn, " + this.pairs + " pairs of " + this.window.toMillis()
				+ " ms windows (order alternating) after " + this.warmUp.toMillis() + " ms warm-up of each";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		if (server.name().startsWith("baseline")) {
			return result;
		}
		EchoLoop echo = open(server, client, "/echo/", false, result);
		EchoLoop requests = open(server, client, "/echo-requests/", true, result);
		warmUp(echo);
		warmUp(requests);
		double[] echoCpu = new double[this.pairs];
		double[] requestCpu = new double[this.pairs];
		double[] ratios = new double[this.pairs];
		for (int pair = 0; pair < this.pairs; pair++) {
			boolean echoFirst = pair % 2 == 0;
			double first = measure(echoFirst ? echo : requests, server);
			double second = measure(echoFirst ? requests : echo, server);
			echoCpu[pair] = echoFirst ? first : second;
			requestCpu[pair] = echoFirst ? second : first;
			ratios[pair] = requestCpu[pair] / echoCpu[pair];
		}
		Arrays.sort(ratios);
		result.put("echo server CPU µs/round trip", Report.median(echoCpu));
		result.put("request server CPU µs/round trip", Report.median(requestCpu));
		result.put("request/echo CPU ratio (median of pairs)", Report.median(ratios));
		result.put("request/echo CPU ratio (min)", ratios[0]);
		result.put("request/echo CPU ratio (max)", ratios[ratios.length - 1]);
		result.put("echo round trips/s", echo.measured() / (this.window.toMillis() / 1000.0 * this.pairs));
		result.put("request round trips/s", requests.measured() / (this.window.toMillis() / 1000.0 * this.pairs));
		result.put("wrong replies", echo.wrong() + requests.wrong());
		result.expect("wrong replies", echo.wrong() + requests.wrong(), 0);
		if (echo.measured() == 0 || requests.measured() == 0) {
			result.problem("no round trip completed");
		}
		echo.close(TIMEOUT);
		requests.close(TIMEOUT);
		return result;
	}

	private EchoLoop open(ServerProcess server, WsClient client, String prefix, boolean request, Result result)
			throws InterruptedException {
		EchoLoop loop = EchoLoop.open(server, client, prefix, this.connections, this.bytes, request, TIMEOUT);
		result.expect("failed handshakes on " + prefix, loop.failures(), 0);
		return loop;
	}

	private void warmUp(EchoLoop loop) throws InterruptedException {
		loop.start();
		Thread.sleep(this.warmUp.toMillis());
		loop.stop(TIMEOUT);
	}

	/**
	 * Run a measured window.
	 * @return the server's CPU per round trip in the window, in microseconds
	 */
	private double measure(EchoLoop loop, ServerProcess server) throws InterruptedException {
		long before = loop.measured();
		loop.start();
		// Let every connection have a round trip in flight before the window opens
		Thread.sleep(100);
		loop.measuring(true);
		Result.Window window = new Result.Window(server);
		Thread.sleep(this.window.toMillis());
		loop.measuring(false);
		window.end();
		loop.stop(TIMEOUT);
		long trips = loop.measured() - before;
		return (trips > 0) ? window.serverCpuMillis() * 1000 / trips : Double.NaN;
	}

}
