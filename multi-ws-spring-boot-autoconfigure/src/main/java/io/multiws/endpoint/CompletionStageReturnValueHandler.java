package io.multiws.endpoint;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.multiws.core.WsReply;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * Sends the value of a {@link CompletionStage} when it completes, on the thread that
 * completes it, or answers a request with it; the callback's thread goes back to the
 * container at once.
 *
 * @author multi-ws team
 */
final class CompletionStageReturnValueHandler implements WsReturnValueHandler {

	@Override
	public void handle(Object result, WsSession session, AsyncFailure failure) {
		((CompletionStage<?>) result).whenComplete((value, error) -> {
			if (error != null) {
				failure.failed(session, unwrap(error));
			}
			else if (value != null) {
				session.send(value);
			}
		});
	}

	@Override
	public void reply(@Nullable Object result, WsSession session, WsReply reply) {
		if (result == null) {
			reply.value(null);
			return;
		}
		((CompletionStage<?>) result).whenComplete((value, error) -> {
			if (error != null) {
				reply.error(unwrap(error));
			}
			else {
				reply.value(value);
			}
		});
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
