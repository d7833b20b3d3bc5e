package io.multiws.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsReplyException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one session of an endpoint with replies enabled, in both directions,
 * each bounded by {@code replies.max-pending}: the requests sent to the client that wait
 * for its reply (each with its timeout), and the number of the client's requests whose
 * reply the endpoint has not given yet. When the session closes, the requests to the
 * client fail at once.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class PendingRequests {

	private static final Log logger = LogFactory.getLog(PendingRequests.class);

	private final String endpoint;

	private final int maxPending;

	private final DefaultWsHubs hubs;

	private final AtomicInteger inProgress = new AtomicInteger();

	private final Map<Long, Outgoing> outgoing = new HashMap<>();

	private long lastId;

	private boolean closed;

	PendingRequests(String endpoint, int maxPending, DefaultWsHubs hubs) {
		this.endpoint = endpoint;
		this.maxPending = maxPending;
		this.hubs = hubs;
	}

	// The client's requests

	/**
	 * Count in a request of the client, unless too many are in progress.
	 * @param session the session
	 * @param id the client's id of the request
	 * @return the answer to give, or {@code null} if {@code max-pending} requests are in
	 * progress already
	 */
	@Nullable InboundRequest received(DefaultWsSession session, long id) {
		if (this.inProgress.incrementAndGet() > this.maxPending) {
			this.inProgress.decrementAndGet();
			return null;
		}
		return new InboundRequest(session, this, id);
	}

	/**
	 * Count out a request of the client that was answered.
	 */
	void answered() {
		this.inProgress.decrementAndGet();
	}

	/**
	 * Return the reason of the error reply to a request past the bound.
	 * @return the reason
	 */
	String tooMany() {
		return "Too many requests in progress (multi-ws.endpoints." + this.endpoint + ".replies.max-pending="
				+ this.maxPending + ")";
	}

	WsPayloadEncoder encoder() {
		return this.hubs.encoder();
	}

	// Requests to the client

	/**
	 * Send a request to the client.
	 * @param session the session
	 * @param payload the request, text
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 */
	CompletionStage<String> send(DefaultWsSession session, WsPayload payload, Duration timeout) {
		if (!payload.isText()) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("A request is text or an object sent as JSON, not binary"));
		}
		CompletableFuture<String> reply = new CompletableFuture<>();
		long id;
		synchronized (this) {
			if (this.closed || !session.isOpen()) {
				return CompletableFuture.failedFuture(new IllegalStateException("Session " + session.id() + " is closed"));
			}
			if (this.outgoing.size() >= this.maxPending) {
				return CompletableFuture.failedFuture(new IllegalStateException("Too many requests pending on session "
						+ session.id() + " (multi-ws.endpoints." + this.endpoint + ".replies.max-pending="
						+ this.maxPending + ")"));
			}
			id = ++this.lastId;
			long requestId = id;
			ScheduledFuture<?> timer = this.hubs.schedule(() -> timedOut(requestId, timeout), timeout);
			this.outgoing.put(id, new Outgoing(reply, timer));
		}
		if (!session.sendPayload(WsPayload.text(RequestFrame.request(id, payload.asText())))) {
			fail(id, new IllegalStateException("Request to session " + session.id()
					+ " not sent: the session closed or its send buffer is full"));
		}
		return reply;
	}

	/**
	 * Complete a request with the client's reply.
	 * @param id the id of the request
	 * @param text the reply, or the reason of an error reply
	 * @param error whether it is an error reply
	 */
	void replied(long id, String text, boolean error) {
		Outgoing pending;
		synchronized (this) {
			pending = this.outgoing.remove(id);
		}
		if (pending == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignored a reply to request " + id + ", which is not pending (timed out, or never sent)");
			}
			return;
		}
		pending.timer.cancel(false);
		if (error) {
			pending.reply.completeExceptionally(new WsReplyException(text));
		}
		else {
			pending.reply.complete(text);
		}
	}

	private void timedOut(long id, Duration timeout) {
		Outgoing pending;
		synchronized (this) {
			pending = this.outgoing.remove(id);
		}
		if (pending != null) {
			// Off the registry's timer thread: dependent stages run where the stage completes
			ForkJoinPool.commonPool()
				.execute(() -> pending.reply
					.completeExceptionally(new TimeoutException("No reply to request " + id + " within " + timeout)));
		}
	}

	private void fail(long id, Throwable failure) {
		Outgoing pending;
		synchronized (this) {
			pending = this.outgoing.remove(id);
		}
		if (pending != null) {
			pending.timer.cancel(false);
			pending.reply.completeExceptionally(failure);
		}
	}

	/**
	 * Fail every pending request to the client, when the session closed.
	 */
	void closed() {
		List<Outgoing> pending;
		synchronized (this) {
			this.closed = true;
			pending = new ArrayList<>(this.outgoing.values());
			this.outgoing.clear();
		}
		for (Outgoing request : pending) {
			request.timer.cancel(false);
			request.reply.completeExceptionally(new IllegalStateException("Session closed with the request pending"));
		}
	}

	/**
	 * Return the number of requests sent to the client that wait for its reply.
	 * @return the pending request count
	 */
	public synchronized int pending() {
		return this.outgoing.size();
	}

	/**
	 * Return the number of the client's requests that the endpoint has not answered yet.
	 * @return the request count
	 */
	public int inProgress() {
		return this.inProgress.get();
	}

	@Override
	public String toString() {
		return "PendingRequests[pending=" + pending() + ", inProgress=" + inProgress() + ", max=" + this.maxPending
				+ "]";
	}

	private record Outgoing(CompletableFuture<String> reply, ScheduledFuture<?> timer) {

	}

}
