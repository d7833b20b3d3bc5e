package io.multiws.benchmarks.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram with about 3% precision from 1 ns to hours, safe to record into
 * from several threads, in a fixed amount of memory.
 *
 * @author multi-ws team
 */
final class Latencies {

	private static final int SUB_BUCKET_BITS = 6;

	private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

	private static final int HALF = SUB_BUCKETS / 2;

	private final AtomicLongArray counts = new AtomicLongArray(64 * SUB_BUCKETS);

	/**
	 * Record one latency.
	 * @param nanos the latency in nanoseconds
	 */
	void record(long nanos) {
		this.counts.incrementAndGet(index(Math.max(0, nanos)));
	}

	/**
	 * Return the number of recorded latencies.
	 * @return the count
	 */
	long count() {
		long total = 0;
		for (int i = 0; i < this.counts.length(); i++) {
			total += this.counts.get(i);
		}
		return total;
	}

	/**
	 * Return a percentile.
	 * @param percent the percentile, such as 99
	 * @return the latency in nanoseconds (the upper edge of its bucket), or 0 if empty
	 */
	long percentile(double percent) {
		long total = count();
		if (total == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(total * percent / 100));
		long seen = 0;
		for (int i = 0; i < this.counts.length(); i++) {
			seen += this.counts.get(i);
			if (seen >= rank) {
				return upperEdge(i);
			}
		}
		return upperEdge(this.counts.length() - 1);
	}

	// Below 64 ns one bucket per value; above, 32 buckets per power of two
	private static int index(long value) {
		if (value < SUB_BUCKETS) {
			return (int) value;
		}
		int shift = 63 - Long.numberOfLeadingZeros(value) - (SUB_BUCKET_BITS - 1);
		return HALF * shift + (int) (value >>> shift);
	}

	private static long upperEdge(int index) {
		if (index < SUB_BUCKETS) {
			return index;
		}
		int shift = index / HALF - 1;
		long mantissa = index - (long) HALF * shift;
		return ((mantissa + 1) << shift) - 1;
	}

}
