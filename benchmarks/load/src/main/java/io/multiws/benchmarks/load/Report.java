package io.multiws.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Every result of a run, by scenario, server and repeat, printed as Markdown tables:
 * the median of each server, and for each pair the ratio multi-ws / baseline of the
 * runs of the same repeat as min, median and max.
 *
 * @author multi-ws team
 */
final class Report {

	private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

	private final Map<String, Map<String, List<Result>>> results = new LinkedHashMap<>();

	private final List<String> problems = new ArrayList<>();

	void add(Scenario scenario, String server, Result result) {
		this.scenarios.putIfAbsent(scenario.name(), scenario);
		this.results.computeIfAbsent(scenario.name(), (name) -> new LinkedHashMap<>())
			.computeIfAbsent(server, (name) -> new ArrayList<>())
			.add(result);
		result.problems().forEach((problem) -> this.problems.add(scenario.name() + " on " + server + ": " + problem));
	}

	void problem(String problem) {
		this.problems.add(problem);
	}

	List<String> problems() {
		return this.problems;
	}

	/**
	 * Return the servers a scenario ran against.
	 * @param scenario the scenario
	 * @return the server names, in the order they first ran
	 */
	Set<String> servers(String scenario) {
		return this.results.getOrDefault(scenario, Map.of()).keySet();
	}

	/**
	 * Return the value of a metric in every repeat.
	 * @param scenario the scenario
	 * @param server the server
	 * @param metric the metric
	 * @return the values, in repeat order
	 */
	double[] values(String scenario, String server, String metric) {
		List<Result> runs = this.results.getOrDefault(scenario, Map.of()).getOrDefault(server, List.of());
		return runs.stream()
			.map((result) -> result.values().get(metric))
			.filter((value) -> value != null)
			.mapToDouble(Double::doubleValue)
			.toArray();
	}

	/**
	 * Return the ratios subject / baseline of a metric, repeat by repeat.
	 * @param scenario the scenario
	 * @param pair the pair
	 * @param metric the metric
	 * @return the ratios, sorted
	 */
	double[] ratios(String scenario, Options.Pair pair, String metric) {
		double[] subject = values(scenario, pair.subject(), metric);
		double[] baseline = values(scenario, pair.baseline(), metric);
		int n = Math.min(subject.length, baseline.length);
		double[] ratios = new double[n];
		for (int i = 0; i < n; i++) {
			ratios[i] = subject[i] / baseline[i];
		}
		Arrays.sort(ratios);
		return ratios;
	}

	static @Nullable Double median(double[] values) {
		if (values.length == 0) {
			return null;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * Render the tables.
	 * @param pairs the comparisons
	 * @return Markdown
	 */
	String render(List<Options.Pair> pairs) {
		StringBuilder out = new StringBuilder();
		this.results.forEach((name, byServer) -> {
			out.append("\n### ").append(name).append(": ").append(this.scenarios.get(name).description()).append("\n\n");
			List<String> servers = new ArrayList<>(byServer.keySet());
			out.append("| metric |");
			servers.forEach((server) -> out.append(' ').append(server).append(" |"));
			pairs.forEach((pair) -> out.append(' ').append(pair).append(" min / median / max |"));
			out.append("\n|---|");
			servers.forEach((server) -> out.append("---:|"));
			pairs.forEach((pair) -> out.append(":---:|"));
			out.append('\n');
			for (String metric : metrics(byServer)) {
				out.append("| ").append(metric).append(" |");
				for (String server : servers) {
					out.append(' ').append(format(median(values(name, server, metric)))).append(" |");
				}
				for (Options.Pair pair : pairs) {
					double[] ratios = ratios(name, pair, metric);
					out.append(' ')
						.append((ratios.length == 0 || Double.isNaN(ratios[0]) || Double.isInfinite(ratios[0])) ? "" :
								ratio(ratios[0]) + " / " + ratio(median(ratios)) + " / " + ratio(ratios[ratios.length - 1]))
						.append(" |");
				}
				out.append('\n');
			}
		});
		return out.toString();
	}

	private static Set<String> metrics(Map<String, List<Result>> byServer) {
		Set<String> metrics = new LinkedHashSet<>();
		byServer.values().forEach((runs) -> runs.forEach((result) -> metrics.addAll(result.values().keySet())));
		return metrics;
	}

	static String format(@Nullable Double value) {
		if (value == null) {
			return "";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 1000 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, (magnitude >= 10) ? "%.1f" : "%.2f", value);
	}

	static String ratio(@Nullable Double value) {
		return (value != null) ? String.format(Locale.ROOT, "%.2f", value) : "";
	}

}
