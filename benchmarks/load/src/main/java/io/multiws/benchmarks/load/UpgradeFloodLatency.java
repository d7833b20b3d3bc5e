package io.multiws.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * Echo latency of open sessions while a flood of upgrades hits an endpoint whose
 * {@code @OnHandshake} runs on the callback pool (issue 18): the reactive sample's
 * {@code /chat/{room}} (its hook is not {@code @NonBlocking}), with E sessions of
 * {@code /polls/{poll}} (callbacks on the same pool) each in a closed loop of votes and
 * tallies. Measures the round trips for a few seconds without a flood, then while F
 * upgrade requests come at once on connections of their own, and prints p50, p99 and
 * the longest round trip of each window with the answers the flood got.
 * <pre>
 * java -cp benchmarks/load/target/load.jar io.multiws.benchmarks.load.UpgradeFloodLatency \
 *   [--flood=2000] [--echoers=20] [--servers=name=path/to.jar,...]
 * </pre>
 *
 * @author multi-ws team
 */
public final class UpgradeFloodLatency {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration BASELINE = Duration.ofSeconds(3);

	private static final String VOTE = "{\"option\":\"yes\"}";

	private UpgradeFloodLatency() {
	}

	/**
	 * Run the measurement and print a Markdown table.
	 * @param args {@code --flood=}, {@code --echoers=}, {@code --servers=}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		ToolArguments arguments = ToolArguments.parse(args, "flood", "echoers", "servers");
		int flood = arguments.number("flood", 2000);
		int echoers = arguments.number("echoers", 20);
		List<ServerProcess.Server> servers = arguments.servers(() -> List.of(ServerProcess.Server
			.packaged("multi-ws-reactive (Reactor Netty)", "sample-app-reactive/target", "sample-app-reactive-")));
		Path logs = Files.createTempDirectory("upgrade-flood");
		PrintStream out = System.out;
		out.printf(Locale.ROOT,
				"%d upgrades at once to /chat/{room}, %d sessions of /polls/{poll} echoing; logs in %s%n%n", flood,
				echoers, logs);
		out.println("| server | window | round trips | p50 ms | p99 ms | max ms | flood answers |");
		out.println("|---|---|---:|---:|---:|---:|---|");
		for (ServerProcess.Server server : servers) {
			measure(server, flood, echoers, logs, out);
		}
	}

	private static void measure(ServerProcess.Server server, int flood, int echoers, Path logs, PrintStream out)
			throws Exception {
		try (ServerProcess process = ServerProcess.start(server, List.of("-Xmx1g", "-XX:+UseG1GC"), logs, "flood")) {
			int port = process.ws("/").getPort();
			List<Echoer> running = new ArrayList<>();
			for (int i = 0; i < echoers; i++) {
				Echoer echoer = new Echoer(port, "/polls/bench-" + i);
				echoer.start();
				running.add(echoer);
			}
			Thread.sleep(BASELINE.toMillis());
			long floodStart = System.nanoTime();
			Map<Integer, Integer> answers;
			try (Flood upgrades = Flood.send(port, "/chat/flood-", flood)) {
				answers = upgrades.awaitAnswers(TIMEOUT);
			}
			long floodEnd = System.nanoTime();
			for (Echoer echoer : running) {
				echoer.finish();
			}
			out.println(row(server.name(), "no flood", running, 0, floodStart, ""));
			out.println(row(server.name(), "flood", running, floodStart, floodEnd, answers.toString()));
		}
	}

	private static String row(String server, String window, List<Echoer> echoers, long from, long to,
			String answers) {
		List<Long> latencies = new ArrayList<>();
		for (Echoer echoer : echoers) {
			latencies.addAll(echoer.latenciesBetween(from, to));
		}
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %s |", server, window, sorted.length,
				percentile(sorted, 0.5), percentile(sorted, 0.99),
				(sorted.length > 0) ? sorted[sorted.length - 1] / 1e6 : 0.0, answers);
	}

	private static double percentile(long[] sorted, double fraction) {
		return (sorted.length > 0) ? sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]
				/ 1e6 : 0.0;
	}

	/**
	 * One session in a closed loop of votes and tallies, recording when each round trip
	 * ended and how long it took.
	 */
	private static final class Echoer extends Thread {

		private final RawWsConnection connection;

		private final AtomicBoolean stopped = new AtomicBoolean();

		private final List<long[]> roundTrips = new ArrayList<>();

		private volatile @Nullable IOException failure;

		Echoer(int port, String path) throws IOException {
			super("echoer " + path);
			setDaemon(true);
			Socket socket = new Socket();
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.setTcpNoDelay(true);
			this.connection = RawWsConnection.open(socket, port, path, TIMEOUT);
			this.connection.readFrame("a tally");
		}

		@Override
		public void run() {
			byte[] frame = RawWsConnection.frame(0x81, VOTE.getBytes(StandardCharsets.UTF_8));
			try {
				while (!this.stopped.get()) {
					long start = System.nanoTime();
					this.connection.send(frame);
					this.connection.readFrame("a tally");
					long end = System.nanoTime();
					synchronized (this.roundTrips) {
						this.roundTrips.add(new long[] { end, end - start });
					}
				}
			}
			catch (IOException ex) {
				this.failure = ex;
			}
		}

		void finish() throws IOException, InterruptedException {
			this.stopped.set(true);
			join(TIMEOUT.toMillis());
			this.connection.close();
			IOException failure = this.failure;
			if (failure != null) {
				throw failure;
			}
		}

		List<Long> latenciesBetween(long from, long to) {
			List<Long> latencies = new ArrayList<>();
			synchronized (this.roundTrips) {
				for (long[] roundTrip : this.roundTrips) {
					if (roundTrip[0] - from >= 0 && to - roundTrip[0] > 0) {
						latencies.add(roundTrip[1]);
					}
				}
			}
			return latencies;
		}

	}

	/**
	 * Upgrade requests on connections of their own, all sent before any answer is read.
	 */
	private static final class Flood implements AutoCloseable {

		private final Selector selector;

		private final List<SocketChannel> channels = new ArrayList<>();

		private final Map<SocketChannel, StringBuilder> received = new HashMap<>();

		private Flood(Selector selector) {
			this.selector = selector;
		}

		static Flood send(int port, String pathPrefix, int count) throws IOException {
			Flood flood = new Flood(Selector.open());
			for (int i = 0; i < count; i++) {
				SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
				ByteBuffer request = ByteBuffer
					.wrap(RawWsConnection.upgradeRequest(port, pathPrefix + i).getBytes(StandardCharsets.ISO_8859_1));
				while (request.hasRemaining()) {
					channel.write(request);
				}
				channel.configureBlocking(false);
				channel.register(flood.selector, SelectionKey.OP_READ);
				flood.channels.add(channel);
				flood.received.put(channel, new StringBuilder());
			}
			return flood;
		}

		/**
		 * Read until every request has its status line, and count the statuses.
		 */
		Map<Integer, Integer> awaitAnswers(Duration timeout) throws IOException {
			long deadline = System.nanoTime() + timeout.toNanos();
			ByteBuffer buffer = ByteBuffer.allocate(4096);
			while (answered() < this.channels.size() && deadline - System.nanoTime() > 0) {
				this.selector.select(100);
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					SocketChannel channel = (SocketChannel) key.channel();
					buffer.clear();
					int read;
					try {
						read = channel.read(buffer);
					}
					catch (IOException ex) {
						read = -1;
					}
					if (read > 0) {
						this.received.get(channel)
							.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
					}
					else if (read < 0) {
						key.cancel();
					}
				}
			}
			Map<Integer, Integer> statuses = new TreeMap<>();
			for (StringBuilder response : this.received.values()) {
				int status = (response.length() >= 12) ? Integer.parseInt(response.substring(9, 12)) : -1;
				statuses.merge(status, 1, Integer::sum);
			}
			return statuses;
		}

		private long answered() {
			return this.received.values().stream().filter((response) -> response.length() >= 12).count();
		}

		@Override
		public void close() throws IOException {
			for (SocketChannel channel : this.channels) {
				channel.close();
			}
			this.selector.close();
		}

	}

}
