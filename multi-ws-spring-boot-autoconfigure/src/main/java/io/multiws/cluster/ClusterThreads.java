package io.multiws.cluster;

import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The relay's threads: daemons, so that a context that is never closed cannot keep the
 * JVM alive.
 *
 * @author multi-ws team
 */
final class ClusterThreads {

	private ClusterThreads() {
	}

	static ThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory(prefix);
		threadFactory.setDaemon(true);
		return threadFactory;
	}

}
