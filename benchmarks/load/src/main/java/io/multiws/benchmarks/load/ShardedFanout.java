package io.multiws.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Fan-out through the Redis relay on a Redis Cluster of one master and of three (issue
 * 23): two instances of the sample app in the {@code cluster} profile on a cluster of
 * {@code redis-server} processes (sharded pub/sub, Redis 7), H rooms, each with a
 * publisher on one instance (alternately) and S subscribers on each; each publisher keeps
 * at most W messages of its room in flight (a message is done when every member, the
 * publisher included, has it). Reports deliveries per second, the delivery latency, and
 * the CPU of every process over the measured window: each instance's per delivery, each
 * Redis master's share of a core, the client's, and the machine's load.
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl sample-app,benchmarks/load -am
 * java -cp benchmarks/load/target/load.jar io.multiws.benchmarks.load.ShardedFanout \
 *   [--app=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar] [--shards=1,3] [--hubs=200] \
 *   [--subscribers=2] [--window=2] [--seconds=10] [--repeats=2] [--history=0] [--out=run.md]
 * </pre>
 * {@code --history=N} keeps the last N messages of every room (each broadcast is then
 * numbered and stored by a script on the room's shard). Besides the CPU, it counts the
 * Redis commands the masters ran in the window ({@code INFO commandstats}, heartbeats
 * and presence included, the tool's own {@code INFO} excluded), per broadcast.
 *
 * @author multi-ws team
 */
public final class ShardedFanout {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private static final int RING = 1 << 12;

	private static final int BYTES = 100;

	private ShardedFanout() {
	}

	/**
	 * Run the measurement and print a Markdown table.
	 * @param args see the class description
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		ToolArguments arguments = ToolArguments.parse(args, "app", "shards", "hubs", "subscribers", "window",
				"seconds", "repeats", "history", "out");
		Path app = Path.of(arguments.text("app", "sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"));
		List<Integer> shards = List.of(arguments.text("shards", "1,3").split(","))
			.stream()
			.map(Integer::valueOf)
			.toList();
		int hubs = arguments.number("hubs", 200);
		int subscribers = arguments.number("subscribers", 2);
		int window = arguments.number("window", 2);
		int seconds = arguments.number("seconds", 10);
		int repeats = arguments.number("repeats", 2);
		int history = arguments.number("history", 0);
		String out = arguments.text("out");
		Path logs = Files.createTempDirectory("sharded-fanout-");
		List<String> rows = new ArrayList<>();
		String load = ProcessStats.loadAverage();
		for (int repeat = 0; repeat < repeats; repeat++) {
			List<Integer> order = new ArrayList<>(shards);
			if (repeat % 2 == 1) {
				Collections.reverse(order);
			}
			for (int masters : order) {
				Run run = new Run(masters, hubs, subscribers, window, history, Duration.ofSeconds(seconds), app, logs,
						"r" + repeat);
				rows.add(run.measure());
				System.out.println(rows.get(rows.size() - 1));
			}
		}
		String report = String.format(Locale.ROOT,
				"Sharded fan-out: 2 instances of the sample (cluster profile, sharded pub/sub), %d rooms, each with a"
						+ " publisher on one instance (alternately) and %d subscribers on each, window %d per room,"
						+ " history %d, %d-byte texts, %d s after %d s warm-up, %d CPUs; load average %s at the start,"
						+ " %s at the end; logs in %s%n%n| masters | broadcasts/s | deliveries/s | lost | duplicated |"
						+ " p50 ms | p99 ms | instance a CPU | instance b CPU | µs CPU per delivery (a+b) |"
						+ " Redis CPU per master | µs Redis CPU per broadcast | Redis commands per broadcast"
						+ " | client CPU | all CPU |%n"
						+ "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n%s%n",
				hubs, subscribers, window, history, BYTES, seconds, WARM_UP.toSeconds(),
				Runtime.getRuntime().availableProcessors(), load, ProcessStats.loadAverage(), logs,
				String.join("\n", rows));
		System.out.println(report);
		if (out != null) {
			Files.writeString(Path.of(out), report);
		}
	}

	private static String percent(long cpuNanos, double seconds) {
		return String.format(Locale.ROOT, "%.0f %%", cpuNanos / 1e7 / seconds);
	}

	/**
	 * One measurement: a cluster of N masters, two instances, the rooms.
	 */
	private static final class Run {

		private final int masters;

		private final int hubs;

		private final int subscribers;

		private final int window;

		private final int history;

		private final Duration duration;

		private final Path app;

		private final Path logs;

		private final String label;

		Run(int masters, int hubs, int subscribers, int window, int history, Duration duration, Path app, Path logs,
				String label) {
			this.masters = masters;
			this.hubs = hubs;
			this.subscribers = subscribers;
			this.window = window;
			this.history = history;
			this.duration = duration;
			this.app = app;
			this.logs = logs;
			this.label = label;
		}

		String measure() throws Exception {
			try (Cluster cluster = Cluster.start(this.masters, this.logs.resolve(this.masters + "-" + this.label))) {
				List<String> args = List.of("--spring.profiles.active=cluster",
						"--spring.data.redis.cluster.nodes=" + cluster.nodes(), "--multi-ws.cluster.heartbeat-interval=2s",
						"--logging.level.io.lettuce=ERROR",
						"--multi-ws.endpoints.rooms.history.size=" + this.history);
				List<String> jvm = List.of("-Xmx1g", "-XX:+UseG1GC");
				ServerProcess.Server server = new ServerProcess.Server("sample", this.app);
				try (ServerProcess a = ServerProcess.start(server, jvm, withId(args, "a"), this.logs,
						"a-" + this.masters + "-" + this.label);
						ServerProcess b = ServerProcess.start(server, jvm, withId(args, "b"), this.logs,
								"b-" + this.masters + "-" + this.label);
						WsClient client = new WsClient(2)) {
					return measure(cluster, a, b, client);
				}
			}
		}

		private static List<String> withId(List<String> args, String id) {
			List<String> all = new ArrayList<>(args);
			all.add("--multi-ws.cluster.instance-id=" + id);
			return all;
		}

		private String measure(Cluster cluster, ServerProcess a, ServerProcess b, WsClient client) throws Exception {
			List<Room> rooms = new ArrayList<>();
			List<WsClient.Connection> all = new ArrayList<>();
			Latencies latencies = new Latencies();
			for (int h = 0; h < this.hubs; h++) {
				String path = "/rooms/sharded-" + h;
				FanoutRoom listener = new FanoutRoom(1 + 2 * this.subscribers, RING, latencies);
				List<URI> uris = new ArrayList<>();
				uris.add(((h % 2 == 0) ? a : b).ws(path));
				for (int s = 0; s < this.subscribers; s++) {
					uris.add(a.ws(path));
					uris.add(b.ws(path));
				}
				WsClient.Opened opened = client.connectAll(uris, 64, listener, TIMEOUT);
				if (opened.failures() > 0) {
					throw new IllegalStateException(opened.failures() + " handshakes failed in " + path);
				}
				List<SequenceCheck> members = new ArrayList<>();
				for (WsClient.Connection connection : opened.connections()) {
					SequenceCheck member = new SequenceCheck();
					connection.attach(member);
					members.add(member);
				}
				FanoutPublisher publisher = new FanoutPublisher(opened.connections().get(0), listener, this.window,
						BYTES);
				listener.publisher(publisher);
				rooms.add(new Room(listener, publisher, members));
				all.addAll(opened.connections());
			}
			int perInstance = this.hubs * this.subscribers + this.hubs / 2;
			if (!a.awaitSessions(perInstance, TIMEOUT) || !b.awaitSessions(this.hubs * (1 + 2 * this.subscribers)
					- perInstance, TIMEOUT)) {
				throw new IllegalStateException("The rooms did not fill");
			}
			// The other instance's subscription to each room, before anyone counts on it
			Thread.sleep(2000);
			rooms.forEach((room) -> room.publisher().kick());
			Thread.sleep(WARM_UP.toMillis());
			long[] before = cpu(cluster, a, b);
			long commandsBefore = cluster.commands();
			long deliveriesBefore = Room.deliveries(rooms);
			long completedBefore = Room.completed(rooms);
			rooms.forEach((room) -> room.listener().measuring(true));
			long start = System.nanoTime();
			Thread.sleep(this.duration.toMillis());
			double seconds = (System.nanoTime() - start) / 1e9;
			long[] after = cpu(cluster, a, b);
			long commands = cluster.commands() - commandsBefore;
			long deliveries = Room.deliveries(rooms) - deliveriesBefore;
			long completed = Room.completed(rooms) - completedBefore;
			rooms.forEach((room) -> room.listener().measuring(false));
			rooms.forEach((room) -> room.publisher().stop());
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (Room.completed(rooms) < Room.published(rooms) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			long lost = 0;
			long duplicated = 0;
			for (Room room : rooms) {
				long published = room.publisher().published();
				for (SequenceCheck member : room.members()) {
					lost += member.lost(published);
					duplicated += member.duplicated();
				}
			}
			WsClient.closeAll(all, TIMEOUT);
			long aCpu = after[0] - before[0];
			long bCpu = after[1] - before[1];
			List<String> redis = new ArrayList<>();
			long redisCpu = 0;
			for (int i = 3; i < after.length; i++) {
				redis.add(percent(after[i] - before[i], seconds));
				redisCpu += after[i] - before[i];
			}
			long clientCpu = after[2] - before[2];
			return String.format(Locale.ROOT,
					"| %d | %.0f | %.0f | %d | %d | %.1f | %.1f | %s | %s | %.1f | %s | %.1f | %.2f | %s | %s |",
					this.masters,
					completed / seconds, deliveries / seconds, lost, duplicated, latencies.percentile(50) / 1e6,
					latencies.percentile(99) / 1e6, percent(aCpu, seconds), percent(bCpu, seconds),
					(aCpu + bCpu) / 1e3 / Math.max(1, deliveries), String.join(" / ", redis),
					redisCpu / 1e3 / Math.max(1, completed), commands / (double) Math.max(1, completed),
					percent(clientCpu, seconds),
					percent(aCpu + bCpu + clientCpu + redisCpu, seconds));
		}

		private static long[] cpu(Cluster cluster, ServerProcess a, ServerProcess b) {
			List<Long> pids = cluster.pids();
			long[] cpu = new long[3 + pids.size()];
			cpu[0] = a.cpuNanos();
			cpu[1] = b.cpuNanos();
			cpu[2] = ProcessStats.cpuNanos(ProcessStats.self());
			for (int i = 0; i < pids.size(); i++) {
				cpu[3 + i] = ProcessStats.cpuNanos(pids.get(i));
			}
			return cpu;
		}

	}

	/**
	 * One room: its listener, its publisher and its members' sequence checks.
	 *
	 * @param listener the listener of every member
	 * @param publisher the publisher
	 * @param members the sequence check of every member, the publisher included
	 */
	private record Room(FanoutRoom listener, FanoutPublisher publisher, List<SequenceCheck> members) {

		static long deliveries(List<Room> rooms) {
			return rooms.stream().mapToLong((room) -> room.listener.deliveries()).sum();
		}

		static long completed(List<Room> rooms) {
			return rooms.stream().mapToLong((room) -> room.listener.completed()).sum();
		}

		static long published(List<Room> rooms) {
			return rooms.stream().mapToLong((room) -> room.publisher.published()).sum();
		}

	}

	/**
	 * A Redis Cluster of {@code redis-server} processes on free loopback ports: one master
	 * given every slot, or three and more made by {@code redis-cli --cluster create}.
	 */
	private static final class Cluster implements AutoCloseable {

		private final List<Process> processes = new ArrayList<>();

		private final List<Integer> ports = new ArrayList<>();

		static Cluster start(int masters, Path directory) throws IOException, InterruptedException {
			Files.createDirectories(directory);
			Cluster cluster = new Cluster();
			try {
				for (int i = 0; i < masters; i++) {
					int port = freePort();
					Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--cluster-port",
							String.valueOf(freePort()), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
							"--cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString(), "--save", "",
							"--appendonly", "no", "--dir", directory.toString())
						.redirectErrorStream(true)
						.redirectOutput(directory.resolve(port + ".log").toFile())
						.start();
					cluster.processes.add(process);
					cluster.ports.add(port);
					awaitAnswer(port);
				}
				if (masters == 1) {
					command(cluster.ports.get(0), "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
				}
				else {
					List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
					cluster.ports.forEach((port) -> create.add("127.0.0.1:" + port));
					create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
					Process process = new ProcessBuilder(create).redirectErrorStream(true)
						.redirectOutput(directory.resolve("create.log").toFile())
						.start();
					if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
						throw new IOException("redis-cli --cluster create failed; see " + directory);
					}
				}
				long deadline = System.nanoTime() + TIMEOUT.toNanos();
				for (int port : cluster.ports) {
					while (!String.valueOf(command(port, "CLUSTER", "INFO")).contains("cluster_state:ok")) {
						if (System.nanoTime() > deadline) {
							throw new IOException("The cluster did not come up; see " + directory);
						}
						Thread.sleep(100);
					}
				}
				return cluster;
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				cluster.close();
				throw ex;
			}
		}

		String nodes() {
			return String.join(",", this.ports.stream().map((port) -> "127.0.0.1:" + port).toList());
		}

		/**
		 * Return how many commands the masters ran so far, apart from {@code INFO}.
		 */
		long commands() throws IOException {
			long calls = 0;
			for (int port : this.ports) {
				for (String line : String.valueOf(command(port, "INFO", "commandstats")).split("\r?\n")) {
					if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
						int start = line.indexOf("calls=") + 6;
						calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
					}
				}
			}
			return calls;
		}

		List<Long> pids() {
			return this.processes.stream().map(Process::pid).toList();
		}

		private static void awaitAnswer(int port) throws IOException, InterruptedException {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (true) {
				try {
					if ("PONG".equals(command(port, "PING"))) {
						return;
					}
				}
				catch (IOException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
				}
				Thread.sleep(50);
			}
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
		}

		/**
		 * Run one command on a connection of its own; enough for set-up.
		 */
		private static @Nullable Object command(int port, String... args) throws IOException {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				socket.setSoTimeout(5000);
				OutputStream out = socket.getOutputStream();
				StringBuilder request = new StringBuilder().append('*').append(args.length).append("\r\n");
				for (String arg : args) {
					request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
						.append("\r\n");
				}
				out.write(request.toString().getBytes(StandardCharsets.UTF_8));
				out.flush();
				InputStream in = new BufferedInputStream(socket.getInputStream());
				int type = in.read();
				String line = readLine(in);
				if (type == '-') {
					throw new IOException("Redis error: " + line);
				}
				if (type == '$') {
					int length = Integer.parseInt(line);
					return (length < 0) ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
				}
				return line;
			}
		}

		private static String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != '\r') {
				if (c == -1) {
					throw new IOException("Connection closed");
				}
				line.append((char) c);
			}
			in.read();
			return line.toString();
		}

		@Override
		public void close() {
			for (Process process : this.processes) {
				process.destroyForcibly();
				try {
					process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
