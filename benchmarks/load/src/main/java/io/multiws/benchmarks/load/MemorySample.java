package io.multiws.benchmarks.load;

import java.io.IOException;

/**
 * A server's memory at one moment: its live heap, from a class histogram (which collects
 * first), then its resident memory after a full GC.
 *
 * @param liveHeapKilobytes the live heap in kilobytes
 * @param residentKilobytes the resident memory in kilobytes
 * @author multi-ws team
 */
record MemorySample(long liveHeapKilobytes, long residentKilobytes) {

	/**
	 * Measure a server's memory now.
	 * @param server the server
	 * @param label the name of the histogram file the server's log directory keeps
	 * @return the sample
	 * @throws IOException if {@code jcmd} fails
	 * @throws InterruptedException if interrupted
	 */
	static MemorySample of(ServerProcess server, String label) throws IOException, InterruptedException {
		long liveHeap = server.liveHeapKilobytes(label);
		server.gc();
		return new MemorySample(liveHeap, server.residentKilobytes());
	}

}
