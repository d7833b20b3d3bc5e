package io.multiws.container.netty;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.multiws.admission.WsClientConnection;
import io.multiws.core.WsTransport;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the reactive binding does differently on Reactor Netty: its upgrade, its
 * transport, its inbound frames and the peer's address. Callers check that Reactor Netty
 * is on the class path first: this class links against Netty. Not an application API.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ReactorNettySupport {

	private ReactorNettySupport() {
	}

	/**
	 * Whether Netty's permessage-deflate inflater was found at start-up, so that it can
	 * be replaced by one bounded by the message size limit.
	 * @return {@code true} if found
	 */
	public static boolean boundedInflationAvailable() {
		return NettyHandlers.deflateDecoderFound();
	}

	/**
	 * Return an upgrade strategy whose frame decoder and aggregator refuse messages
	 * larger than the given size, and whose sessions give their transport the channel.
	 * @param maxMessageSize the largest message the endpoint takes, text or binary
	 * @param compression whether to negotiate permessage-deflate
	 * @return the strategy
	 */
	public static RequestUpgradeStrategy upgradeStrategy(int maxMessageSize, boolean compression) {
		return new NettyUpgradeStrategy(maxMessageSize, compression);
	}

	/**
	 * Return Spring's own upgrade strategy for Reactor Netty, its frame decoder and
	 * aggregator refusing messages larger than the given size: the portable path, whose
	 * sessions are Spring's and Reactor Netty's alone.
	 * @param maxMessageSize the largest message the endpoint takes, text or binary
	 * @param compression whether to negotiate permessage-deflate
	 * @return the strategy
	 */
	public static RequestUpgradeStrategy portableUpgradeStrategy(int maxMessageSize, boolean compression) {
		return new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxMessageSize).compress(compression));
	}

	/**
	 * Whether an exchange is served by Reactor Netty.
	 * @param exchange the exchange
	 * @return {@code true} on Reactor Netty
	 */
	public static boolean isReactorNetty(ServerWebExchange exchange) {
		return nativeResponse(exchange) instanceof HttpServerResponse;
	}

	private static @Nullable Object nativeResponse(ServerWebExchange exchange) {
		try {
			return ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Return a transport that writes straight to the Netty channel of a session created
	 * by {@link #upgradeStrategy}, or {@code null} for another session.
	 * @param session the session
	 * @param closer the session's portable transport, which closes it
	 * @return the transport, or {@code null}
	 */
	public static @Nullable WsTransport transport(WebSocketSession session, WsTransport closer) {
		return (session instanceof NettySession nettySession) ? new NettyWsTransport(nettySession, closer) : null;
	}

	/**
	 * Return the inbound frames of a session created by {@link #upgradeStrategy},
	 * aggregated into whole messages as Spring's {@code receive()} does but without its
	 * per-message operators and wrappers, or {@code null} for another session. Each frame
	 * is released once {@link #received} returns.
	 * @param session the session
	 * @return the frames, or {@code null}
	 */
	public static @Nullable Publisher<?> frames(WebSocketSession session) {
		return (session instanceof NettySession nettySession) ? nettySession.frames() : null;
	}

	/**
	 * Hand one inbound frame of {@link #frames} to a session's handler.
	 * @param frame the frame
	 * @param handler the handler
	 */
	public static void received(Object frame, NettyInbound handler) {
		if (frame instanceof TextWebSocketFrame text) {
			ByteBuf content = text.content();
			if (handler.admitText(content.readableBytes())) {
				handler.receivedText(content.toString(StandardCharsets.UTF_8));
			}
		}
		else if (frame instanceof BinaryWebSocketFrame binary) {
			ByteBuf content = binary.content();
			if (handler.admitBinary(content.readableBytes())) {
				byte[] bytes = new byte[content.readableBytes()];
				content.getBytes(content.readerIndex(), bytes);
				handler.receivedBinary(ByteBuffer.wrap(bytes));
			}
		}
		else if (frame instanceof PingWebSocketFrame ping) {
			ByteBuf content = ping.content();
			byte[] payload = new byte[content.readableBytes()];
			content.getBytes(content.readerIndex(), payload);
			handler.receivedPing(payload);
		}
		else if (frame instanceof PongWebSocketFrame) {
			handler.receivedPong();
		}
		else {
			handler.skipped();
		}
	}

	/**
	 * Run an action once the channel of a session created by {@link #upgradeStrategy}
	 * has closed; nothing for another session.
	 * @param session the session
	 * @param action the action
	 */
	public static void whenChannelClosed(WebSocketSession session, Runnable action) {
		if (session instanceof NettySession nettySession) {
			nettySession.channel().closeFuture().addListener((future) -> action.run());
		}
	}

	/**
	 * Whether an inbound failure means a message was larger than allowed.
	 * @param failure the failure
	 * @return {@code true} for an oversized frame or message
	 */
	public static boolean isTooBig(Throwable failure) {
		if (failure instanceof CorruptedWebSocketFrameException corrupted) {
			return corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
		}
		return failure instanceof TooLongFrameException;
	}

	/**
	 * Return the connection of a request beneath forwarding: its peer's address, which
	 * Reactor Netty's forwarded handling ({@code server.forward-headers-strategy=native})
	 * and Spring's {@code ForwardedHeaderTransformer} replace in the request, and the
	 * headers as they came, which the transformer removes.
	 * @param nativeRequest the server's own request
	 * @return the connection, or {@code null} if the request is not Reactor Netty's
	 */
	public static @Nullable WsClientConnection connection(Object nativeRequest) {
		if (!(nativeRequest instanceof HttpServerRequest request)
				|| !(request.connectionRemoteAddress() instanceof InetSocketAddress peer)) {
			return null;
		}
		String address = (peer.getAddress() != null) ? peer.getAddress().getHostAddress() : peer.getHostString();
		return new WsClientConnection() {

			@Override
			public String address() {
				return address;
			}

			@Override
			public List<String> headers(String name) {
				return request.requestHeaders().getAll(name);
			}

		};
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
	public static <T> Mono<T> backOnEventLoop(Mono<T> publisher, ServerWebExchange exchange) {
		if (nativeResponse(exchange) instanceof Connection connection) {
			return publisher.publishOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
		}
		return publisher;
	}

}
