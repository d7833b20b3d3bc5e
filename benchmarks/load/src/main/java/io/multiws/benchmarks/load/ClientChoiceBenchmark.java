package io.multiws.benchmarks.load;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.OperatingSystemMXBean;
// The Java client under test, not the load tool's Netty client of the same name
import io.multiws.javaclient.WsClient;
import io.multiws.javaclient.WsClientListener;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Which WebSocket client the Java client {@code io.multiws.javaclient.WsClient} should be
 * written on (issue 22): the JDK's {@code java.net.http.WebSocket} (through
 * {@code WsClient} itself, as shipped) against Reactor Netty's WebSocket client, each
 * against the same {@code sample-app} server process, one after the other in this JVM:
 * <ul>
 * <li>connect latency: sequential handshakes to {@code /echo/<n>}, each until open, then
 * closed (median and p99);</li>
 * <li>messages per second received on one connection: a publisher (a {@code WsClient},
 * the same for both) sends 128-byte texts to a {@code /rooms/} room, at most
 * a window of 64 ahead of what the client under test has received, and the process CPU
 * per message (the publisher's share is the same for both);</li>
 * <li>heap and threads per connection: the used heap after a full GC with N idle
 * connections open (over 100 rooms), less the same before them, and the same of direct
 * memory: the JDK's buffer pools and Netty's default allocator, where Reactor Netty
 * keeps its buffers.</li>
 * </ul>
 * <pre>
 * java -cp benchmarks/load/target/load.jar io.multiws.benchmarks.load.ClientChoiceBenchmark \
 *   [--connections=1000] [--messages=200000] [--handshakes=300] [--rounds=3] [--server=path/to.jar]
 * </pre>
 *
 * @author multi-ws team
 */
public final class ClientChoiceBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int WINDOW = 64;

	private static final int IDLE_ROOMS = 100;

	private static final String PAYLOAD = "x".repeat(128);

	private ClientChoiceBenchmark() {
	}

	/**
	 * Run the measurements and print a Markdown table.
	 * @param args {@code --connections=}, {@code --messages=}, {@code --handshakes=},
	 * {@code --rounds=}, {@code --server=}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		ToolArguments arguments = ToolArguments.parse(args, "connections", "messages", "handshakes", "rounds",
				"server");
		int connections = arguments.number("connections", 1000);
		int messages = arguments.number("messages", 200_000);
		int handshakes = arguments.number("handshakes", 300);
		int rounds = arguments.number("rounds", 3);
		String jar = arguments.text("server");
		ServerProcess.Server server = (jar != null) ? new ServerProcess.Server("sample-app", Path.of(jar))
				: ServerProcess.Server.packaged("sample-app", "sample-app/target", "sample-app-");
		Path logs = Files.createTempDirectory("client-choice");
		System.out.printf(Locale.ROOT, "Clients against sample-app (Tomcat, -Xmx1g); %d handshakes, %d messages, %d idle"
				+ " connections, %d rounds; load average %.2f; JVM %s %s%n%n", handshakes, messages, connections, rounds,
				loadAverage(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
		System.out.println("| client | round | connect p50 ms | connect p99 ms | messages/s on one connection "
				+ "| process CPU µs per message | heap per idle connection, KB | direct memory per idle connection, KB "
				+ "| threads for the connections |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		try (ServerProcess process = ServerProcess.start(server, List.of("-Xmx1g", "-XX:+UseG1GC"), logs, "clients")) {
			List<Client> clients = List.of(new JdkClient(), new ReactorNettyClient());
			for (Client client : clients) {
				// Warm-up: classes, pools and the server's code paths
				connectLatencies(client, process, 50);
				receiveRate(client, process, 20_000);
			}
			for (int round = 1; round <= rounds; round++) {
				for (Client client : clients) {
					double[] latencies = connectLatencies(client, process, handshakes);
					double[] rate = receiveRate(client, process, messages);
					double[] idle = idleConnections(client, process, connections);
					System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.0f | %.1f | %.1f | %.1f | %.0f |%n",
							client.name(), round, percentile(latencies, 50), percentile(latencies, 99), rate[0],
							rate[1], idle[0], idle[1], idle[2]);
				}
			}
		}
		System.out.printf(Locale.ROOT, "%nLoad average at the end %.2f.%n", loadAverage());
		System.exit(0);
	}

	private static double[] connectLatencies(Client client, ServerProcess server, int count) throws Exception {
		double[] latencies = new double[count];
		for (int i = 0; i < count; i++) {
			URI uri = server.ws("/echo/connect-" + i);
			long start = System.nanoTime();
			Connection connection = client.connect(uri, null);
			latencies[i] = (System.nanoTime() - start) / 1e6;
			connection.close();
		}
		Arrays.sort(latencies);
		return latencies;
	}

	private static double[] receiveRate(Client client, ServerProcess server, int count) throws Exception {
		URI room = server.ws("/rooms/rate-" + System.nanoTime());
		AtomicLong received = new AtomicLong();
		Connection subscriber = client.connect(room, received);
		WsClient publisher = WsClient.builder(room).reconnect(false).connect();
		publisher.opened().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		server.awaitSessions(2, TIMEOUT);
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long cpuStart = os.getProcessCpuTime();
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MINUTES.toNanos(5);
		for (int sent = 0; sent < count; sent++) {
			while (sent - received.get() >= WINDOW) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Received " + received.get() + " of " + sent);
				}
				LockSupport.parkNanos(20_000);
			}
			publisher.sendText(PAYLOAD, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		while (received.get() < count) {
			LockSupport.parkNanos(20_000);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1e3;
		publisher.close(1000, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		subscriber.close();
		return new double[] { count / seconds, cpuMicros / count };
	}

	private static double[] idleConnections(Client client, ServerProcess server, int count) throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = usedHeapAfterGc(memory);
		long directBefore = directMemory();
		int threadsBefore = Thread.activeCount();
		List<Connection> open = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			open.add(client.connect(server.ws("/rooms/idle-" + (i % IDLE_ROOMS)), null));
		}
		if (!server.awaitSessions(count, TIMEOUT)) {
			throw new IllegalStateException("The server did not reach " + count + " sessions");
		}
		long heapAfter = usedHeapAfterGc(memory);
		long directAfter = directMemory();
		int threadsAfter = Thread.activeCount();
		for (Connection connection : open) {
			connection.close();
		}
		server.awaitSessions(0, TIMEOUT);
		return new double[] { (heapAfter - heapBefore) / 1024.0 / count,
				(directAfter - directBefore) / 1024.0 / count, threadsAfter - threadsBefore };
	}

	private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static long directMemory() {
		long used = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
		for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
			used += pool.getMemoryUsed();
		}
		return used;
	}

	private static double percentile(double[] sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/**
	 * A client under test.
	 */
	private interface Client {

		String name();

		/**
		 * Connect and wait until open.
		 * @param uri the URI
		 * @param received counts the text messages received, or {@code null}
		 * @return the open connection
		 */
		Connection connect(URI uri, @Nullable AtomicLong received) throws Exception;

	}

	/**
	 * An open connection under test.
	 */
	private interface Connection {

		void close() throws Exception;

	}

	/**
	 * multi-ws's {@code WsClient}, on the JDK's WebSocket and its shared HTTP client.
	 */
	private static final class JdkClient implements Client {

		@Override
		public String name() {
			return "JDK `java.net.http.WebSocket` (`WsClient`)";
		}

		@Override
		public Connection connect(URI uri, @Nullable AtomicLong received) throws Exception {
			WsClient client = WsClient.builder(uri)
				.reconnect(false)
				.listener(new WsClientListener() {

					@Override
					public void onMessage(String text, @Nullable String id) {
						if (received != null) {
							received.incrementAndGet();
						}
					}

				})
				.connect();
			client.opened().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return () -> client.close(1000, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

	/**
	 * Reactor Netty's WebSocket client, one {@code HttpClient} (and its event loops) for
	 * every connection, without a connection pool, each message decoded to a
	 * {@code String} as the JDK does.
	 */
	private static final class ReactorNettyClient implements Client {

		// Not pooled: a WebSocket holds its connection, and the pool's 500 would cap the idle run
		private final HttpClient http = HttpClient.newConnection();

		@Override
		public String name() {
			return "Reactor Netty `HttpClient.websocket()`";
		}

		@Override
		public Connection connect(URI uri, @Nullable AtomicLong received) throws Exception {
			CompletableFuture<WebsocketOutbound> opened = new CompletableFuture<>();
			Disposable connection = this.http.websocket().uri(uri).handle((in, out) -> {
				opened.complete(out);
				return in.receive().asString().doOnNext((text) -> {
					if (received != null) {
						received.incrementAndGet();
					}
				}).then();
			}).subscribe(null, opened::completeExceptionally);
			WebsocketOutbound out = opened.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return () -> {
				out.sendClose().block(TIMEOUT);
				connection.dispose();
			};
		}

	}

}
