package io.multiws.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
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
		int connections = 500;
		int messages = 5;
		List<ServerProcess.Server> servers = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--connections=")) {
				connections = Math.min(1000, Integer.parseInt(arg.substring(14)));
			}
			else if (arg.startsWith("--messages=")) {
				messages = Integer.parseInt(arg.substring(11));
			}
			else if (arg.startsWith("--servers=")) {
				for (String entry : arg.substring(10).split(",")) {
					String[] parts = entry.split("=", 2);
					servers.add(new ServerProcess.Server(parts[0], Path.of(parts[1])));
				}
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		if (servers.isEmpty()) {
			servers.add(new ServerProcess.Server("multi-ws (Tomcat)", jar("sample-app/target", "sample-app-")));
			servers.add(new ServerProcess.Server("multi-ws-reactive (Reactor Netty)",
					jar("sample-app-reactive/target", "sample-app-reactive-")));
		}
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
			for (Socket warmUp : open(base, 50, messages, "w")) {
				warmUp.close();
			}
			process.awaitSessions(0, TIMEOUT);
			long heapIdle = process.liveHeapKilobytes("idle");
			process.gc();
			long rssIdle = process.residentKilobytes();
			List<Socket> held = open(base, connections, messages, "m");
			int negotiated = (int) held.stream().filter(CompressionMemory::negotiated).count();
			long heapLoaded = process.liveHeapKilobytes("loaded");
			process.gc();
			long rssLoaded = process.residentKilobytes();
			for (Socket socket : held) {
				socket.close();
			}
			return String.format(Locale.ROOT, "| %s | %s | %d / %d | %.1f | %.1f |", server.name(),
					compression ? "on" : "off", negotiated, held.size(), (heapLoaded - heapIdle) / (double) held.size(),
					(rssLoaded - rssIdle) / (double) held.size());
		}
	}

	private static boolean negotiated(Socket socket) {
		return socket instanceof Connection connection && connection.compressed;
	}

	private static List<Socket> open(URI base, int count, int messages, String prefix) throws IOException {
		List<Socket> sockets = new ArrayList<>(count);
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try {
			for (int i = 0; i < count; i++) {
				Connection connection = Connection.open(base.getPort(), base.getPath() + prefix + i);
				for (int m = 0; m < messages; m++) {
					connection.echo(message(i, m), deflater);
				}
				sockets.add(connection);
			}
		}
		finally {
			deflater.end();
		}
		return sockets;
	}

	private static String message(int connection, int message) {
		return "{\"type\":\"quote\",\"symbol\":\"ACME\",\"connection\":" + connection + ",\"seq\":" + message
				+ ",\"bid\":101.25,\"ask\":101.27,\"volume\":1200,\"exchange\":\"XNYS\",\"currency\":\"USD\"}";
	}

	private static Path jar(String directory, String prefix) throws IOException {
		try (var files = Files.list(Path.of(directory))) {
			return files
				.filter((path) -> path.getFileName().toString().startsWith(prefix)
						&& path.getFileName().toString().endsWith(".jar"))
				.findFirst()
				.orElseThrow(() -> new IOException("No " + prefix + "*.jar in " + directory + ": package it first"));
		}
	}

	/**
	 * A client connection on a plain socket: masked text frames out, compressed with
	 * RSV1 when permessage-deflate was negotiated, replies read whole and dropped.
	 */
	private static final class Connection extends Socket {

		private boolean compressed;

		static Connection open(int port, String path) throws IOException {
			Connection connection = new Connection();
			connection.setSoTimeout((int) TIMEOUT.toMillis());
			connection.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
					+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
			connection.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			String head = readHead(connection.getInputStream());
			if (!head.startsWith("HTTP/1.1 101")) {
				connection.close();
				throw new IOException("Upgrade of " + path + " refused: " + head);
			}
			connection.compressed = head.toLowerCase(Locale.ROOT).contains("permessage-deflate");
			return connection;
		}

		void echo(String text, Deflater deflater) throws IOException {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			if (this.compressed) {
				payload = deflate(payload, deflater);
			}
			writeFrame(payload);
			readFrame();
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

		private void writeFrame(byte[] payload) throws IOException {
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			frame.write(this.compressed ? 0xC1 : 0x81);
			if (payload.length < 126) {
				frame.write(0x80 | payload.length);
			}
			else {
				frame.write(0x80 | 126);
				frame.write(payload.length >> 8);
				frame.write(payload.length & 0xFF);
			}
			byte[] mask = new byte[4];
			ThreadLocalRandom.current().nextBytes(mask);
			frame.write(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.write(payload[i] ^ mask[i % 4]);
			}
			OutputStream out = getOutputStream();
			out.write(frame.toByteArray());
			out.flush();
		}

		private void readFrame() throws IOException {
			InputStream in = getInputStream();
			int first = in.read();
			int second = in.read();
			if (first < 0 || second < 0 || (first & 0x0F) == 0x8) {
				throw new IOException("Closed by the server instead of an echo");
			}
			int length = second & 0x7F;
			if (length == 126) {
				length = (in.read() << 8) | in.read();
			}
			in.readNBytes(length);
		}

		private static String readHead(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b < 0) {
					break;
				}
				head.append((char) b);
			}
			return head.toString();
		}

	}

}
