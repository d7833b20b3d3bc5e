package io.multiws.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time of the benchmark's JVM per operation ({@code -prof
 * io.multiws.benchmarks.jmh.CpuTimeProfiler}): the time the process ran, its garbage
 * collection included, rather than the time that passed, so that a machine busy with
 * other work inflates the figure less than it does the score.
 *
 * @author multi-ws team
 */
public class CpuTimeProfiler implements InternalProfiler {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private long startNanos;

	@Override
	public String getDescription() {
		return "CPU time of the JVM per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startNanos = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long used = this.os.getProcessCpuTime() - this.startNanos;
		long operations = result.getMetadata().getAllOps();
		double perOperation = (operations > 0) ? used / (double) operations : Double.NaN;
		return List.of(new ScalarResult("cpu.time.per.op", perOperation, "ns/op", AggregationPolicy.AVG));
	}

}
