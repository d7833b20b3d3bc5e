package io.multiws.javaclient;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The requests and replies of a {@link WsClient}: its requests go out as
 * {@code ?id:payload} and wait for {@code =id:reply} or {@code !id:error}, until a timeout
 * or a close; the server's requests are answered with the handler of the options.
 *
 * @author multi-ws team
 */
final class Requests {

	private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final @Nullable Function<String, CompletionStage<String>> handler;

	Requests(ClientOptions options) {
		this.handler = options.requestHandler;
	}

	/**
	 * Send a request on the open connection.
	 * @param connection the connection
	 * @param payload the request
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 */
	CompletableFuture<String> send(Connection connection, String payload, Duration timeout) {
		CompletableFuture<String> reply = new CompletableFuture<>();
		long id = this.sequence.incrementAndGet();
		// Pending before the close of the connection can fail what is pending
		if (connection.write(() -> this.pending.put(id, reply),
				(open) -> open.sendText("?" + id + ":" + payload, true)) == null) {
			reply.completeExceptionally(new WsRequestException("Not connected", false));
			return reply;
		}
		reply.whenComplete((value, ex) -> this.pending.remove(id));
		return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Complete the request that a reply answers, if it still waits.
	 * @param kind {@code =} for a reply, {@code !} for an error
	 * @param id the id of the request
	 * @param payload the reply or the error
	 */
	void replied(char kind, long id, String payload) {
		CompletableFuture<String> reply = this.pending.remove(id);
		if (reply != null) {
			if (kind == '=') {
				reply.complete(payload);
			}
			else {
				reply.completeExceptionally(new WsRequestException(payload, true));
			}
		}
	}

	/**
	 * Answer a request of the server on the connection it came on.
	 * @param connection the connection
	 * @param socket the WebSocket it came on
	 * @param id the id of the request
	 * @param payload the request
	 */
	void answer(Connection connection, WebSocket socket, long id, String payload) {
		answer(payload).whenComplete((reply, ex) -> {
			String frame = (ex != null) ? "!" + id + ":" + Failures.reason(ex)
					: "=" + id + ":" + Objects.toString(reply, "");
			connection.reply(socket, frame);
		});
	}

	private CompletionStage<String> answer(String payload) {
		Function<String, CompletionStage<String>> handler = this.handler;
		if (handler == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("No request handler"));
		}
		try {
			return handler.apply(payload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Fail every request that waits.
	 * @param reason the reason of the {@link WsRequestException}
	 */
	void failAll(String reason) {
		this.pending.values().forEach((reply) -> reply.completeExceptionally(new WsRequestException(reason, false)));
		this.pending.clear();
	}

}
