package io.multiws.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The targets of the issues, checked on the median ratio of a run: issue 4 for multi-ws
 * against the hand-written servlet baseline, issue 5 for the reactive binding.
 *
 * @author multi-ws team
 */
final class Targets {

	private static final double MAX_RETAINED_BYTES_PER_CYCLE = 32;

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
		}
		return this.lines;
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
