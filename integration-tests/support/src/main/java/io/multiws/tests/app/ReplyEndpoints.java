package io.multiws.tests.app;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnError;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsReplyException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The endpoints of the request-reply suite; their replies are switched on by the suite's
 * properties ({@code multi-ws.endpoints.<name>.replies.enabled}).
 *
 * @author multi-ws team
 */
public final class ReplyEndpoints {

	private ReplyEndpoints() {
	}

	/**
	 * Results the tests complete by hand.
	 */
	@Component
	public static class ReplyControl {

		/**
		 * Results not yet completed, the newest last.
		 */
		public final BlockingQueue<CompletableFuture<String>> pending = new LinkedBlockingQueue<>();

		CompletableFuture<String> later() {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.pending.add(result);
			return result;
		}

	}

	/**
	 * Answers {@code re:<text>}, at once or, for {@code async:...}, later on another thread
	 * (so that replies overtake each other); fails for {@code boom} and refuses for
	 * {@code refuse}; acknowledges {@code ack} with nothing; {@code later} waits for the
	 * test. Its {@code @OnError} is for messages only: requests get error replies.
	 */
	@WsEndpoint(name = "replies", paths = "/replies/{id}")
	public static class Replies {

		private static final Executor LATER = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

		private final ReplyControl control;

		public Replies(ReplyControl control) {
			this.control = control;
		}

		@OnMessage
		CompletionStage<String> onMessage(String text) {
			if (text.startsWith("async:")) {
				return CompletableFuture.supplyAsync(() -> "re:" + text, (task) -> CompletableFuture
					.delayedExecutor(ThreadLocalRandom.current().nextInt(3), TimeUnit.MILLISECONDS)
					.execute(task));
			}
			return switch (text) {
				case "boom" -> throw new IllegalStateException("a detail the client must not see");
				case "refuse" -> throw new WsReplyException("refused: not today");
				case "fail-later" -> CompletableFuture.supplyAsync(() -> {
					throw new WsReplyException("failed later");
				}, LATER);
				case "ack" -> null;
				case "later" -> this.control.later();
				default -> CompletableFuture.completedFuture("re:" + text);
			};
		}

		@OnError
		String onError(Throwable error) {
			return "on-error: " + error.getMessage();
		}

	}

	/**
	 * JSON requests and replies.
	 */
	@WsEndpoint(name = "replies-json", paths = "/replies-json/{id}")
	public static class Json {

		@OnMessage
		Sum add(Terms terms) {
			return new Sum(terms.a() + terms.b());
		}

	}

	/**
	 * {@code Mono} and {@code Flux} results: {@code empty} acknowledges, {@code error}
	 * fails, {@code flux} answers with its first element.
	 */
	@WsEndpoint(name = "replies-reactive", paths = "/replies-reactive/{id}")
	public static class Reactive {

		@OnMessage
		Flux<String> onMessage(String text) {
			return switch (text) {
				case "empty" -> Flux.empty();
				case "error" -> Mono.<String>error(new WsReplyException("mono failed")).flux();
				case "flux" -> Flux.just("first", "second", "third");
				default -> Mono.just("mono:" + text).delayElement(Duration.ofMillis(5)).flux();
			};
		}

	}

	/**
	 * Holds every request until the test completes it; its bound is set low by the
	 * suite.
	 */
	@WsEndpoint(name = "replies-bounded", paths = "/replies-bounded/{id}")
	public static class Bounded {

		private final ReplyControl control;

		public Bounded(ReplyControl control) {
			this.control = control;
		}

		@OnMessage
		CompletionStage<String> onMessage(String text) {
			return this.control.later();
		}

	}

	/**
	 * Two numbers.
	 *
	 * @param a the first
	 * @param b the second
	 */
	public record Terms(int a, int b) {

	}

	/**
	 * Their sum.
	 *
	 * @param sum the sum
	 */
	public record Sum(int sum) {

	}

}
