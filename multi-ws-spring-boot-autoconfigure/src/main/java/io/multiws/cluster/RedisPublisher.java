package io.multiws.cluster;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Publishes to Redis without ever blocking the caller: each PUBLISH (or SPUBLISH, with
 * sharded pub/sub) is an asynchronous command on one shared connection, at most
 * {@code maxPending} of them unacknowledged.
 * <p>
 * Whether Redis answers is learnt from the heartbeat, whose PUBLISH doubles as a probe:
 * one probe at a time (on a Redis Cluster, every master must answer it too), and Redis is
 * taken as unreachable when a probe fails or stays unanswered for two heartbeat intervals. While it is unreachable, and whenever the
 * pending bound is reached, a broadcast is dropped and counted as lost, so nothing
 * queues up; the change of state is logged once, and so is the recovery. The driver
 * (Lettuce) reconnects the established connection with its own backoff; the first
 * connection is retried by the heartbeat with an exponential backoff.
 *
 * @author multi-ws team
 */
final class RedisPublisher {

	private static final Log logger = LogFactory.getLog(RedisWsRelay.class);

	private final Supplier<PublishLink> connector;

	private final int maxPending;

	private final long probeTimeoutNanos;

	private final BackOff backOff;

	private final Runnable onRecovery;

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

	private final Runnable publishDone = this::publishDone;

	private final Consumer<Throwable> publishFailed = this::publishFailed;

	private final Runnable signalDone = this::signalDone;

	private final Consumer<Throwable> signalFailed = this::signalFailed;

	private volatile @Nullable PublishLink connection;

	private volatile long downSinceNanos;

	private volatile long lostWhenDown;

	private volatile @Nullable Instant downSince;

	private @Nullable CompletableFuture<?> probe;

	private long probeStartNanos;

	private @Nullable BackOffExecution retry;

	private long nextConnectNanos;

	/**
	 * Create a publisher.
	 * @param connector opens the link to Redis, or throws if it cannot be reached
	 * @param maxPending the maximum number of unacknowledged commands
	 * @param heartbeatInterval the interval between heartbeats
	 * @param backOff the backoff between attempts to open the link
	 * @param onRecovery called when Redis answers again after an outage
	 */
	RedisPublisher(Supplier<PublishLink> connector, int maxPending, Duration heartbeatInterval, BackOff backOff,
			Runnable onRecovery) {
		this.connector = connector;
		this.maxPending = maxPending;
		this.probeTimeoutNanos = heartbeatInterval.toNanos() * 2;
		this.backOff = backOff;
		this.onRecovery = onRecovery;
	}

	/**
	 * Publish a message, or count it as lost; never blocks.
	 * @param channel the channel
	 * @param message the message
	 */
	void publish(byte[] channel, byte[] message) {
		PublishLink connection = this.connection;
		if (connection == null || this.state.get() != State.UP) {
			this.lost.incrementAndGet();
			return;
		}
		if (this.pending.incrementAndGet() > this.maxPending) {
			this.pending.decrementAndGet();
			this.lost.incrementAndGet();
			return;
		}
		try {
			connection.publish(channel, message, this.publishDone, this.publishFailed);
		}
		catch (RuntimeException ex) {
			publishFailed(ex);
		}
	}

	/**
	 * Publish a signal that carries no broadcast, such as a wake-up for the readers of a
	 * history; never blocks, counts nothing as published or lost, and is skipped while
	 * Redis cannot be reached or the pending bound is reached.
	 * @param channel the channel
	 * @param message the message
	 */
	void signal(byte[] channel, byte[] message) {
		PublishLink connection = this.connection;
		if (connection == null || this.state.get() != State.UP) {
			return;
		}
		if (this.pending.incrementAndGet() > this.maxPending) {
			this.pending.decrementAndGet();
			return;
		}
		try {
			connection.publish(channel, message, this.signalDone, this.signalFailed);
		}
		catch (RuntimeException ex) {
			signalFailed(ex);
		}
	}

	/**
	 * Run a script without blocking, within the same bound as publishes.
	 * @param script the Lua script
	 * @param numKeys how many of the arguments are keys
	 * @param keysAndArgs the keys, then the arguments
	 * @param onFailure called instead when Redis is unreachable, the bound is reached or
	 * the script fails
	 */
	void eval(ByteBuffer script, int numKeys, ByteBuffer[] keysAndArgs, Consumer<Throwable> onFailure) {
		eval(script, numKeys, keysAndArgs, () -> {
		}, onFailure);
	}

	/**
	 * Run a script without blocking, within the same bound as publishes.
	 * @param script the Lua script
	 * @param numKeys how many of the arguments are keys
	 * @param keysAndArgs the keys, then the arguments
	 * @param onSuccess called once the script ran
	 * @param onFailure called instead when Redis is unreachable, the bound is reached or
	 * the script fails
	 */
	void eval(ByteBuffer script, int numKeys, ByteBuffer[] keysAndArgs, Runnable onSuccess,
			Consumer<Throwable> onFailure) {
		PublishLink connection = this.connection;
		if (connection == null || this.state.get() != State.UP) {
			onFailure.accept(new IllegalStateException("Redis cannot be reached"));
			return;
		}
		if (this.pending.incrementAndGet() > this.maxPending) {
			this.pending.decrementAndGet();
			onFailure.accept(new IllegalStateException("Too many commands pending"));
			return;
		}
		try {
			connection.eval(script, numKeys, keysAndArgs, () -> {
				this.pending.decrementAndGet();
				onSuccess.run();
			}, (ex) -> {
				this.pending.decrementAndGet();
				onFailure.accept(ex);
			});
		}
		catch (RuntimeException ex) {
			this.pending.decrementAndGet();
			onFailure.accept(ex);
		}
	}

	private void publishDone() {
		this.pending.decrementAndGet();
		this.published.incrementAndGet();
	}

	private void publishFailed(Throwable ex) {
		this.pending.decrementAndGet();
		this.lost.incrementAndGet();
		down(ex);
	}

	private void signalDone() {
		this.pending.decrementAndGet();
	}

	private void signalFailed(Throwable ex) {
		this.pending.decrementAndGet();
		logger.debug("Could not publish a signal", ex);
	}

	/**
	 * Publish a heartbeat, connecting first if needed; called by one thread only.
	 * @param channel the channel
	 * @param message the heartbeat message
	 */
	void heartbeat(byte[] channel, byte[] message) {
		long now = System.nanoTime();
		PublishLink connection = (this.connection != null) ? this.connection : connect(now);
		if (connection == null) {
			return;
		}
		CompletableFuture<?> probe = this.probe;
		if (probe != null && !probe.isDone()) {
			if (now - this.probeStartNanos > this.probeTimeoutNanos) {
				down(new IllegalStateException("No answer to a heartbeat within "
						+ Duration.ofNanos(this.probeTimeoutNanos).toMillis() + " ms"));
			}
			return;
		}
		this.probeStartNanos = now;
		try {
			this.probe = connection.probe(channel, message).whenComplete((receivers, ex) -> {
				if (ex == null) {
					up();
				}
				else {
					down(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			down(ex);
		}
	}

	private @Nullable PublishLink connect(long now) {
		if (now - this.nextConnectNanos < 0) {
			return null;
		}
		try {
			PublishLink connection = this.connector.get();
			this.connection = connection;
			this.retry = null;
			return connection;
		}
		catch (RuntimeException ex) {
			BackOffExecution retry = (this.retry != null) ? this.retry : this.backOff.start();
			this.retry = retry;
			this.nextConnectNanos = now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, retry.nextBackOff()));
			down(ex);
			return null;
		}
	}

	private void up() {
		State previous = this.state.getAndSet(State.UP);
		this.downSince = null;
		if (previous == State.DOWN) {
			long lost = this.lost.get() - this.lostWhenDown;
			logger.info("Redis answers again after "
					+ Duration.ofNanos(System.nanoTime() - this.downSinceNanos).toMillis() + " ms; " + lost
					+ " broadcasts to other instances were lost meanwhile");
			this.onRecovery.run();
		}
	}

	private void down(Throwable ex) {
		State previous = this.state.getAndSet(State.DOWN);
		if (previous != State.DOWN) {
			this.downSinceNanos = System.nanoTime();
			this.downSince = Instant.now();
			this.lostWhenDown = this.lost.get();
			logger.warn("Redis cannot be reached (" + ex + "): broadcasts to other instances are dropped and"
					+ " counted as lost until it answers again");
		}
	}

	/**
	 * Publish a last message and wait briefly for it, then release the connection.
	 * @param channel the channel
	 * @param message the message
	 * @param timeout how long to wait
	 */
	void close(byte[] channel, byte[] message, Duration timeout) {
		PublishLink connection = this.connection;
		this.connection = null;
		if (connection == null) {
			return;
		}
		try {
			connection.close(channel, (this.state.get() == State.UP) ? message : null, timeout);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not leave the cluster cleanly", ex);
		}
	}

	boolean isAvailable() {
		return this.state.get() == State.UP;
	}

	@Nullable Instant downSince() {
		return this.downSince;
	}

	long lost() {
		return this.lost.get();
	}

	long published() {
		return this.published.get();
	}

	int pending() {
		return this.pending.get();
	}

	@Override
	public String toString() {
		return "RedisPublisher[state=" + this.state.get() + ", pending=" + this.pending.get() + ", lost="
				+ this.lost.get() + "]";
	}

	private enum State {

		STARTING, UP, DOWN

	}

}
