package io.multiws.reactive;

import java.util.ArrayList;
import java.util.List;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * A transport over a WebFlux {@link WebSocketSession}, for the servers other than
 * Reactor Netty (which writes to its channel directly): each message is one
 * {@code send} whose completion (the server wrote it to the socket) completes the
 * session's write, so a peer that stops reading holds up only its own queue. Nothing
 * here blocks: the server hands the write to the connection's event loop.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class ReactiveWsTransport implements WsTransport {

	/**
	 * Whether the server may be Reactor Netty, whose connections can be dropped at once.
	 */
	static final boolean REACTOR_NETTY = ClassUtils.isPresent("reactor.netty.http.server.HttpServerResponse",
			ReactiveWsTransport.class.getClassLoader());

	private final WebSocketSession session;

	ReactiveWsTransport(WebSocketSession session) {
		this.session = session;
	}

	@Override
	public void send(List<WsPayload> messages, SendCallback callback) {
		List<WebSocketMessage> frames = new ArrayList<>(messages.size());
		for (WsPayload payload : messages) {
			frames.add(toMessage(payload));
		}
		this.session.send(Flux.fromIterable(frames))
			.subscribe(null, callback::sendComplete, () -> callback.sendComplete(null));
	}

	private WebSocketMessage toMessage(WsPayload payload) {
		if (payload.isText()) {
			return this.session.textMessage(payload.asText());
		}
		return this.session.binaryMessage((factory) -> factory.wrap(payload.asBytes()));
	}

	@Override
	public void ping() {
		this.session.send(Mono.just(this.session.pingMessage((factory) -> factory.allocateBuffer(0))))
			.subscribe(null, ReactiveWsTransport::ignore);
	}

	@Override
	public void close(WsCloseStatus status) {
		this.session.close(toCloseStatus(status)).subscribe(null, ReactiveWsTransport::ignore);
	}

	@Override
	public void abort(WsCloseStatus status) {
		// WebFlux has no way to drop a connection: on Reactor Netty the channel transport
		// does; elsewhere the server's own write timeout ends a stuck peer
		close(status);
	}

	/**
	 * Return the WebFlux close status of a close, its reason cut to fit a close frame.
	 * @param status the close
	 * @return the WebFlux close status
	 */
	static CloseStatus toCloseStatus(WsCloseStatus status) {
		return new CloseStatus(status.code(), status.frameReason());
	}

	private static void ignore(Throwable failure) {
		// The connection is gone: the inbound side reports the close
	}

	@Override
	public <T> @Nullable T unwrap(Class<T> type) {
		return type.isInstance(this.session) ? type.cast(this.session) : null;
	}

}
