package io.multiws.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one client that floods pings and never reads does to a server (issue 18): it
 * streams pings of 125 bytes on a socket with a 4 KiB receive buffer, never reads, and
 * sends a pong every three seconds so that no idle timeout applies, for T seconds. For
 * each server jar, started as the load tool starts it ({@code -Xmx1g -XX:+UseG1GC}),
 * measures the resident memory and the live heap (class histogram, after a full GC)
 * before the flood, the peak of resident memory during the flood (sampled every half
 * second), both again after a full GC at its end (what the server retains, apart from
 * the heap the collector sized up for the flood's garbage), when the server dropped the
 * client (a write of the client fails), and how long the server then takes to exit on
 * SIGTERM.
 * <pre>
 * java -cp benchmarks/load/target/load.jar io.multiws.benchmarks.load.PingFloodMemory \
 *   [--seconds=20] [--servers=name=path/to.jar,...] [--jvm-args="-Xmx1g ..."]
 * </pre>
 *
 * @author multi-ws team
 */
public final class PingFloodMemory {

	private static final Duration SAMPLE = Duration.ofMillis(500);

	private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(60);

	private PingFloodMemory() {
	}

	/**
	 * Run the measurement and print a Markdown table.
	 * @param args {@code --seconds=}, {@code --servers=}, {@code --jvm-args=}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		ToolArguments arguments = ToolArguments.parse(args, "seconds", "jvm-args", "servers");
		int seconds = arguments.number("seconds", 20);
		List<String> jvmArgs = arguments.words("jvm-args", List.of("-Xmx1g", "-XX:+UseG1GC"));
		List<ServerProcess.Server> servers = arguments.servers(() -> List.of(
				ServerProcess.Server.packaged("multi-ws", "sample-app/target", "sample-app-"),
				new ServerProcess.Server("baseline-servlet",
						Path.of("benchmarks/baseline-servlet/target/baseline-servlet.jar")),
				ServerProcess.Server.packaged("multi-ws-reactive", "sample-app-reactive/target",
						"sample-app-reactive-"),
				new ServerProcess.Server("baseline-webflux",
						Path.of("benchmarks/baseline-webflux/target/baseline-webflux.jar"))));
		Path logs = Files.createTempDirectory("ping-flood");
		PrintStream out = System.out;
		out.printf(Locale.ROOT, "One client flooding 125-byte pings without reading for %d s; server flags `%s`; "
				+ "load average %s; logs in %s%n%n", seconds, String.join(" ", jvmArgs), ProcessStats.loadAverage(),
				logs);
		out.println("| server | RSS before, MB | RSS growth, peak, MB | RSS growth after GC at the end, MB "
				+ "| live heap growth, MB | pings sent, MB | client dropped after | exit on SIGTERM after |");
		out.println("|---|---|---|---|---|---|---|---|");
		for (ServerProcess.Server server : servers) {
			out.println(measure(server, jvmArgs, logs, Duration.ofSeconds(seconds)));
		}
		out.printf(Locale.ROOT, "%nLoad average at the end %s.%n", ProcessStats.loadAverage());
	}

	private static String measure(ServerProcess.Server server, List<String> jvmArgs, Path logs, Duration flood)
			throws Exception {
		ServerProcess process = ServerProcess.start(server, jvmArgs, logs, "ping-flood");
		try {
			long heapBefore = process.liveHeapKilobytes("before");
			long before = process.residentKilobytes();
			long peak = before;
			try (Flood client = Flood.start(process.ws("/").getPort(), "/echo/ping-flood")) {
				long start = System.nanoTime();
				long end = start + flood.toNanos();
				while (System.nanoTime() < end) {
					Thread.sleep(SAMPLE.toMillis());
					peak = Math.max(peak, process.residentKilobytes());
				}
				long heapAfter = process.liveHeapKilobytes("after");
				long last = process.residentKilobytes();
				String dropped = (client.goneNanos() != 0)
						? String.format(Locale.ROOT, "%.1f s", (client.goneNanos() - start) / 1e9) : "never";
				String shutdown = shutdown(process);
				return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.1f | %.0f | %s | %s |", server.name(),
						before / 1024.0, (peak - before) / 1024.0, (last - before) / 1024.0,
						(heapAfter - heapBefore) / 1024.0, client.sentBytes() / 1024.0 / 1024.0, dropped, shutdown);
			}
		}
		finally {
			process.close();
		}
	}

	/**
	 * Send SIGTERM, as an orchestrator stopping the server would, and time the exit.
	 */
	private static String shutdown(ServerProcess server) throws InterruptedException {
		ProcessHandle handle = ProcessHandle.of(server.pid()).orElse(null);
		if (handle == null) {
			return "exited already";
		}
		long start = System.nanoTime();
		handle.destroy();
		try {
			handle.onExit().get(SHUTDOWN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
			return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
		}
		catch (ExecutionException | TimeoutException ex) {
			return "not within " + SHUTDOWN_LIMIT.toSeconds() + " s (killed)";
		}
	}

	/**
	 * The flooding client, on a plain socket.
	 */
	private static final class Flood implements AutoCloseable {

		private static final int PINGS_PER_WRITE = 64;

		private static final long PONG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(3);

		private final RawWsConnection connection;

		private final Thread thread;

		private final AtomicLong sentBytes = new AtomicLong();

		private volatile long goneNanos;

		private volatile boolean stopped;

		private Flood(RawWsConnection connection) {
			this.connection = connection;
			this.thread = new Thread(this::flood, "ping-flood");
			this.thread.setDaemon(true);
		}

		static Flood start(int port, String path) throws IOException {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(4096);
			Flood flood = new Flood(RawWsConnection.open(socket, port, path, Duration.ofSeconds(10)));
			flood.thread.start();
			return flood;
		}

		private void flood() {
			ByteArrayOutputStream batch = new ByteArrayOutputStream();
			byte[] ping = RawWsConnection.frame(0x89, new byte[125]);
			for (int i = 0; i < PINGS_PER_WRITE; i++) {
				batch.writeBytes(ping);
			}
			byte[] pings = batch.toByteArray();
			byte[] pong = RawWsConnection.frame(0x8A, new byte[0]);
			long nextPong = System.nanoTime() + PONG_INTERVAL_NANOS;
			try {
				while (!this.stopped) {
					this.connection.send(pings);
					this.sentBytes.addAndGet(pings.length);
					if (System.nanoTime() - nextPong > 0) {
						this.connection.send(pong);
						nextPong += PONG_INTERVAL_NANOS;
					}
				}
			}
			catch (IOException ex) {
				if (!this.stopped) {
					this.goneNanos = System.nanoTime();
				}
			}
		}

		long goneNanos() {
			return this.goneNanos;
		}

		long sentBytes() {
			return this.sentBytes.get();
		}

		@Override
		public void close() throws IOException {
			this.stopped = true;
			this.connection.reset();
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
