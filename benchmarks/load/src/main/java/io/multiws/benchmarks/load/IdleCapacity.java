package io.multiws.benchmarks.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory per connection at capacity (issue 23): for each server jar, started as the load
 * tool starts it ({@code -Xmx1g -XX:+UseG1GC}) with its connection and session caps
 * raised, measures the live heap (class histogram, which collects first) and the
 * resident memory (after a full GC) idle after a warm-up, then holding C connections over
 * H rooms of the sample ({@code /rooms/{room}}), then once every connection has sent
 * one text of B bytes (64 unless {@code --message-bytes} says otherwise) to its room
 * and every member has received all of its room's (a connection that has been used
 * once), and reports each per connection, minus the same process idle. The client opens
 * at most 64 handshakes at a time from 127.0.0.1; the ephemeral port range (32768-60999
 * by default) is the limit of one source address towards one server port, so up to
 * about 28 000 connections.
 * <pre>
 * java -cp benchmarks/load/target/load.jar io.multiws.benchmarks.load.IdleCapacity \
 *   [--connections=10000] [--rooms=1000] [--servers=name=path/to.jar,...] [--jvm-args="-Xmx1g ..."] \
 *   [--server-args="--management.observations.enable.http.server.requests=false ..."] [--message-bytes=64]
 * </pre>
 * By default the servers are the sample on Tomcat, on Jetty (when built with
 * {@code -Pjetty}) and the reactive sample on Reactor Netty.
 *
 * @author multi-ws team
 */
public final class IdleCapacity {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private static final List<String> CAPACITY_ARGS = List.of("--server.tomcat.max-connections=30000",
			"--server.jetty.max-connections=30000", "--multi-ws.limits.max-sessions=30000",
			"--multi-ws.max-hubs=30000");

	private IdleCapacity() {
	}

	/**
	 * Run the measurement and print a Markdown table.
	 * @param args {@code --connections=}, {@code --rooms=}, {@code --servers=},
	 * {@code --jvm-args=}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		ToolArguments arguments = ToolArguments.parse(args, "connections", "rooms", "message-bytes", "server-args",
				"jvm-args", "servers");
		int connections = arguments.number("connections", 10_000);
		int rooms = arguments.number("rooms", 1_000);
		int messageBytes = arguments.number("message-bytes", 64);
		List<String> jvmArgs = arguments.words("jvm-args", List.of("-Xmx1g", "-XX:+UseG1GC"));
		List<String> serverArgs = new ArrayList<>(CAPACITY_ARGS);
		serverArgs.addAll(arguments.words("server-args", List.of()));
		List<ServerProcess.Server> servers = arguments.servers(IdleCapacity::defaultServers);
		Path logs = Files.createTempDirectory("idle-capacity");
		PrintStream out = System.out;
		out.printf(Locale.ROOT, "%d connections over %d rooms, one text of %d bytes each; server flags `%s` and `%s`; "
				+ "load average %s; logs in %s%n%n", connections, rooms, messageBytes, String.join(" ", jvmArgs),
				String.join(" ", serverArgs), ProcessStats.loadAverage(), logs);
		out.println("| server | opened | live heap idle, MB | live heap KB/connection, idle | RSS KB/connection, idle "
				+ "| live heap KB/connection, used once | RSS KB/connection, used once | deliveries |");
		out.println("|---|---|---|---|---|---|---|---|");
		try (WsClient client = new WsClient(2)) {
			for (ServerProcess.Server server : servers) {
				out.println(measure(server, client, jvmArgs, serverArgs, logs, connections, rooms, messageBytes));
			}
		}
		out.printf(Locale.ROOT, "%nLoad average at the end %s.%n", ProcessStats.loadAverage());
	}

	private static String measure(ServerProcess.Server server, WsClient client, List<String> jvmArgs,
			List<String> serverArgs, Path logs, int connections, int rooms, int messageBytes) throws Exception {
		try (ServerProcess process = ServerProcess.start(server, jvmArgs, serverArgs, logs, "idle-capacity")) {
			WsClient.Opened warmUp = client.connectAll(uris(process, "cap-warm-", 200, 50), 64,
					WsClient.Listener.IGNORE, TIMEOUT);
			WsClient.closeAll(warmUp.connections(), TIMEOUT);
			process.awaitSessions(0, Duration.ofSeconds(10));
			MemorySample idle = MemorySample.of(process, "idle");
			AtomicLong received = new AtomicLong();
			WsClient.Opened opened = client.connectAll(uris(process, "cap-", connections, rooms), 64,
					(connection, text) -> received.incrementAndGet(), TIMEOUT);
			int held = opened.connections().size();
			int sessions = ConnectScenario.sessionsWhenSettled(process, held);
			MemorySample loaded = MemorySample.of(process, "held");
			byte[] text = "x".repeat(messageBytes).getBytes(StandardCharsets.UTF_8);
			// Every member of a room receives every member's text: held / rooms each
			long expected = (long) held * (held / rooms);
			for (WsClient.Connection connection : opened.connections()) {
				connection.send(text);
			}
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (received.get() < expected && System.nanoTime() < deadline) {
				TimeUnit.MILLISECONDS.sleep(100);
			}
			MemorySample used = MemorySample.of(process, "used");
			WsClient.closeAll(opened.connections(), TIMEOUT);
			double per = Math.max(1, held);
			return String.format(Locale.ROOT,
					"| %s | %d of %d (%d sessions, %d failed) | %.1f | %.1f | %.1f | %.1f | %.1f | %d of %d |",
					server.name(), held, connections, sessions, opened.failures(), idle.liveHeapKilobytes() / 1024.0,
					(loaded.liveHeapKilobytes() - idle.liveHeapKilobytes()) / per,
					(loaded.residentKilobytes() - idle.residentKilobytes()) / per,
					(used.liveHeapKilobytes() - idle.liveHeapKilobytes()) / per,
					(used.residentKilobytes() - idle.residentKilobytes()) / per, received.get(), expected);
		}
	}

	private static List<URI> uris(ServerProcess process, String prefix, int count, int rooms) {
		List<URI> uris = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			uris.add(process.ws("/rooms/" + prefix + (i % rooms)));
		}
		return uris;
	}

	private static List<ServerProcess.Server> defaultServers() {
		List<ServerProcess.Server> servers = new ArrayList<>();
		servers.add(ServerProcess.Server.packaged("multi-ws (Tomcat)", "sample-app/target", "sample-app-"));
		if (Files.isDirectory(Path.of("sample-app/target/jetty"))) {
			servers.add(ServerProcess.Server.packaged("multi-ws (Jetty)", "sample-app/target/jetty", "sample-app-"));
		}
		servers.add(ServerProcess.Server.packaged("multi-ws-reactive (Reactor Netty)", "sample-app-reactive/target",
				"sample-app-reactive-"));
		return servers;
	}

}
