package io.multiws.tests.attack;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The live heap of this JVM, where the test's server runs: the heap in use after full
 * collections, once two in a row agree within a megabyte.
 *
 * @author multi-ws team
 */
final class LiveHeap {

	private static final long SETTLED = 1024 * 1024;

	private static final int MAX_COLLECTIONS = 10;

	private LiveHeap() {
	}

	/**
	 * Collect garbage and return the heap still in use.
	 * @return the live heap in bytes
	 */
	static long afterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		long used = 0;
		for (int i = 0; i < MAX_COLLECTIONS; i++) {
			memory.gc();
			used = memory.getHeapMemoryUsage().getUsed();
			if (Math.abs(previous - used) < SETTLED) {
				break;
			}
			previous = used;
		}
		return used;
	}

	static String megabytes(long bytes) {
		return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
	}

}
