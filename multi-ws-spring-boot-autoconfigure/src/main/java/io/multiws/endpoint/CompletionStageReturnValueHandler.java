package io.multiws.endpoint;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.multiws.hub.WsSession;

/**
 * Sends the value of a {@link CompletionStage} when it completes, on the thread that
 * completes it; the callback's thread goes back to the container at once.
 *
 * @author multi-ws team
 */
final class CompletionStageReturnValueHandler implements WsReturnValueHandler {

	@Override
	public void handle(Object result, WsSession session, AsyncFailure failure) {
		((CompletionStage<?>) result).whenComplete((value, error) -> {
			if (error != null) {
				failure.failed(session, (error instanceof CompletionException && error.getCause() != null)
						? error.getCause() : error);
			}
			else if (value != null) {
				session.send(value);
			}
		});
	}

}
