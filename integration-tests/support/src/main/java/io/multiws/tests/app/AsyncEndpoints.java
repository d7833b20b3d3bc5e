package io.multiws.tests.app;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.annotation.OnError;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Endpoints that return {@code CompletionStage}, {@code Mono} and {@code Flux}, with the
 * control the tests have over them.
 *
 * @author multi-ws team
 */
public final class AsyncEndpoints {

	private AsyncEndpoints() {
	}

	/**
	 * What the tests complete by hand, and what they observe.
	 */
	@Component
	public static class AsyncControl {

		/**
		 * Results not yet completed, the newest last.
		 */
		public final BlockingQueue<CompletableFuture<String>> pending = new LinkedBlockingQueue<>();

		/**
		 * The number of feeds cancelled.
		 */
		public final AtomicInteger cancelledFeeds = new AtomicInteger();

		CompletableFuture<String> later() {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.pending.add(result);
			return result;
		}

	}

	/**
	 * {@code CompletionStage} results, without {@code @OnError}: a failure closes with 1011.
	 */
	@WsEndpoint(name = "async-stage", paths = "/async/stage/{id}")
	public static class Stage {

		private final AsyncControl control;

		public Stage(AsyncControl control) {
			this.control = control;
		}

		@OnMessage
		CompletionStage<String> onMessage(String text) {
			return switch (text) {
				case "later" -> this.control.later();
				case "fail" -> CompletableFuture.failedFuture(new IllegalStateException("stage failed"));
				default -> CompletableFuture.completedFuture(text);
			};
		}

	}

	/**
	 * {@code Mono} results, with an {@code @OnError} that answers the error.
	 */
	@WsEndpoint(name = "async-mono", paths = "/async/mono/{id}")
	public static class MonoResults {

		private final AsyncControl control;

		public MonoResults(AsyncControl control) {
			this.control = control;
		}

		@OnOpen
		Mono<String> onOpen() {
			return Mono.just("welcome").delayElement(Duration.ofMillis(10));
		}

		@OnMessage
		Mono<String> onMessage(String text) {
			return switch (text) {
				case "later" -> Mono.fromFuture(this.control.later());
				case "fail" -> Mono.error(new IllegalStateException("mono failed"));
				case "empty" -> Mono.empty();
				default -> Mono.just(text);
			};
		}

		@OnError
		String onError(Throwable error) {
			return "error: " + error.getMessage();
		}

	}

	/**
	 * {@code Flux} results, without {@code @OnError}.
	 */
	@WsEndpoint(name = "async-flux", paths = "/async/flux/{id}")
	public static class FluxResults {

		@OnMessage
		Flux<String> onMessage(String text) {
			if (text.equals("fail")) {
				return Flux.just("a", "b").concatWith(Flux.error(new IllegalStateException("flux failed")));
			}
			return Flux.range(1, Integer.parseInt(text)).map(String::valueOf);
		}

	}

	/**
	 * A feed streamed from {@code @OnOpen} for as long as the session stays.
	 */
	@WsEndpoint(name = "async-feed", paths = "/async/feed/{id}")
	public static class Feed {

		private final AsyncControl control;

		public Feed(AsyncControl control) {
			this.control = control;
		}

		@OnOpen
		Flux<String> onOpen() {
			return Flux.interval(Duration.ofMillis(20))
				.map((tick) -> "tick " + tick)
				.doOnCancel(this.control.cancelledFeeds::incrementAndGet);
		}

	}

}
