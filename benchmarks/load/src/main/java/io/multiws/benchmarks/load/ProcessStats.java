package io.multiws.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what the kernel knows about a process: CPU time from {@code /proc/<pid>/stat}
 * and resident memory from {@code /proc/<pid>/status}; and the load of the machine they
 * run on, from {@code /proc/loadavg}.
 *
 * @author multi-ws team
 */
final class ProcessStats {

	private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

	private ProcessStats() {
	}

	/**
	 * Return the user plus system CPU time of a process.
	 * @param pid the process id
	 * @return the CPU time in nanoseconds, at the kernel's tick resolution
	 */
	static long cpuNanos(long pid) {
		String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
		// The command name may hold spaces: the fields that follow start after its ')'
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return ticks * NANOS_PER_TICK;
	}

	/**
	 * Return the system (kernel) part of the CPU time of a process.
	 * @param pid the process id
	 * @return the system CPU time in nanoseconds
	 */
	static long systemCpuNanos(long pid) {
		String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[12]) * NANOS_PER_TICK;
	}

	/**
	 * Return the CPU time of the JIT compiler threads of a JVM process so far: work that
	 * a server does once, while it warms up, rather than per operation.
	 * @param pid the process id
	 * @return the CPU time in nanoseconds
	 */
	static long compilerCpuNanos(long pid) {
		long ticks = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (name.contains("CompilerThre")) {
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					}
				}
				catch (IOException ex) {
					// The thread ended
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ticks * NANOS_PER_TICK;
	}

	/**
	 * Return the context switches of every thread of a process so far, voluntary (a
	 * thread parked or waited) and not.
	 * @param pid the process id
	 * @return the number of context switches
	 */
	static long contextSwitches(long pid) {
		long switches = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks) {
				try {
					for (String line : Files.readAllLines(task.resolve("status"))) {
						if (line.contains("ctxt_switches:")) {
							switches += Long.parseLong(line.replaceAll("[^0-9]", ""));
						}
					}
				}
				catch (IOException ex) {
					// The thread ended
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return switches;
	}

	/**
	 * Return the resident set size of a process.
	 * @param pid the process id
	 * @return the resident memory in kilobytes
	 */
	static long residentKilobytes(long pid) {
		for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("No VmRSS for process " + pid);
	}

	/**
	 * Return the machine's load averages over 1, 5 and 15 minutes.
	 * @return the three, separated by spaces, or {@code unknown} where there is no
	 * {@code /proc/loadavg}
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	static long self() {
		return ProcessHandle.current().pid();
	}

	private static long clockTicksPerSecond() {
		try {
			Process process = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes()).trim();
			return (process.waitFor() == 0) ? Long.parseLong(out) : 100;
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
