package io.multiws.reactive;

import java.util.function.Supplier;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the reactive binding does differently on Reactor Netty. Callers check
 * {@link ReactiveWsTransport#REACTOR_NETTY} first: this class links against Netty.
 *
 * @author multi-ws team
 */
final class ReactorNettySupport {

	private ReactorNettySupport() {
	}

	/**
	 * Return an upgrade strategy whose frame decoder and aggregator refuse messages
	 * larger than the given size, and whose sessions can drop their connection at once.
	 * @param maxMessageSize the largest message the endpoint takes, text or binary
	 * @return the strategy
	 */
	static RequestUpgradeStrategy upgradeStrategy(int maxMessageSize) {
		return new UpgradeStrategy(maxMessageSize);
	}

	/**
	 * Drop the connection of a session now, if it runs on Reactor Netty.
	 * @param session the session
	 * @return whether the connection was dropped
	 */
	static boolean dispose(WebSocketSession session) {
		if (session instanceof DisposableSession disposable) {
			disposable.dispose();
			return true;
		}
		return false;
	}

	/**
	 * Whether an inbound failure means a message was larger than allowed.
	 * @param failure the failure
	 * @return {@code true} for an oversized frame or message
	 */
	static boolean isTooBig(Throwable failure) {
		if (failure instanceof CorruptedWebSocketFrameException corrupted) {
			return corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
		}
		return failure instanceof TooLongFrameException;
	}

	/**
	 * Return a publisher that signals on the event loop of the exchange's connection, where
	 * Reactor Netty expects the handshake: started elsewhere, it races with a client that
	 * closes at once.
	 * @param <T> the type of the element
	 * @param publisher the publisher
	 * @param exchange the exchange
	 * @return the publisher, signalling on the event loop
	 */
	static <T> Mono<T> backOnEventLoop(Mono<T> publisher, ServerWebExchange exchange) {
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		if (nativeResponse instanceof Connection connection) {
			return publisher.publishOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
		}
		return publisher;
	}

	/**
	 * Spring's {@code ReactorNettyRequestUpgradeStrategy}, but creating sessions that can
	 * drop their connection: a peer that stopped reading never takes a close frame.
	 */
	private static final class UpgradeStrategy implements RequestUpgradeStrategy {

		private final int maxFramePayloadLength;

		UpgradeStrategy(int maxFramePayloadLength) {
			this.maxFramePayloadLength = maxFramePayloadLength;
		}

		@Override
		public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
				Supplier<HandshakeInfo> handshakeInfoFactory) {
			ServerHttpResponse response = exchange.getResponse();
			HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
			HandshakeInfo handshakeInfo = handshakeInfoFactory.get();
			NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
			return response.setComplete().then(Mono.defer(() -> {
				WebsocketServerSpec spec = spec(subProtocol);
				return reactorResponse.sendWebsocket((inbound, outbound) -> handler.handle(
						new DisposableSession(inbound, outbound, handshakeInfo, bufferFactory, this.maxFramePayloadLength)),
						spec);
			}));
		}

		private WebsocketServerSpec spec(@Nullable String subProtocol) {
			WebsocketServerSpec.Builder builder = WebsocketServerSpec.builder()
				.maxFramePayloadLength(this.maxFramePayloadLength);
			if (subProtocol != null) {
				builder.protocols(subProtocol);
			}
			return builder.build();
		}

	}

	private static final class DisposableSession extends ReactorNettyWebSocketSession {

		DisposableSession(WebsocketInbound inbound, WebsocketOutbound outbound, HandshakeInfo info,
				NettyDataBufferFactory bufferFactory, int maxFramePayloadLength) {
			super(inbound, outbound, info, bufferFactory, maxFramePayloadLength);
		}

		void dispose() {
			getDelegate().getInbound().withConnection(Connection::dispose);
		}

	}

}
