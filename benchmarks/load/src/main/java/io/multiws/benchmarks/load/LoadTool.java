package io.multiws.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end load tool. Starts each server as a process of its own, one at a time,
 * alternating their order from one repeat to the next, runs the scenarios against it
 * with a real WebSocket client over loopback, and prints every figure, the ratios
 * multi-ws / baseline, and the targets of the issues.
 *
 * @author multi-ws team
 */
public final class LoadTool {

	private LoadTool() {
	}

	public static void main(String[] args) throws Exception {
		Report report;
		try {
			report = run(System.out, args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		System.exit(report.problems().isEmpty() ? 0 : 1);
	}

	/**
	 * Run the tool.
	 * @param out where the report goes
	 * @param args the command line
	 * @return the report
	 * @throws Exception if a server cannot be started or the run fails
	 */
	static Report run(PrintStream out, String... args) throws Exception {
		Options options = Options.parse(args);
		Files.createDirectories(options.logs());
		List<Scenario> scenarios = options.size()
			.scenarios()
			.stream()
			.filter((scenario) -> options.scenarios().contains(scenario.name()))
			.toList();
		String header = header(options, args);
		out.print(header);
		long start = System.nanoTime();
		Report report = new Report();
		try (WsClient client = new WsClient(options.clientThreads())) {
			if (options.reuseProcess()) {
				for (int repeat = 0; repeat < options.repeats(); repeat++) {
					for (ServerProcess.Server server : inTurn(options.servers(), repeat)) {
						runAll(report, scenarios, server, options, client, "r" + repeat, out);
					}
				}
			}
			else {
				for (Scenario scenario : scenarios) {
					for (int repeat = 0; repeat < options.repeats(); repeat++) {
						for (ServerProcess.Server server : inTurn(options.servers(), repeat)) {
							runAll(report, List.of(scenario), server, options, client,
									scenario.name() + "-r" + repeat, out);
						}
					}
				}
			}
		}
		String body = report.render(options.pairs()) + footer(report, options, start);
		out.print(body);
		if (options.out() != null) {
			Files.writeString(options.out(), header + body);
		}
		return report;
	}

	private static List<ServerProcess.Server> inTurn(List<ServerProcess.Server> servers, int repeat) {
		List<ServerProcess.Server> ordered = new ArrayList<>(servers);
		if (repeat % 2 == 1) {
			java.util.Collections.reverse(ordered);
		}
		return ordered;
	}

	private static void runAll(Report report, List<Scenario> scenarios, ServerProcess.Server server, Options options,
			WsClient client, String label, PrintStream out) throws Exception {
		try (ServerProcess process = ServerProcess.start(server, options.jvmArgs(), options.logs(), label)) {
			for (Scenario scenario : scenarios) {
				long start = System.nanoTime();
				Result result;
				try {
					result = scenario.run(process, client);
				}
				catch (Exception ex) {
					result = new Result();
					result.problem("failed: " + ex);
				}
				report.add(scenario, server.name(), result);
				out.printf(Locale.ROOT, "  %-8s %-18s %-12s %5.1f s %s%n", scenario.name(), server.name(), label,
						(System.nanoTime() - start) / 1e9, result.problems().isEmpty() ? "" : result.problems());
			}
		}
		catch (IOException ex) {
			report.problem(server.name() + " (" + label + "): " + ex.getMessage());
			out.println("  " + server.name() + " " + label + ": " + ex.getMessage());
		}
	}

	private static String header(Options options, String... args) {
		StringBuilder out = new StringBuilder();
		out.append("## multi-ws load run, ").append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
		out.append("- command: `java -jar benchmarks/load/target/load.jar ").append(String.join(" ", args)).append("`\n");
		out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
			.append(memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
			.append(System.getProperty("os.version"))
			.append("; load average at start ")
			.append(ProcessStats.loadAverage())
			.append('\n');
		out.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.runtime.version")).append("; server JVM flags: `")
			.append(String.join(" ", options.jvmArgs())).append("`\n");
		out.append("- size ").append(options.size().name().toLowerCase(Locale.ROOT)).append(", ").append(options.repeats())
			.append(" repeat(s), ").append(options.reuseProcess() ? "one server process per repeat"
					: "a fresh server process per scenario run")
			.append(", servers alternating; client: Netty, ").append(options.clientThreads())
			.append(" event-loop threads\n");
		options.servers().forEach((server) -> out.append("- ").append(server.name()).append(": `")
			.append(server.jar()).append(server.arguments().isEmpty() ? "" : " " + String.join(" ", server.arguments()))
			.append("`\n"));
		out.append('\n');
		return out.toString();
	}

	private static String footer(Report report, Options options, long start) {
		StringBuilder out = new StringBuilder("\n### Targets\n\n```\n");
		new Targets(report).check(options.pairs()).forEach((line) -> out.append(line).append('\n'));
		out.append("```\n\n");
		out.append(String.format(Locale.ROOT, "Finished in %.0f s; load average at the end %s.%n",
				(System.nanoTime() - start) / 1e9, ProcessStats.loadAverage()));
		if (report.problems().isEmpty()) {
			out.append("Correctness: no failed handshake, wrong reply, lost or duplicated message, or hub left.\n");
		}
		else {
			out.append("\nPROBLEMS:\n");
			report.problems().forEach((problem) -> out.append("- ").append(problem).append('\n'));
		}
		return out.toString();
	}

	private static String memTotal() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					long kilobytes = Long.parseLong(line.replaceAll("[^0-9]", ""));
					return String.format(Locale.ROOT, "%.0f GiB RAM", kilobytes / 1024.0 / 1024.0);
				}
			}
		}
		catch (IOException ex) {
			// Not Linux
		}
		return "unknown RAM";
	}

}
