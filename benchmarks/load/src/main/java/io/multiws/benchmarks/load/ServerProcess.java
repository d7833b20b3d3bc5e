package io.multiws.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under test, started as its own JVM ({@code java <flags> -jar <jar>
 * --server.port=<free port>}) with its output in a log file, and what the tool reads from
 * it: CPU time, resident memory, live heap ({@code jcmd}) and its live hubs
 * ({@code GET /api/hubs}).
 *
 * @author multi-ws team
 */
final class ServerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final Pattern HUB = Pattern.compile("\\{[^{}]*}");

	private static final Pattern SESSIONS = Pattern.compile("\"sessions\"\\s*:\\s*(\\d+)");

	private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ServerProcess(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Start a server and wait until it answers HTTP.
	 * @param server the server
	 * @param jvmArgs the JVM flags, the same for every server
	 * @param logDirectory where its output goes
	 * @param label a label for the log file name
	 * @return the started server
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted
	 */
	static ServerProcess start(Server server, List<String> jvmArgs, Path logDirectory, String label)
			throws IOException, InterruptedException {
		return start(server, jvmArgs, List.of(), logDirectory, label);
	}

	/**
	 * Start a server with application arguments of its own and wait until it answers HTTP.
	 * @param server the server
	 * @param jvmArgs the JVM flags, the same for every server
	 * @param appArgs more application arguments, such as {@code --spring.profiles.active=cluster}
	 * @param logDirectory where its output goes
	 * @param label a label for the log file name
	 * @return the started server
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted
	 */
	static ServerProcess start(Server server, List<String> jvmArgs, List<String> appArgs, Path logDirectory,
			String label) throws IOException, InterruptedException {
		int port = freePort();
		Path log = logDirectory.resolve(server.name().replace(':', '-') + "-" + label + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", server.jar().toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
		// One client on loopback sends as fast as it can: multi-ws's inbound rates, which
		// hold on loopback too, would close it with 1008 (the baselines have none)
		command.addAll(List.of("--multi-ws.limits.max-inbound-messages-per-second=0",
				"--multi-ws.limits.max-inbound-bytes-per-second=0"));
		command.addAll(appArgs);
		command.addAll(server.arguments());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ServerProcess started = new ServerProcess(server.name(), process, port, log);
		started.awaitReady();
		return started;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("Server " + this.name + " exited with " + this.process.exitValue() + "; see "
						+ this.log);
			}
			try {
				// Any answer means it is up; a server without /api/hubs fails the hubs scenario only
				get("/api/hubs");
				return;
			}
			catch (IOException ex) {
				// Not listening yet
			}
			Thread.sleep(100);
		}
		close();
		throw new IOException("Server " + this.name + " not ready within " + START_TIMEOUT + "; see " + this.log);
	}

	/**
	 * Return the URI of a WebSocket path on this server.
	 * @param path the path
	 * @return the URI
	 */
	URI ws(String path) {
		return URI.create("ws://127.0.0.1:" + this.port + path);
	}

	/**
	 * Return the user plus system CPU time used so far.
	 * @return the CPU time in nanoseconds
	 */
	long cpuNanos() {
		return ProcessStats.cpuNanos(this.process.pid());
	}

	/**
	 * Return the resident memory.
	 * @return the resident memory in kilobytes
	 */
	long residentKilobytes() {
		return ProcessStats.residentKilobytes(this.process.pid());
	}

	/**
	 * Return the live heap, from a class histogram (which runs a full GC first); the
	 * histogram is kept in the log directory for leak hunting.
	 * @param label the name of the histogram file
	 * @return the live heap in kilobytes
	 * @throws IOException if {@code jcmd} fails
	 * @throws InterruptedException if interrupted
	 */
	long liveHeapKilobytes(String label) throws IOException, InterruptedException {
		String histogram = jcmd("GC.class_histogram");
		Files.writeString(this.log.resolveSibling(this.log.getFileName() + "." + label + ".histo"), histogram);
		Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
		if (!total.find()) {
			throw new IOException("No total in class histogram: " + histogram);
		}
		return Long.parseLong(total.group(1)) / 1024;
	}

	/**
	 * Run a full GC.
	 * @throws IOException if {@code jcmd} fails
	 * @throws InterruptedException if interrupted
	 */
	void gc() throws IOException, InterruptedException {
		jcmd("GC.run");
	}

	private String jcmd(String command) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(List.of(Files.exists(jcmd) ? jcmd.toString() : "jcmd",
				Long.toString(this.process.pid()), command))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("jcmd " + command + " failed: " + output);
		}
		return output;
	}

	/**
	 * Return the live hubs (rooms) and their sessions, from {@code GET /api/hubs}.
	 * @return the session count of every live hub
	 * @throws IOException if the request fails
	 * @throws InterruptedException if interrupted
	 */
	List<Integer> hubSessions() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/hubs");
		if (response.statusCode() != 200) {
			throw new IOException("GET /api/hubs answered " + response.statusCode());
		}
		List<Integer> sessions = new ArrayList<>();
		Matcher hubs = HUB.matcher(response.body());
		while (hubs.find()) {
			Matcher count = SESSIONS.matcher(hubs.group());
			sessions.add(count.find() ? Integer.parseInt(count.group(1)) : 0);
		}
		return sessions;
	}

	/**
	 * Wait until the live hubs hold a given number of sessions in total.
	 * @param sessions the expected total
	 * @param timeout the time limit
	 * @return whether it was reached in time
	 * @throws IOException if a request fails
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitSessions(int sessions, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<Integer> hubs = hubSessions();
			int total = hubs.stream().mapToInt(Integer::intValue).sum();
			if (total == sessions && (sessions > 0 || hubs.isEmpty())) {
				return true;
			}
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(50);
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ", port " + this.port + ")";
	}

	/**
	 * A server to test: a name, an executable jar and the application arguments it is
	 * started with besides its port and address.
	 *
	 * @param name the name
	 * @param jar the jar
	 * @param arguments the application arguments
	 */
	record Server(String name, Path jar, List<String> arguments) {

		Server(String name, Path jar) {
			this(name, jar, List.of());
		}

		/**
		 * Return the server of the executable jar a module's build left in a directory.
		 * @param name the name
		 * @param directory the directory, such as {@code sample-app/target}
		 * @param prefix the jar's name up to its version, such as {@code sample-app-}
		 * @return the server
		 * @throws IllegalStateException if there is no such jar
		 */
		static Server packaged(String name, String directory, String prefix) {
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(directory), prefix + "[0-9]*.jar")) {
				for (Path jar : jars) {
					if (!jar.getFileName().toString().endsWith("-plain.jar")) {
						return new Server(name, jar);
					}
				}
			}
			catch (IOException ex) {
				// No such directory: not built either
			}
			throw new IllegalStateException("No " + prefix + "*.jar in " + directory + ": build it first");
		}

	}

}
