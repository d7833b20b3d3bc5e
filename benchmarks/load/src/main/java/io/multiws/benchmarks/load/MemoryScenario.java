package io.multiws.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code memory}: resident memory and heap per idle connection. The server is warmed up
 * with a few connections, measured after a full GC, then holds C idle connections over H
 * rooms and is measured again after a full GC; the difference is divided by C.
 *
 * @author multi-ws team
 */
final class MemoryScenario implements Scenario {

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final int connections;

	private final int rooms;

	MemoryScenario(int connections, int rooms) {
		this.connections = connections;
		this.rooms = rooms;
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public String description() {
		return this.connections + " idle connections over " + this.rooms
				+ " rooms, minus the same process idle, after a full GC each";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		int run = RUNS.incrementAndGet();
		WsClient.Opened warmUp = client.connectAll(uris(server, "/rooms/mw-" + run + "-", 200), 64,
				WsClient.Listener.IGNORE, TIMEOUT);
		WsClient.closeAll(warmUp.connections(), TIMEOUT);
		server.awaitSessions(0, Duration.ofSeconds(10));
		MemorySample idle = MemorySample.of(server, "memory-idle");
		WsClient.Opened opened = client.connectAll(uris(server, "/rooms/m-" + run + "-", this.connections), 64,
				WsClient.Listener.IGNORE, TIMEOUT);
		result.expect("failed handshakes", opened.failures(), 0);
		int held = opened.connections().size();
		result.expect("sessions on the server", ConnectScenario.sessionsWhenSettled(server, held), held);
		MemorySample loaded = MemorySample.of(server, "memory-loaded");
		result.put("RSS KB/connection",
				(loaded.residentKilobytes() - idle.residentKilobytes()) / (double) Math.max(1, held));
		result.put("live heap KB/connection",
				(loaded.liveHeapKilobytes() - idle.liveHeapKilobytes()) / (double) Math.max(1, held));
		result.put("RSS idle MB", idle.residentKilobytes() / 1024.0);
		result.put("RSS loaded MB", loaded.residentKilobytes() / 1024.0);
		WsClient.closeAll(opened.connections(), TIMEOUT);
		return result;
	}

	private List<URI> uris(ServerProcess server, String prefix, int count) {
		List<URI> uris = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			uris.add(server.ws(prefix + (i % this.rooms)));
		}
		return uris;
	}

}
