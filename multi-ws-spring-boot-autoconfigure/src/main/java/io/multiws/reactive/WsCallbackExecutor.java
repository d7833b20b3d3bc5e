package io.multiws.reactive;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Where the endpoint callbacks of reactive sessions run. By default on a bounded pool of
 * threads, so that a callback that blocks never stalls an event loop; each session hands
 * the pool at most one task at a time, so its messages are processed in order, one at a
 * time, and the pool's queue holds at most one task per session. Blocking
 * {@code @OnHandshake} methods wait in a bounded queue of their own in front of the pool
 * ({@link #offEventLoopBounded}), and at most half the threads run them at once, so that
 * a flood of upgrades never delays the callbacks of open sessions. Optionally on the
 * event loop that read the message, for endpoints whose callbacks never block.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsCallbackExecutor implements DisposableBean {

	private final @Nullable ThreadPoolExecutor pool;

	private final @Nullable Scheduler scheduler;

	private final @Nullable HandshakeQueue handshakes;

	private final int maxQueuedHandshakes;

	private WsCallbackExecutor(@Nullable ThreadPoolExecutor pool, int maxQueuedHandshakes) {
		this.pool = pool;
		this.maxQueuedHandshakes = maxQueuedHandshakes;
		this.scheduler = (pool != null) ? Schedulers.fromExecutorService(pool, "multi-ws-callback") : null;
		this.handshakes = (pool != null)
				? new HandshakeQueue(pool, Math.max(1, pool.getMaximumPoolSize() / 2), maxQueuedHandshakes) : null;
	}

	/**
	 * Return an executor that runs callbacks on a pool of at most the given number of
	 * threads, started on demand and stopped after a minute without work, with 256
	 * blocking handshakes waiting at most.
	 * @param threads the maximum number of threads
	 * @return the executor
	 */
	public static WsCallbackExecutor pooled(int threads) {
		return pooled(threads, 256);
	}

	/**
	 * Return an executor that runs callbacks on a pool of at most the given number of
	 * threads, started on demand and stopped after a minute without work.
	 * @param threads the maximum number of threads
	 * @param maxQueuedHandshakes the maximum number of blocking handshakes that wait for
	 * a thread
	 * @return the executor
	 */
	public static WsCallbackExecutor pooled(int threads, int maxQueuedHandshakes) {
		Assert.isTrue(threads > 0, () -> "multi-ws.reactive.callback-threads must be positive, was " + threads);
		Assert.isTrue(maxQueuedHandshakes >= 0, () -> "multi-ws.reactive.max-queued-handshakes must be zero or"
				+ " positive, was " + maxQueuedHandshakes);
		// Unbounded, yet bounded by the sessions: each has at most one task here at a time
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new CustomizableThreadFactory("multi-ws-callback-"));
		pool.allowCoreThreadTimeOut(true);
		return new WsCallbackExecutor(pool, maxQueuedHandshakes);
	}

	/**
	 * Return an executor that runs callbacks on the event loop that read the message.
	 * @return the executor
	 */
	public static WsCallbackExecutor onEventLoop() {
		return new WsCallbackExecutor(null, 0);
	}

	/**
	 * Whether callbacks run on the event loop.
	 * @return {@code true} if they run on the event loop
	 */
	public boolean isOnEventLoop() {
		return this.pool == null;
	}

	/**
	 * Return the maximum number of blocking handshakes that wait for a thread.
	 * @return the maximum
	 */
	int maxQueuedHandshakes() {
		return this.maxQueuedHandshakes;
	}

	/**
	 * Return the pool that runs callbacks.
	 * @return the pool
	 * @throws IllegalStateException if callbacks run on the event loop
	 */
	Executor pool() {
		Assert.state(this.pool != null, "Callbacks run on the event loop");
		return this.pool;
	}

	/**
	 * Return a publisher that subscribes to the given one on the callback pool, or right
	 * here when callbacks run on the event loop.
	 * @param <T> the type of the elements
	 * @param publisher the code that calls endpoint callbacks and returns a publisher
	 * @return the publisher
	 */
	<T> Mono<T> offEventLoop(Supplier<Mono<T>> publisher) {
		Scheduler scheduler = this.scheduler;
		return (scheduler != null) ? Mono.defer(publisher).subscribeOn(scheduler) : publisher.get();
	}

	/**
	 * Return a publisher of the result of a task that may block for long, such as an
	 * endpoint's handshake method: run on the pool when its turn comes in the handshake
	 * queue, or right here when callbacks run on the event loop. If the queue is full,
	 * the publisher gives the result of {@code whenFull} at once, on the calling thread;
	 * if it is cancelled before the task started, the task never runs.
	 * @param <T> the type of the result
	 * @param task the task
	 * @param whenFull what to give instead when the queue is full
	 * @return the publisher
	 */
	<T> Mono<T> offEventLoopBounded(Supplier<T> task, Supplier<T> whenFull) {
		HandshakeQueue handshakes = this.handshakes;
		if (handshakes == null) {
			return Mono.fromSupplier(task);
		}
		return Mono.create((sink) -> {
			AtomicBoolean started = new AtomicBoolean();
			Runnable queued = () -> {
				if (started.compareAndSet(false, true)) {
					try {
						sink.success(task.get());
					}
					catch (RuntimeException ex) {
						sink.error(ex);
					}
				}
			};
			sink.onCancel(() -> {
				if (started.compareAndSet(false, true)) {
					handshakes.withdraw(queued);
				}
			});
			if (!handshakes.offer(queued)) {
				started.set(true);
				sink.success(whenFull.get());
			}
		});
	}

	@Override
	public void destroy() {
		if (this.pool != null) {
			this.pool.shutdown();
		}
	}

	@Override
	public String toString() {
		return (this.pool != null) ? "WsCallbackExecutor[threads=" + this.pool.getMaximumPoolSize() + ", "
				+ this.handshakes + "]" : "WsCallbackExecutor[event loop]";
	}

}
