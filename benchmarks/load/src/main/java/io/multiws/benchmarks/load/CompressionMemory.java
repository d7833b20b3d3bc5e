package io.multiws.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Memory per connection with {@code multi-ws.session.compression} on and off (issue 10).
 * For each server jar and each setting, starts the server ({@code -Xmx1g -XX:+UseG1GC},
 * the load tool's flags), measures its live heap (class histogram, after a full GC) and
 * resident memory with no connection, opens C connections to {@code /echo/{id}} on plain
 * sockets (offering permessage-deflate, as every browser does), exchanges M text messages
 * of JSON on each (compressed by the client when negotiated, so that the server holds an
 * inflater and a deflater), holds them all open and measures again; the difference is
 * divided by C.
 * <pre>
 * java -cp benchmarks/load/target/load.jar io.multiws.benchmarks.load.CompressionMemory \
 *   [--connections=500] [--messages=5] [--servers=name=path/to.jar,...]
 * </pre>
 *
 * @author multi-ws team
 */
public final class CompressionMemory {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private CompressionMemory() {
	}

	/**
	 * Run the measurement and print a Markdown table.
	 * @param args {@code --connections=}, {@code --messages=}, {@code --servers=}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		ToolArguments arguments = ToolArguments.parse(args, "connections", "messages", "servers");
		int connections = Math.min(1000, arguments.number("connections", 500));
		int messages = arguments.number("messages", 5);
		List<ServerProcess.Server> servers = arguments.servers(() -> List.of(
				ServerProcess.Server.packaged("multi-ws (Tomcat)", "sample-app/target", "sample-app-"),
				ServerProcess.Server.packaged("multi-ws-reactive (Reactor Netty)", "sample-app-reactive/target",
						"sample-app-reactive-")));
		Path logs = Files.createTempDirectory("compression-memory");
		PrintStream out = System.out;
		out.printf(Locale.ROOT, "%d connections, %d messages each; logs in %s%n%n", connections, messages, logs);
		out.println("| server | compression | negotiated | live heap KB/connection | RSS KB/connection |");
		out.println("|---|---|---:|---:|---:|");
		for (ServerProcess.Server server : servers) {
			for (boolean compression : new boolean[] { false, true }) {
				out.println(measure(server, compression, connections, messages, logs));
			}
		}
	}

	private static String measure(ServerProcess.Server server, boolean compression, int connections, int messages,
			Path logs) throws Exception {
		List<String> jvmArgs = List.of("-Xmx1g", "-XX:+UseG1GC", "-Dmulti-ws.session.compression=" + compression);
		try (ServerProcess process = ServerProcess.start(server, jvmArgs, logs, compression ? "on" : "off")) {
			URI base = process.ws("/echo/");
			for (Connection warmUp : open(base, 50, messages, "w")) {
				warmUp.close();
			}
			process.awaitSessions(0, TIMEOUT);
			MemorySample idle = MemorySample.of(process, "idle");
			List<Connection> held = open(base, connections, messages, "m");
			int negotiated = (int) held.stream().filter(Connection::compressed).count();
			MemorySample loaded = MemorySample.of(process, "loaded");
			for (Connection connection : held) {
				connection.close();
			}
			return String.format(Locale.ROOT, "| %s | %s | %d / %d | %.1f | %.1f |", server.name(),
					compression ? "on" : "off", negotiated, held.size(),
					(loaded.liveHeapKilobytes() - idle.liveHeapKilobytes()) / (double) held.size(),
					(loaded.residentKilobytes() - idle.residentKilobytes()) / (double) held.size());
		}
	}

	private static List<Connection> open(URI base, int count, int messages, String prefix) throws IOException {
		List<Connection> connections = new ArrayList<>(count);
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try {
			for (int i = 0; i < count; i++) {
				Connection connection = Connection.open(base.getPort(), base.getPath() + prefix + i);
				for (int m = 0; m < messages; m++) {
					connection.echo(message(i, m), deflater);
				}
				connections.add(connection);
			}
		}
		finally {
			deflater.end();
		}
		return connections;
	}

	private static String message(int connection, int message) {
		return "{\"type\":\"quote\",\"symbol\":\"ACME\",\"connection\":" + connection + ",\"seq\":" + message
				+ ",\"bid\":101.25,\"ask\":101.27,\"volume\":1200,\"exchange\":\"XNYS\",\"currency\":\"USD\"}";
	}

	/**
	 * A client connection that offers permessage-deflate: text frames out, compressed
	 * with RSV1 when the server accepted it, replies read whole and dropped.
	 */
	private static final class Connection implements Closeable {

		private final RawWsConnection connection;

		private final boolean compressed;

		private Connection(RawWsConnection connection) {
			this.connection = connection;
			this.compressed = connection.accepted("permessage-deflate");
		}

		static Connection open(int port, String path) throws IOException {
			Socket socket = new Socket();
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			return new Connection(RawWsConnection.open(socket, port, path, TIMEOUT,
					"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"));
		}

		boolean compressed() {
			return this.compressed;
		}

		void echo(String text, Deflater deflater) throws IOException {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			if (this.compressed) {
				payload = deflate(payload, deflater);
			}
			this.connection.send(RawWsConnection.frame(this.compressed ? 0xC1 : 0x81, payload));
			this.connection.readFrame("an echo");
		}

		private static byte[] deflate(byte[] payload, Deflater deflater) {
			deflater.reset();
			deflater.setInput(payload);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[1024];
			int count;
			while ((count = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
				out.write(buffer, 0, count);
			}
			byte[] all = out.toByteArray();
			return Arrays.copyOf(all, all.length - 4);
		}

		@Override
		public void close() throws IOException {
			this.connection.close();
		}

	}

}
