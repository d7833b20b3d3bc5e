package io.multiws.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The command line of the tool.
 *
 * @param size the size of the run
 * @param servers the servers, in order
 * @param pairs the comparisons to print, each a multi-ws server and its baseline
 * @param instrumentation the instrumentation levels of the multi-ws servers
 * @param scenarios the scenarios to run, by name
 * @param repeats how many times each scenario runs against each server
 * @param reuseProcess whether one server process serves every scenario of a repeat
 * @param jvmArgs the JVM flags of every server
 * @param clientThreads the client's event-loop threads
 * @param logs where the server logs go
 * @param out a Markdown file for the report, if any
 * @author multi-ws team
 */
record Options(Size size, List<ServerProcess.Server> servers, List<Pair> pairs, List<Instrumentation> instrumentation,
		Set<String> scenarios, int repeats, boolean reuseProcess, List<String> jvmArgs, int clientThreads, Path logs, @Nullable Path out) {

	static final String USAGE = """
			Usage: java -jar load.jar [--size=tiny|small|full] [--stack=servlet|reactive|all|multi-ws]
			         [--servers=name=jar,...] [--pairs=multi-ws/baseline,...]
			         [--instrumentation=default|observations|meters|off,...]
			         [--scenarios=connect,echo,fanout,hubs,memory,burst,burst-stopped,requests]
			         [--repeats=N] [--reuse-process=true|false] [--jvm-args="-Xmx1g ..."] [--client-threads=2]
			         [--root=DIR] [--logs=DIR] [--out=results.md]
			  --stack picks the default servers: servlet = multi-ws (sample-app) and baseline-servlet;
			    reactive = multi-ws-reactive (sample-app-reactive) and baseline-webflux; all = the four;
			    multi-ws = multi-ws and multi-ws-reactive, no baseline.
			  --instrumentation starts every server named multi-ws* as shipped (default), with an
			    observation per message (observations), with its meters only (meters) or with multi-ws's
			    metrics and observation auto-configurations excluded (off); a list runs each server once
			    per level, named server:level, and compares each level with off.
			""";

	private static final String DEFAULT_JVM_ARGS = "-Xmx1g -XX:+UseG1GC";

	/**
	 * Parse a command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException on a bad argument
	 */
	static Options parse(String... args) {
		Map<String, String> given = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Bad argument '" + arg + "'\n" + USAGE);
			}
			given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		Size size = Size.of(given.getOrDefault("size", "small"));
		Path root = Path.of(given.getOrDefault("root", findRoot().toString())).toAbsolutePath().normalize();
		String stack = given.getOrDefault("stack", "servlet");
		List<Instrumentation> instrumentation = Arrays.stream(given.getOrDefault("instrumentation", "default").split(","))
			.map(Instrumentation::of)
			.distinct()
			.toList();
		List<ServerProcess.Server> servers = instrumented(
				given.containsKey("servers") ? servers(given.get("servers")) : defaultServers(root, stack),
				instrumentation);
		List<Pair> pairs = given.containsKey("pairs") ? pairs(given.get("pairs"))
				: (instrumentation.size() > 1) ? instrumentationPairs(servers, instrumentation) : defaultPairs(servers);
		Set<String> scenarios = Set.copyOf(Arrays.asList(given.getOrDefault("scenarios",
				size.scenarios().stream().map(Scenario::name).collect(Collectors.joining(","))).split(",")));
		int repeats = Integer.parseInt(given.getOrDefault("repeats", Integer.toString(size.repeats())));
		boolean reuse = Boolean.parseBoolean(given.getOrDefault("reuse-process", Boolean.toString(size.reuseProcess())));
		List<String> jvmArgs = List.of(given.getOrDefault("jvm-args", DEFAULT_JVM_ARGS).trim().split("\\s+"));
		int clientThreads = Integer.parseInt(given.getOrDefault("client-threads", "2"));
		Path logs = Path.of(given.getOrDefault("logs", System.getProperty("java.io.tmpdir") + "/multi-ws-load"));
		Path out = given.containsKey("out") ? Path.of(given.get("out")) : null;
		Set<String> known = Set.of("size", "root", "stack", "servers", "pairs", "instrumentation", "scenarios",
				"repeats", "reuse-process", "jvm-args", "client-threads", "logs", "out");
		given.keySet().stream().filter((key) -> !known.contains(key)).findFirst().ifPresent((key) -> {
			throw new IllegalArgumentException("Unknown option --" + key + "\n" + USAGE);
		});
		for (ServerProcess.Server server : servers) {
			if (!Files.isRegularFile(server.jar())) {
				throw new IllegalArgumentException("No jar for server '" + server.name() + "' at " + server.jar()
						+ ": build it first (see benchmarks/README.md)");
			}
		}
		return new Options(size, servers, pairs, instrumentation, scenarios, repeats, reuse, jvmArgs, clientThreads,
				logs, out);
	}

	/**
	 * Start each multi-ws server with the arguments of an instrumentation level; with
	 * several levels, once per level, one after the other, so that the levels of a server
	 * run side by side in every repeat.
	 */
	private static List<ServerProcess.Server> instrumented(List<ServerProcess.Server> servers,
			List<Instrumentation> levels) {
		List<ServerProcess.Server> instrumented = new ArrayList<>();
		for (ServerProcess.Server server : servers) {
			if (!server.name().startsWith("multi-ws")) {
				instrumented.add(server);
				continue;
			}
			for (Instrumentation level : levels) {
				String name = (levels.size() > 1) ? server.name() + ":" + level.label() : server.name();
				instrumented.add(new ServerProcess.Server(name, server.jar(), level.arguments()));
			}
		}
		return instrumented;
	}

	/**
	 * Compare every level of a multi-ws server with the same server without
	 * instrumentation, or with the last level given when {@code off} is not one of them.
	 */
	private static List<Pair> instrumentationPairs(List<ServerProcess.Server> servers, List<Instrumentation> levels) {
		Instrumentation reference = levels.contains(Instrumentation.OFF) ? Instrumentation.OFF
				: levels.get(levels.size() - 1);
		List<Pair> pairs = new ArrayList<>();
		for (ServerProcess.Server server : servers) {
			String suffix = ":" + reference.label();
			if (server.name().endsWith(suffix)) {
				String base = server.name().substring(0, server.name().length() - suffix.length());
				for (Instrumentation level : levels) {
					if (level != reference) {
						pairs.add(new Pair(base + ":" + level.label(), server.name()));
					}
				}
			}
		}
		return pairs;
	}

	private static List<ServerProcess.Server> servers(String list) {
		return ToolArguments.servers(list)
			.stream()
			.map((server) -> new ServerProcess.Server(server.name(), server.jar().toAbsolutePath()))
			.toList();
	}

	private static List<ServerProcess.Server> defaultServers(Path root, String stack) {
		ServerProcess.Server multiWs = new ServerProcess.Server("multi-ws", jar(root.resolve("sample-app/target"), "sample-app-"));
		ServerProcess.Server baseline = new ServerProcess.Server("baseline-servlet",
				root.resolve("benchmarks/baseline-servlet/target/baseline-servlet.jar"));
		ServerProcess.Server reactive = new ServerProcess.Server("multi-ws-reactive",
				jar(root.resolve("sample-app-reactive/target"), "sample-app-reactive-"));
		ServerProcess.Server webflux = new ServerProcess.Server("baseline-webflux",
				root.resolve("benchmarks/baseline-webflux/target/baseline-webflux.jar"));
		return switch (stack) {
			case "servlet" -> List.of(multiWs, baseline);
			case "reactive" -> List.of(reactive, webflux);
			case "all" -> List.of(multiWs, baseline, reactive, webflux);
			case "multi-ws" -> List.of(multiWs, reactive);
			default -> throw new IllegalArgumentException("Unknown stack '" + stack + "'\n" + USAGE);
		};
	}

	private static Path jar(Path directory, String prefix) {
		if (Files.isDirectory(directory)) {
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, prefix + "*.jar")) {
				for (Path jar : jars) {
					String name = jar.getFileName().toString();
					if (name.matches(java.util.regex.Pattern.quote(prefix) + "\\d.*\\.jar")) {
						return jar;
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return directory.resolve(prefix + "<version>.jar");
	}

	private static List<Pair> pairs(String list) {
		List<Pair> pairs = new ArrayList<>();
		for (String entry : list.split(",")) {
			String[] parts = entry.split("/", 2);
			if (parts.length != 2) {
				throw new IllegalArgumentException("Bad pair '" + entry + "': expected multi-ws/baseline");
			}
			pairs.add(new Pair(parts[0], parts[1]));
		}
		return pairs;
	}

	private static List<Pair> defaultPairs(List<ServerProcess.Server> servers) {
		List<String> names = servers.stream().map(ServerProcess.Server::name).toList();
		List<Pair> pairs = new ArrayList<>();
		for (Pair candidate : List.of(new Pair("multi-ws", "baseline-servlet"),
				new Pair("multi-ws-reactive", "baseline-webflux"), new Pair("multi-ws-reactive", "baseline-servlet"))) {
			if (names.contains(candidate.subject()) && names.contains(candidate.baseline())) {
				pairs.add(candidate);
			}
		}
		if (pairs.isEmpty() && names.size() >= 2) {
			pairs.add(new Pair(names.get(0), names.get(1)));
		}
		return pairs;
	}

	private static Path findRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isDirectory(directory.resolve("benchmarks")) && Files.isDirectory(directory.resolve("sample-app"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		return Path.of("").toAbsolutePath();
	}

	/**
	 * A comparison: a multi-ws server and the baseline it is measured against.
	 *
	 * @param subject the multi-ws server
	 * @param baseline the baseline server
	 */
	record Pair(String subject, String baseline) {

		@Override
		public String toString() {
			return this.subject + " / " + this.baseline;
		}

	}

}
