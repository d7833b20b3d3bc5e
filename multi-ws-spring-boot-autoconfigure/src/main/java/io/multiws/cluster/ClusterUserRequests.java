package io.multiws.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import io.multiws.hub.WsReplyException;
import org.jspecify.annotations.Nullable;

/**
 * The requests this instance sent to the sessions of users on every instance, waiting for
 * the first reply: from a local session, or from another instance through Redis. Each
 * fails when its timeout passes; at most {@code maxPending} wait at once.
 *
 * @author multi-ws team
 */
final class ClusterUserRequests {

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

	private final int maxPending;

	private final BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler;

	/**
	 * Create the table.
	 * @param maxPending the maximum number of requests waiting at once
	 * @param scheduler runs a task once after a delay and returns it, to cancel
	 */
	ClusterUserRequests(int maxPending, BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler) {
		this.maxPending = maxPending;
		this.scheduler = scheduler;
	}

	/**
	 * Register a request.
	 * @param timeout how long to wait for a reply
	 * @return the id of the request and its reply, or {@code null} if too many wait
	 */
	@Nullable Pending register(Duration timeout) {
		if (this.pending.size() >= this.maxPending) {
			return null;
		}
		long id = this.ids.incrementAndGet();
		CompletableFuture<String> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		ScheduledFuture<?> timer = this.scheduler.apply(() -> timedOut(id, timeout), timeout);
		reply.whenComplete((value, error) -> {
			this.pending.remove(id, reply);
			timer.cancel(false);
		});
		return new Pending(id, reply);
	}

	/**
	 * Complete a request with the answer of a local session: a reply or an error reply
	 * complete it, other failures (the session timed out or closed) leave it waiting for
	 * another instance.
	 * @param reply the request's reply
	 * @param local the local sessions' answer
	 */
	static void answerLocally(CompletableFuture<String> reply, CompletionStage<String> local) {
		local.whenComplete((value, error) -> {
			if (error == null) {
				reply.complete(value);
			}
			else if (error instanceof WsReplyException) {
				reply.completeExceptionally(error);
			}
		});
	}

	/**
	 * Complete a request with the reply of another instance.
	 * @param id the id of the request
	 * @param error whether it is an error reply
	 * @param text the reply, or the reason of the error
	 */
	void replied(long id, boolean error, String text) {
		CompletableFuture<String> reply = this.pending.get(id);
		if (reply == null) {
			return;
		}
		if (error) {
			reply.completeExceptionally(new WsReplyException(text));
		}
		else {
			reply.complete(text);
		}
	}

	private void timedOut(long id, Duration timeout) {
		CompletableFuture<String> reply = this.pending.get(id);
		if (reply != null) {
			// Off the timer thread: dependent stages run where the stage completes
			ForkJoinPool.commonPool()
				.execute(() -> reply.completeExceptionally(
						new TimeoutException("No reply to the request to a user within " + timeout)));
		}
	}

	/**
	 * Fail every waiting request, when the relay stops.
	 */
	void stop() {
		for (CompletableFuture<String> reply : List.copyOf(this.pending.values())) {
			reply.completeExceptionally(new IllegalStateException("The cluster relay stopped"));
		}
	}

	/**
	 * Return the number of requests waiting for a reply.
	 * @return the count
	 */
	int size() {
		return this.pending.size();
	}

	@Override
	public String toString() {
		return "ClusterUserRequests[pending=" + this.pending.size() + "]";
	}

	/**
	 * A registered request.
	 *
	 * @param id its id, unique on this instance
	 * @param reply its reply
	 */
	record Pending(long id, CompletableFuture<String> reply) {

	}

}
