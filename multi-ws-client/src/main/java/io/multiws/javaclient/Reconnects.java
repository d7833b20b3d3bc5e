package io.multiws.javaclient;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Where and when a {@link WsClient} connects again: the URIs in turn, one after each
 * close, each attempt after a {@link BackOff} delay, on the scheduler of the options or
 * on a thread of the client's own. Not thread-safe: the {@link Connection} calls it under
 * its lock, except for {@link #shutdown()}.
 *
 * @author multi-ws team
 */
final class Reconnects {

	private final List<URI> uris;

	private final ScheduledExecutorService scheduler;

	private final boolean ownsScheduler;

	private final BackOff backOff;

	private int server;

	private @Nullable ScheduledFuture<?> timer;

	Reconnects(ClientOptions options) {
		this.uris = options.uris;
		this.ownsScheduler = options.scheduler == null;
		this.scheduler = (options.scheduler != null) ? options.scheduler : newScheduler();
		this.backOff = new BackOff(options.minDelay, options.maxDelay, options.jitter);
	}

	private static ScheduledExecutorService newScheduler() {
		// Its thread starts with the first reconnect
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "multi-ws-client");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Return the URI of the next attempt.
	 * @return the URI
	 */
	URI target() {
		return this.uris.get(this.server);
	}

	/**
	 * Start the delays again from the minimum, once a connection has opened.
	 */
	void opened() {
		this.backOff.reset();
	}

	/**
	 * Schedule an attempt on the next URI after the next delay.
	 * @param attempt the attempt
	 */
	void schedule(Runnable attempt) {
		this.server = (this.server + 1) % this.uris.size();
		this.timer = this.scheduler.schedule(attempt, this.backOff.nextDelayMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Cancel the attempt scheduled, if any.
	 */
	void cancel() {
		if (this.timer != null) {
			this.timer.cancel(false);
		}
	}

	/**
	 * Stop the client's own scheduler; one of the options goes on running.
	 */
	void shutdown() {
		if (this.ownsScheduler) {
			this.scheduler.shutdown();
		}
	}

}
