package io.multiws.reactive;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * time. Optionally on the event loop that read the message, for endpoints whose
 * callbacks never block.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsCallbackExecutor implements DisposableBean {

	private final @Nullable ThreadPoolExecutor pool;

	private final @Nullable Scheduler scheduler;

	private WsCallbackExecutor(@Nullable ThreadPoolExecutor pool) {
		this.pool = pool;
		this.scheduler = (pool != null) ? Schedulers.fromExecutorService(pool, "multi-ws-callback") : null;
	}

	/**
	 * Return an executor that runs callbacks on a pool of at most the given number of
	 * threads, started on demand and stopped after a minute without work.
	 * @param threads the maximum number of threads
	 * @return the executor
	 */
	public static WsCallbackExecutor pooled(int threads) {
		Assert.isTrue(threads > 0, () -> "multi-ws.reactive.callback-threads must be positive, was " + threads);
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new CustomizableThreadFactory("multi-ws-callback-"));
		pool.allowCoreThreadTimeOut(true);
		return new WsCallbackExecutor(pool);
	}

	/**
	 * Return an executor that runs callbacks on the event loop that read the message.
	 * @return the executor
	 */
	public static WsCallbackExecutor onEventLoop() {
		return new WsCallbackExecutor(null);
	}

	/**
	 * Whether callbacks run on the event loop.
	 * @return {@code true} if they run on the event loop
	 */
	public boolean isOnEventLoop() {
		return this.pool == null;
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

	@Override
	public void destroy() {
		if (this.pool != null) {
			this.pool.shutdown();
		}
	}

	@Override
	public String toString() {
		return (this.pool != null) ? "WsCallbackExecutor[threads=" + this.pool.getMaximumPoolSize() + "]"
				: "WsCallbackExecutor[event loop]";
	}

}
