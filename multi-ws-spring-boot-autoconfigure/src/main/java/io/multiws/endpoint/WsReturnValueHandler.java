package io.multiws.endpoint;

import java.util.concurrent.CompletionStage;

import io.multiws.core.WsReply;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.ClassUtils;

/**
 * Sends what a callback returned to its session: a plain value at once, a
 * {@link CompletionStage} when it completes, a {@code Mono}, {@code Flux} or other
 * reactive type element by element; or answers a request with it. Chosen once per callback
 * method at start-up from its declared return type.
 *
 * @author multi-ws team
 */
@FunctionalInterface
interface WsReturnValueHandler {

	/**
	 * Sends a plain return value at once.
	 */
	WsReturnValueHandler SEND = (result, session, failure) -> session.send(result);

	/**
	 * Handle a non-null return value.
	 * @param result the return value
	 * @param session the session to send to
	 * @param failure what to do when an asynchronous result fails
	 */
	void handle(Object result, WsSession session, AsyncFailure failure);

	/**
	 * Answer a request with a return value: a plain value (or {@code null}, an
	 * acknowledgement) at once.
	 * @param result the return value, {@code null} for none
	 * @param session the session the request came from
	 * @param reply the answer
	 */
	default void reply(@Nullable Object result, WsSession session, WsReply reply) {
		reply.value(result);
	}

	/**
	 * Return the handler of a declared return type.
	 * @param returnType the declared return type
	 * @param subscriptions the live subscriptions of the endpoint, cancelled when their
	 * session closes
	 * @return the handler
	 */
	static WsReturnValueHandler forReturnType(Class<?> returnType, SessionSubscriptions subscriptions) {
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			return new CompletionStageReturnValueHandler();
		}
		if (ReactiveTypes.PRESENT) {
			ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType);
			if (adapter != null) {
				return new PublisherReturnValueHandler(adapter, subscriptions);
			}
		}
		return SEND;
	}

	/**
	 * What to do when an asynchronous result fails.
	 */
	@FunctionalInterface
	interface AsyncFailure {

		/**
		 * Called once when an asynchronous result failed.
		 * @param session the session
		 * @param error the error
		 */
		void failed(WsSession session, Throwable error);

	}

	/**
	 * Whether Reactive Streams, which Reactor brings, is on the classpath: optional on the
	 * Servlet stack.
	 */
	final class ReactiveTypes {

		static final boolean PRESENT = ClassUtils.isPresent("org.reactivestreams.Publisher",
				WsReturnValueHandler.class.getClassLoader());

		private ReactiveTypes() {
		}

	}

}
