package io.multiws.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scenario run against one server, and what went wrong in it.
 *
 * @author multi-ws team
 */
final class Result {

	private final Map<String, Double> values = new LinkedHashMap<>();

	private final List<String> problems = new ArrayList<>();

	Result put(String metric, double value) {
		this.values.put(metric, value);
		return this;
	}

	/**
	 * Record a correctness problem when a count is not the expected one.
	 * @param what what was counted
	 * @param actual the count
	 * @param expected the expected count
	 */
	void expect(String what, long actual, long expected) {
		if (actual != expected) {
			this.problems.add(what + ": " + actual + " (expected " + expected + ")");
		}
	}

	void problem(String problem) {
		this.problems.add(problem);
	}

	Map<String, Double> values() {
		return this.values;
	}

	List<String> problems() {
		return this.problems;
	}

	/**
	 * The CPU time of the server and of this tool over a measured window.
	 */
	static final class Window {

		private final ServerProcess server;

		private final long startNanos = System.nanoTime();

		private final long serverCpu;

		private final long clientCpu;

		private final long serverSystemCpu;

		private final long serverSwitches;

		private final long serverCompilerCpu;

		private long serverCompilerUsed;

		private long serverSystemUsed;

		private long serverSwitched;

		private long elapsed;

		private long serverUsed;

		private long clientUsed;

		Window(ServerProcess server) {
			this.server = server;
			this.serverCpu = server.cpuNanos();
			this.serverSystemCpu = ProcessStats.systemCpuNanos(server.pid());
			this.serverSwitches = ProcessStats.contextSwitches(server.pid());
			this.serverCompilerCpu = ProcessStats.compilerCpuNanos(server.pid());
			this.clientCpu = ProcessStats.cpuNanos(ProcessStats.self());
		}

		Window end() {
			this.elapsed = System.nanoTime() - this.startNanos;
			this.serverUsed = this.server.cpuNanos() - this.serverCpu;
			this.serverSystemUsed = ProcessStats.systemCpuNanos(this.server.pid()) - this.serverSystemCpu;
			this.serverSwitched = ProcessStats.contextSwitches(this.server.pid()) - this.serverSwitches;
			this.serverCompilerUsed = ProcessStats.compilerCpuNanos(this.server.pid()) - this.serverCompilerCpu;
			this.clientUsed = ProcessStats.cpuNanos(ProcessStats.self()) - this.clientCpu;
			return this;
		}

		double seconds() {
			return this.elapsed / 1e9;
		}

		double serverCpuMillis() {
			return this.serverUsed / 1e6;
		}

		/**
		 * Add the rate, the server's CPU per operation and both processes' CPU use.
		 * @param result the result
		 * @param operations the operations done in the window
		 * @param unit the name of one operation
		 */
		void report(Result result, long operations, String unit) {
			result.put(unit + "/s", operations / seconds());
			result.put("server CPU µs/" + unit, (operations > 0) ? this.serverUsed / 1e3 / operations : 0);
			result.put("server CPU cores", this.serverUsed / (double) this.elapsed);
			result.put("server kernel CPU share", (this.serverUsed > 0) ? this.serverSystemUsed / (double) this.serverUsed : 0);
			result.put("server JIT compiler CPU share",
					(this.serverUsed > 0) ? this.serverCompilerUsed / (double) this.serverUsed : 0);
			result.put("server context switches/" + unit, (operations > 0) ? this.serverSwitched / (double) operations : 0);
			result.put("client CPU cores", this.clientUsed / (double) this.elapsed);
		}

	}

}
