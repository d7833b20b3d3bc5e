package io.multiws.reactive;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * A transport over a WebFlux {@link WebSocketSession} of a server other than Reactor
 * Netty, whose sessions take a single {@code send} for their whole life: one long-lived
 * {@code send} of a stream that this transport feeds, one message at a time. A write
 * completes when the server has taken the message and asks for the next one; a peer
 * that stops reading stops those requests, so the send time limit still finds it.
 * Closing may block on these servers, so it runs off the caller's thread.
 * <p>
 * A write can therefore fail after it was reported complete: the last one before a peer
 * drops, or a ping. Such a failure goes to whoever created the transport: no write may
 * follow to report it, and Tomcat closes the connection of a failed write without telling
 * the session's inbound side.
 *
 * @author multi-ws team
 */
final class StreamingWsTransport implements WsTransport {

	private static final SendCallback NO_CALLBACK = (failure) -> {
	};

	/**
	 * The payload of pings: not empty, as these servers write a message's payload buffer
	 * by buffer and so send nothing for an empty one.
	 */
	private static final byte[] PING_PAYLOAD = { 'p' };

	private static final AtomicReferenceFieldUpdater<StreamingWsTransport, SendCallback> IN_FLIGHT = AtomicReferenceFieldUpdater
		.newUpdater(StreamingWsTransport.class, SendCallback.class, "inFlight");

	private final WebSocketSession session;

	private final Consumer<Throwable> lateFailure;

	private final Sinks.Many<WebSocketMessage> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Queue<Outgoing> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger wip = new AtomicInteger();

	private volatile @Nullable SendCallback inFlight;

	private volatile @Nullable Throwable failure;

	/**
	 * Create a transport and start the stream of its session's outbound messages.
	 * @param session the session
	 * @param lateFailure told of a write that failed after it was reported complete
	 */
	StreamingWsTransport(WebSocketSession session, Consumer<Throwable> lateFailure) {
		this.session = session;
		this.lateFailure = lateFailure;
		session.send(this.outbound.asFlux().doOnRequest((count) -> completed(null)))
			.subscribe(null, this::failed, () -> ended(new IllegalStateException("Session closed")));
	}

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		// One message in flight at a time, as the server's requests count them: the next
		// message of the batch goes out once the server asks for it
		sendFrom(messages, 0, callback);
	}

	private void sendFrom(List<WsPayload> messages, int index, SendCallback callback) {
		WsPayload payload = messages.get(index);
		WebSocketMessage message = payload.isText() ? this.session.textMessage(payload.asText())
				: this.session.binaryMessage((factory) -> factory.wrap(payload.asBytes()));
		boolean last = index == messages.size() - 1;
		emit(message, last ? callback : (failure) -> {
			if (failure != null) {
				callback.sendComplete(failure);
			}
			else {
				sendFrom(messages, index + 1, callback);
			}
		});
	}

	@Override
	public void ping() {
		emit(this.session.pingMessage((factory) -> factory.wrap(PING_PAYLOAD)), NO_CALLBACK);
	}

	private void emit(WebSocketMessage message, SendCallback callback) {
		this.pending.offer(new Outgoing(message, callback));
		drain();
	}

	/**
	 * Emit the pending messages, one thread at a time. The server asks for the next
	 * message from inside an emission, which completes the write and lets the session
	 * send again on the same stack: that send is queued and emitted here once the
	 * emission returns, as a sink takes no nested emission.
	 */
	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		do {
			Outgoing outgoing;
			while ((outgoing = this.pending.poll()) != null) {
				emitNow(outgoing);
			}
		}
		while (this.wip.decrementAndGet() != 0);
	}

	private void emitNow(Outgoing outgoing) {
		Throwable failure = this.failure;
		if (failure != null) {
			outgoing.callback().sendComplete(failure);
			return;
		}
		this.inFlight = outgoing.callback();
		Sinks.EmitResult result = this.outbound.tryEmitNext(outgoing.message());
		if (result.isFailure()) {
			completed(new IllegalStateException("Could not queue the message: " + result));
		}
	}

	/**
	 * Complete the write in flight, if any.
	 * @param failure the failure, or {@code null} on success
	 * @return whether a write of a message was in flight
	 */
	private boolean completed(@Nullable Throwable failure) {
		SendCallback callback = IN_FLIGHT.getAndSet(this, null);
		if (callback == null || callback == NO_CALLBACK) {
			return false;
		}
		callback.sendComplete(failure);
		return true;
	}

	/**
	 * The server failed a write and ended the stream: the message in flight fails, and
	 * so does every later one; with none in flight, the failure is late.
	 */
	private void failed(Throwable failure) {
		this.failure = failure;
		if (!completed(failure)) {
			this.lateFailure.accept(failure);
		}
	}

	/**
	 * The server ended the stream as the session closed, which its inbound side reports.
	 */
	private void ended(Throwable failure) {
		this.failure = failure;
		completed(failure);
	}

	@Override
	public void close(WsCloseStatus status) {
		this.outbound.tryEmitComplete();
		this.session.close(ReactiveWsTransport.toCloseStatus(status))
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe(null, StreamingWsTransport::ignore);
	}

	@Override
	public void abort(WsCloseStatus status) {
		// WebFlux offers no way to drop a connection: the close is queued off this thread,
		// where the server's own send timeout ends it
		close(status);
	}

	private static void ignore(Throwable failure) {
		// The connection is gone: the inbound side reports the close
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		return type.isInstance(this.session) ? type.cast(this.session) : null;
	}

	private record Outgoing(WebSocketMessage message, SendCallback callback) {

	}

}
