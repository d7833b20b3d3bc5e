package io.multiws.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code connect}: C connections over H distinct room paths, at most 64 handshakes in
 * flight, after a warm-up round; handshakes per second and failures.
 *
 * @author multi-ws team
 */
final class ConnectScenario implements Scenario {

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static final int IN_FLIGHT = 64;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final int connections;

	private final int paths;

	ConnectScenario(int connections, int paths) {
		this.connections = connections;
		this.paths = paths;
	}

	@Override
	public String name() {
		return "connect";
	}

	@Override
	public String description() {
		return this.connections + " connections over " + this.paths + " room paths, " + IN_FLIGHT
				+ " handshakes in flight";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		int run = RUNS.incrementAndGet();
		WsClient.Opened warmUp = client.connectAll(uris(server, "w" + run, this.connections / 5), IN_FLIGHT,
				WsClient.Listener.IGNORE, TIMEOUT);
		WsClient.closeAll(warmUp.connections(), TIMEOUT);
		server.awaitSessions(0, Duration.ofSeconds(10));
		List<URI> uris = uris(server, "c" + run, this.connections);
		Result.Window window = new Result.Window(server);
		WsClient.Opened opened = client.connectAll(uris, IN_FLIGHT, WsClient.Listener.IGNORE, TIMEOUT);
		window.end().report(result, opened.connections().size(), "handshake");
		result.put("failures", opened.failures());
		result.expect("failed handshakes", opened.failures(), 0);
		result.expect("sessions on the server", sessionsWhenSettled(server, opened.connections().size()),
				opened.connections().size());
		WsClient.closeAll(opened.connections(), TIMEOUT);
		result.expect("hubs left after closing", server.awaitSessions(0, Duration.ofSeconds(10)) ? 0
				: server.hubSessions().size(), 0);
		return result;
	}

	private List<URI> uris(ServerProcess server, String prefix, int count) {
		List<URI> uris = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			uris.add(server.ws("/rooms/" + prefix + "-" + (i % this.paths)));
		}
		return uris;
	}

	static int sessionsWhenSettled(ServerProcess server, int expected) throws Exception {
		if (server.awaitSessions(expected, Duration.ofSeconds(10))) {
			return expected;
		}
		return server.hubSessions().stream().mapToInt(Integer::intValue).sum();
	}

}
