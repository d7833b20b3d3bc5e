package io.multiws.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsReplyException;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * One request to several sessions, answered by the first of them: a reply or an error
 * reply completes it; it fails only when every session failed to answer (timed out,
 * closed), with the last such failure.
 *
 * @author multi-ws team
 */
final class FirstReply {

	private final CompletableFuture<String> reply = new CompletableFuture<>();

	private final AtomicInteger unanswered;

	private FirstReply(int sessions) {
		this.unanswered = new AtomicInteger(sessions);
	}

	/**
	 * Send a request to the sessions that take requests.
	 * @param sessions the candidate sessions
	 * @param payload the request
	 * @param timeout how long to wait for a reply
	 * @return the first reply, or {@code null} if no session takes requests
	 */
	static @Nullable CompletionStage<String> of(Collection<WsSession> sessions, WsPayload payload, Duration timeout) {
		List<DefaultWsSession> asked = new ArrayList<>();
		for (WsSession session : sessions) {
			if (session instanceof DefaultWsSession candidate && candidate.requests() != null && candidate.isOpen()) {
				asked.add(candidate);
			}
		}
		if (asked.isEmpty()) {
			return null;
		}
		FirstReply first = new FirstReply(asked.size());
		for (DefaultWsSession session : asked) {
			session.request(payload, timeout).whenComplete(first::answered);
		}
		return first.reply;
	}

	private void answered(@Nullable String value, @Nullable Throwable failure) {
		if (failure == null) {
			this.reply.complete(value);
		}
		else if (failure instanceof WsReplyException || this.unanswered.decrementAndGet() == 0) {
			this.reply.completeExceptionally(failure);
		}
	}

}
