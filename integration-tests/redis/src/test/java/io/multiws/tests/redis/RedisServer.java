package io.multiws.tests.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without
 * persistence, that a test can kill and start again on the same port or put to sleep
 * ({@code DEBUG SLEEP}); and a minimal RESP
 * client that opens a socket per command, so that it survives those restarts.
 *
 * @author multi-ws team
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * The program to start: the {@code redis.server} system property (set from the build's
	 * property of that name, which the build's preflight checks too), else
	 * {@code redis-server} on the {@code PATH}.
	 */
	private static final String PROGRAM = System.getProperty("redis.server", "redis-server");

	private final int port;

	private final Path log;

	private @Nullable Process process;

	private RedisServer(int port, Path log) {
		this.port = port;
		this.log = log;
	}

	/**
	 * Start a server on a free loopback port.
	 * @return the running server
	 */
	public static RedisServer start() {
		try {
			Path log = Files.createTempFile("redis-server-", ".log");
			RedisServer server = new RedisServer(freePort(), log);
			server.startProcess();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a server that is not started yet, on a given port.
	 * @param port the port
	 * @return the server, to start with {@link #startProcess()}
	 */
	public static RedisServer unstarted(int port) {
		try {
			return new RedisServer(port, Files.createTempFile("redis-server-", ".log"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a free TCP port on the loopback interface.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * Start the server process again, on the same port, and wait until it answers PING.
	 */
	public void startProcess() {
		ProcessBuilder builder = new ProcessBuilder(PROGRAM, "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes",
				// DEBUG SLEEP, from loopback only: a Redis that stops answering for a while
				"--enable-debug-command", "local")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					PROGRAM + " could not be started; install it (apt-get install -y redis-server): " + ex, ex);
		}
		await("redis-server on port " + this.port + " answers PING (log: " + this.log + ")").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> "PONG".equals(command("PING")));
	}

	/**
	 * Kill the server process as a crash would (SIGKILL) and wait until it is gone.
	 */
	public void kill() {
		Process process = this.process;
		if (process != null) {
			process.destroyForcibly();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	@Override
	public void close() {
		kill();
	}

	/**
	 * Run one command on a connection of its own.
	 * @param args the command and its arguments
	 * @return the reply: a {@code String}, a {@code Long}, a {@code List} or {@code null}
	 */
	public @Nullable Object command(String... args) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder().append('*').append(args.length).append("\r\n");
			for (String arg : args) {
				byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
				request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
			}
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Redis command " + List.of(args) + " failed", ex);
		}
	}

	/**
	 * Return the number of subscribers of a channel ({@code PUBSUB NUMSUB}).
	 * @param channel the channel
	 * @return the subscriber count
	 */
	public long numsub(String channel) {
		List<?> reply = (List<?>) command("PUBSUB", "NUMSUB", channel);
		return (Long) reply.get(1);
	}

	/**
	 * Return the channels with at least one subscriber that match a pattern
	 * ({@code PUBSUB CHANNELS}).
	 * @param pattern the glob pattern
	 * @return the channels
	 */
	public List<?> channels(String pattern) {
		return (List<?>) command("PUBSUB", "CHANNELS", pattern);
	}

	private static @Nullable Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = readLine(in);
		return switch (type) {
			case '+' -> line;
			case '-' -> throw new IOException("Redis error: " + line);
			case ':' -> Long.parseLong(line);
			case '$' -> readBulk(in, Integer.parseInt(line));
			case '*' -> readArray(in, Integer.parseInt(line));
			default -> throw new IOException("Unexpected reply type " + type);
		};
	}

	private static @Nullable String readBulk(InputStream in, int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = in.readNBytes(length + 2);
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private static List<@Nullable Object> readArray(InputStream in, int length) throws IOException {
		List<@Nullable Object> items = new ArrayList<>(Math.max(length, 0));
		for (int i = 0; i < length; i++) {
			items.add(read(in));
		}
		return items;
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
	public String toString() {
		return "RedisServer[port=" + this.port + "]";
	}

}
