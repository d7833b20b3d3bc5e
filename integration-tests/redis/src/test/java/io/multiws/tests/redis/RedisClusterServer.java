package io.multiws.tests.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.cluster.SlotHash;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of {@code redis-server} processes (Debian's package, 7.0 or newer
 * for sharded pub/sub) on free loopback ports, without persistence: N masters and no
 * replica, created with {@code redis-cli --cluster create} (one master is given every
 * slot by hand, which {@code redis-cli} refuses to do). A test can kill a master as a
 * crash would and start it again on its port, with its node configuration, so that it
 * rejoins with its slots; and move a slot to another master.
 *
 * @author multi-ws team
 */
public final class RedisClusterServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long a master may be silent before the others take it as failed; shorter than
	 * Redis's 15 s so that a test sees the cluster go down and come back.
	 */
	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

	private final Path directory;

	private final List<Node> nodes = new ArrayList<>();

	private RedisClusterServer(Path directory) {
		this.directory = directory;
	}

	/**
	 * Start a cluster of masters, each on a free loopback port, and wait until it serves
	 * every slot.
	 * @param masters how many masters (1, or 3 and more)
	 * @return the running cluster
	 */
	public static RedisClusterServer start(int masters) {
		if (masters == 2) {
			throw new IllegalArgumentException("redis-cli creates clusters of at least 3 masters; 1 is made by hand");
		}
		try {
			RedisClusterServer cluster = new RedisClusterServer(Files.createTempDirectory("redis-cluster-"));
			try {
				for (int i = 0; i < masters; i++) {
					Node node = new Node(RedisServer.freePort(), RedisServer.freePort(), cluster.directory);
					cluster.nodes.add(node);
					node.start();
				}
				cluster.create();
				return cluster;
			}
			catch (RuntimeException ex) {
				cluster.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void create() {
		if (this.nodes.size() == 1) {
			RedisServer.command(this.nodes.get(0).port, "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
		}
		else {
			List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			this.nodes.forEach((node) -> command.add("127.0.0.1:" + node.port));
			command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			run(command);
		}
		awaitHealthy();
	}

	private void run(List<String> command) {
		try {
			Path output = Files.createTempFile(this.directory, "redis-cli-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " failed: " + Files.readString(output));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(command + " could not run; install redis-tools: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait until every master says {@code cluster_state:ok} and knows every other.
	 */
	public void awaitHealthy() {
		await("every master of " + this + " serves every slot and knows the others").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> this.nodes.stream().allMatch(this::isHealthy));
	}

	private boolean isHealthy(Node node) {
		String info = (String) RedisServer.command(node.port, "CLUSTER", "INFO");
		String nodes = (String) RedisServer.command(node.port, "CLUSTER", "NODES");
		return info != null && info.contains("cluster_state:ok") && nodes != null
				&& nodes.lines().filter((line) -> line.contains("master") && !line.contains("fail")).count() == this.nodes
					.size();
	}

	/**
	 * Return the nodes as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:port,...}
	 */
	public String nodesProperty() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port).collect(Collectors.joining(","));
	}

	/**
	 * Return the ports of the masters, in the order they were started.
	 * @return the ports
	 */
	public List<Integer> ports() {
		return this.nodes.stream().map((node) -> node.port).toList();
	}

	/**
	 * Return the port of the master that owns the slot of a key or shard channel.
	 * @param key the key
	 * @return the port
	 */
	public int ownerOf(String key) {
		return ownerOfSlot(SlotHash.getSlot(key));
	}

	/**
	 * Return the port of the master that owns a slot, as the first live master sees it.
	 * @param slot the slot
	 * @return the port
	 */
	public int ownerOfSlot(int slot) {
		for (String line : clusterNodes()) {
			String[] fields = line.split(" ");
			if (!fields[2].contains("master")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				if (fields[i].startsWith("[")) {
					continue;
				}
				String[] range = fields[i].split("-");
				int start = Integer.parseInt(range[0]);
				int end = (range.length > 1) ? Integer.parseInt(range[1]) : start;
				if (slot >= start && slot <= end) {
					return port(fields[1]);
				}
			}
		}
		throw new IllegalStateException("No master owns slot " + slot);
	}

	private List<String> clusterNodes() {
		for (Node node : this.nodes) {
			if (node.isRunning()) {
				return ((String) RedisServer.command(node.port, "CLUSTER", "NODES")).lines().toList();
			}
		}
		throw new IllegalStateException("No master runs");
	}

	private static int port(String address) {
		// 127.0.0.1:7000@17000
		String hostAndPort = address.split("@")[0];
		return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
	}

	/**
	 * Run one command on one master, on a connection of its own.
	 * @param port the master's port
	 * @param args the command and its arguments
	 * @return the reply
	 */
	public @Nullable Object command(int port, String... args) {
		return RedisServer.command(port, args);
	}

	/**
	 * Return the keys of every master that match a pattern.
	 * @param pattern the glob pattern
	 * @return the keys of each master by its port
	 */
	public Map<Integer, List<String>> keys(String pattern) {
		Map<Integer, List<String>> keys = new TreeMap<>();
		for (Node node : this.nodes) {
			List<?> reply = (List<?>) RedisServer.command(node.port, "KEYS", pattern);
			keys.put(node.port, reply.stream().map(String::valueOf).toList());
		}
		return keys;
	}

	/**
	 * Return the shard channels with subscribers on one master
	 * ({@code PUBSUB SHARDCHANNELS}).
	 * @param port the master's port
	 * @param pattern the glob pattern
	 * @return the channels
	 */
	public List<String> shardChannels(int port, String pattern) {
		List<?> reply = (List<?>) RedisServer.command(port, "PUBSUB", "SHARDCHANNELS", pattern);
		return reply.stream().map(String::valueOf).toList();
	}

	/**
	 * Return the classic channels with subscribers on one master
	 * ({@code PUBSUB CHANNELS}).
	 * @param port the master's port
	 * @param pattern the glob pattern
	 * @return the channels
	 */
	public List<String> channels(int port, String pattern) {
		List<?> reply = (List<?>) RedisServer.command(port, "PUBSUB", "CHANNELS", pattern);
		return reply.stream().map(String::valueOf).toList();
	}

	/**
	 * Kill a master as a crash would (SIGKILL) and wait until it is gone.
	 * @param port the master's port
	 */
	public void kill(int port) {
		node(port).kill();
	}

	/**
	 * Start a killed master again, on its port and with its node configuration, and wait
	 * until the cluster serves every slot again.
	 * @param port the master's port
	 */
	public void restart(int port) {
		node(port).start();
		awaitHealthy();
	}

	/**
	 * Move a slot, with its keys, to another master, as {@code redis-cli --cluster
	 * reshard} does, and tell every master.
	 * @param slot the slot
	 * @param targetPort the port of the master that takes it
	 */
	public void moveSlot(int slot, int targetPort) {
		int sourcePort = ownerOfSlot(slot);
		if (sourcePort == targetPort) {
			return;
		}
		String sourceId = (String) RedisServer.command(sourcePort, "CLUSTER", "MYID");
		String targetId = (String) RedisServer.command(targetPort, "CLUSTER", "MYID");
		RedisServer.command(targetPort, "CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", sourceId);
		RedisServer.command(sourcePort, "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", targetId);
		List<?> keys;
		while (!(keys = (List<?>) RedisServer.command(sourcePort, "CLUSTER", "GETKEYSINSLOT", String.valueOf(slot),
				"100")).isEmpty()) {
			List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", String.valueOf(targetPort), "", "0",
					"5000", "KEYS"));
			keys.forEach((key) -> migrate.add(String.valueOf(key)));
			RedisServer.command(sourcePort, migrate.toArray(String[]::new));
		}
		RedisServer.command(targetPort, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", targetId);
		RedisServer.command(sourcePort, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", targetId);
		for (Node node : this.nodes) {
			if (node.port != sourcePort && node.port != targetPort) {
				RedisServer.command(node.port, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", targetId);
			}
		}
		await("every master sees slot " + slot + " on " + targetPort).atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.nodes.stream().allMatch((node) -> ownerSeenBy(node.port, slot) == targetPort));
	}

	private int ownerSeenBy(int port, int slot) {
		List<?> shards = (List<?>) RedisServer.command(port, "CLUSTER", "SLOTS");
		for (Object shard : shards) {
			List<?> fields = (List<?>) shard;
			long start = (Long) fields.get(0);
			long end = (Long) fields.get(1);
			if (slot >= start && slot <= end) {
				return ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
			}
		}
		return -1;
	}

	/**
	 * Return the slot of a key or shard channel.
	 * @param key the key
	 * @return the slot
	 */
	public static int slotOf(String key) {
		return SlotHash.getSlot(key);
	}

	private Node node(int port) {
		return this.nodes.stream()
			.filter((node) -> node.port == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No master on " + port));
	}

	@Override
	public void close() {
		this.nodes.forEach(Node::kill);
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory; nothing else to do
		}
	}

	@Override
	public String toString() {
		return "RedisClusterServer[" + nodesProperty() + "]";
	}

	/**
	 * One master: a {@code redis-server} process on a port, with its cluster bus on
	 * another, and its node configuration in the cluster's directory.
	 */
	private static final class Node {

		private final int port;

		private final int busPort;

		private final Path directory;

		private @Nullable Process process;

		Node(int port, int busPort, Path directory) {
			this.port = port;
			this.busPort = busPort;
			this.directory = directory;
		}

		void start() {
			ProcessBuilder builder = new ProcessBuilder(RedisServer.PROGRAM, "--port", String.valueOf(this.port),
					"--cluster-port", String.valueOf(this.busPort), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
					"--cluster-config-file", this.directory.resolve("nodes-" + this.port + ".conf").toString(),
					"--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()), "--save", "", "--appendonly",
					"no", "--dir", this.directory.toString(), "--protected-mode", "yes",
					// DEBUG SLEEP, from loopback only, as on one server
					"--enable-debug-command", "local")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve(this.port + ".log").toFile()));
			try {
				this.process = builder.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException(
						RedisServer.PROGRAM + " could not be started; install it (apt-get install -y redis-server): " + ex,
						ex);
			}
			await("redis-server on port " + this.port + " answers PING").atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(50))
				.ignoreExceptions()
				.until(() -> "PONG".equals(RedisServer.command(this.port, "PING")));
		}

		boolean isRunning() {
			Process process = this.process;
			return process != null && process.isAlive();
		}

		void kill() {
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

	}

}
