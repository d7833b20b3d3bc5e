package io.multiws.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The targets of the issues, checked on the median ratio of a run: issue 4 for multi-ws
 * against the hand-written servlet baseline, issue 5 for the reactive binding, issue 9
 * for bursts on every multi-ws server, issue 19 for the cost of multi-ws's own
 * instrumentation (a level of {@code --instrumentation} against {@code off}).
 *
 * @author multi-ws team
 */
final class Targets {

	private static final double MAX_RETAINED_BYTES_PER_CYCLE = 32;

	/**
	 * The default send time limit (10 s) and a second.
	 */
	private static final double MAX_STOPPED_CLOSE_MILLIS = 11_000;

	/**
	 * The CPU per operation of the sample as shipped (and with its meters only) at most
	 * this times that without multi-ws's instrumentation.
	 */
	private static final double MAX_DEFAULT_INSTRUMENTATION_RATIO = 1.05;

	/**
	 * The same with an observation per inbound message.
	 */
	private static final double MAX_OBSERVED_INSTRUMENTATION_RATIO = 1.25;

	private final Report report;

	private final List<String> lines = new ArrayList<>();

	Targets(Report report) {
		this.report = report;
	}

	/**
	 * Check every target whose servers took part in the run.
	 * @param pairs the pairs of the run
	 * @return one line per target
	 */
	List<String> check(List<Options.Pair> pairs) {
		for (Options.Pair pair : pairs) {
			if (pair.subject().equals("multi-ws") && pair.baseline().equals("baseline-servlet")) {
				servlet(pair);
			}
			else if (pair.subject().equals("multi-ws-reactive") && pair.baseline().equals("baseline-webflux")) {
				ratio(pair, "echo", "server CPU µs/round trip", "≤", 1.05);
				ratio(pair, "fanout", "server CPU µs/delivery", "≤", 1.05);
				memory(pair.subject(), 20);
			}
			else if (pair.subject().equals("multi-ws-reactive") && pair.baseline().equals("baseline-servlet")) {
				ratio(pair, "echo", "server CPU µs/round trip", "≤", 0.5);
				ratio(pair, "fanout", "server CPU µs/delivery", "≤", 0.5);
			}
			else if (pair.baseline().endsWith(":" + Instrumentation.OFF.label())) {
				instrumentation(pair);
			}
		}
		Set<String> bursted = new LinkedHashSet<>(this.report.servers("burst"));
		bursted.addAll(this.report.servers("burst-stopped"));
		bursted.stream().filter((server) -> server.startsWith("multi-ws")).forEach(this::burst);
		this.report.servers("requests").stream().filter((server) -> server.startsWith("multi-ws")).forEach(this::requests);
		return this.lines;
	}

	/**
	 * Issue 9: in every burst run every reader got every message (the time to deliver all
	 * is only reported then) and none was closed, and the stopped reader was dropped
	 * within the default send time limit and a second.
	 */
	private void burst(String server) {
		for (String scenario : List.of("burst", "burst-stopped")) {
			double[] closed = this.report.values(scenario, server, "readers closed");
			double[] delivered = this.report.values(scenario, server, "time to deliver all ms");
			String what = scenario + " on " + server + ": every reader gets every message, none closed";
			if (closed.length == 0) {
				this.lines.add("n/a    " + what + " (not run)");
				continue;
			}
			boolean met = delivered.length == closed.length && Arrays.stream(closed).allMatch((count) -> count == 0);
			this.lines.add((met ? "met    " : "MISSED ") + what + ": " + delivered.length + " of " + closed.length
					+ " runs");
		}
		double[] runs = this.report.values("burst-stopped", server, "stopped close code");
		double[] dropped = this.report.values("burst-stopped", server, "stopped closed after ms");
		if (runs.length > 0) {
			double latest = Arrays.stream(dropped).max().orElse(Double.NaN);
			boolean met = dropped.length == runs.length && latest <= MAX_STOPPED_CLOSE_MILLIS;
			this.lines.add((met ? "met    " : "MISSED ") + "burst-stopped on " + server + ": the stopped reader dropped "
					+ "within " + Report.format(MAX_STOPPED_CLOSE_MILLIS) + " ms: " + dropped.length + " of "
					+ runs.length + " runs, latest " + Report.format(latest) + " ms");
		}
	}

	/**
	 * Issue 22: a request-reply round trip costs the server at most 1.1 times the CPU of
	 * an echo round trip, on the same server, measured in alternating windows.
	 */
	private void requests(String server) {
		Double median = Report.median(this.report.values("requests", server, "request/echo CPU ratio (median of pairs)"));
		String what = "requests on " + server + ": server CPU per request-reply round trip ≤ 1.1 × echo's";
		if (median == null) {
			this.lines.add("n/a    " + what + " (not run)");
			return;
		}
		this.lines.add(((median <= 1.1) ? "met    " : "MISSED ") + what + ": median " + Report.ratio(median));
	}

	/**
	 * Issue 19: what multi-ws's instrumentation costs over the same jar without it.
	 */
	private void instrumentation(Options.Pair pair) {
		String level = pair.subject().substring(pair.subject().lastIndexOf(':') + 1);
		double target = level.equals(Instrumentation.OBSERVATIONS.label()) ? MAX_OBSERVED_INSTRUMENTATION_RATIO
				: MAX_DEFAULT_INSTRUMENTATION_RATIO;
		ratio(pair, "echo", "server CPU µs/round trip", "≤", target);
		ratio(pair, "fanout", "server CPU µs/delivery", "≤", target);
	}

	private void servlet(Options.Pair pair) {
		ratio(pair, "connect", "handshake/s", "≥", 1.0);
		ratio(pair, "echo", "round trip/s", "≥", 0.97);
		ratio(pair, "echo", "p99 µs", "≤", 1.05);
		ratio(pair, "fanout", "server CPU µs/delivery", "≤", 0.77);
		ratio(pair, "memory", "RSS KB/connection", "≤", 1.1);
		hubs(pair.subject());
	}

	private void ratio(Options.Pair pair, String scenario, String metric, String comparison, double target) {
		Double median = Report.median(this.report.ratios(scenario, pair, metric));
		String what = scenario + " " + metric + " " + pair + " " + comparison + " " + target;
		if (median == null) {
			this.lines.add("n/a    " + what + " (not run)");
			return;
		}
		boolean met = comparison.equals("≥") ? median >= target : median <= target;
		this.lines.add((met ? "met    " : "MISSED ") + what + ": median " + Report.ratio(median));
	}

	private void memory(String server, double kilobytes) {
		Double median = Report.median(this.report.values("memory", server, "RSS KB/connection"));
		String what = "memory RSS KB/connection of " + server + " ≤ " + kilobytes;
		if (median == null) {
			this.lines.add("n/a    " + what + " (not run)");
			return;
		}
		this.lines.add(((median <= kilobytes) ? "met    " : "MISSED ") + what + ": median " + Report.format(median));
	}

	private void hubs(String server) {
		double[] left = this.report.values("hubs", server, "hubs left");
		Double retained = Report.median(this.report.values("hubs", server, "retained B/cycle"));
		if (left.length == 0 || retained == null) {
			this.lines.add("n/a    hubs: zero hubs and no retained-heap growth (not run)");
			return;
		}
		double maxLeft = Arrays.stream(left).max().orElse(0);
		boolean met = maxLeft == 0 && retained <= MAX_RETAINED_BYTES_PER_CYCLE;
		this.lines.add((met ? "met    " : "MISSED ") + "hubs of " + server + ": at most " + Report.format(maxLeft)
				+ " hubs left, heap retained " + String.format(Locale.ROOT, "%.1f", retained) + " B/cycle (target 0 hubs, ≤ "
				+ Report.format(MAX_RETAINED_BYTES_PER_CYCLE) + " B/cycle)");
	}

}
