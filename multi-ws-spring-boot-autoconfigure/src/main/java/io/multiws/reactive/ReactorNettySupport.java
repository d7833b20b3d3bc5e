package io.multiws.reactive;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.multiws.admission.WsClientConnection;
import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
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
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.Assert;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
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
	 * larger than the given size, and whose sessions give their transport the channel.
	 * @param maxMessageSize the largest message the endpoint takes, text or binary
	 * @param compression whether to negotiate permessage-deflate
	 * @return the strategy
	 */
	static RequestUpgradeStrategy upgradeStrategy(int maxMessageSize, boolean compression) {
		return new UpgradeStrategy(maxMessageSize, compression);
	}

	/**
	 * Return Spring's own upgrade strategy for Reactor Netty, its frame decoder and
	 * aggregator refusing messages larger than the given size: the portable path, whose
	 * sessions are Spring's and Reactor Netty's alone.
	 * @param maxMessageSize the largest message the endpoint takes, text or binary
	 * @param compression whether to negotiate permessage-deflate
	 * @return the strategy
	 */
	static RequestUpgradeStrategy portableUpgradeStrategy(int maxMessageSize, boolean compression) {
		return new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxMessageSize).compress(compression));
	}

	/**
	 * Whether an exchange is served by Reactor Netty.
	 * @param exchange the exchange
	 * @return {@code true} on Reactor Netty
	 */
	static boolean isReactorNetty(ServerWebExchange exchange) {
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
	 * @return the transport, or {@code null}
	 */
	static @Nullable WsTransport transport(WebSocketSession session) {
		return (session instanceof NettySession nettySession) ? new NettyWsTransport(nettySession) : null;
	}

	/**
	 * Return the inbound frames of a session created by {@link #upgradeStrategy},
	 * aggregated into whole messages as Spring's {@code receive()} does but without its
	 * per-message operators and wrappers, or {@code null} for another session. Each frame
	 * is released once {@link #received} returns.
	 * @param session the session
	 * @return the frames, or {@code null}
	 */
	static @Nullable Publisher<?> frames(WebSocketSession session) {
		return (session instanceof NettySession nettySession) ? nettySession.frames() : null;
	}

	/**
	 * Hand one inbound frame of {@link #frames} to a session's handler.
	 * @param frame the frame
	 * @param handler the handler
	 */
	static void received(Object frame, ReactiveSessionHandler handler) {
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
	static void whenChannelClosed(WebSocketSession session, Runnable action) {
		if (session instanceof NettySession nettySession) {
			nettySession.channel().closeFuture().addListener((future) -> action.run());
		}
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
	 * Return the connection of a request beneath forwarding: its peer's address, which
	 * Reactor Netty's forwarded handling ({@code server.forward-headers-strategy=native})
	 * and Spring's {@code ForwardedHeaderTransformer} replace in the request, and the
	 * headers as they came, which the transformer removes.
	 * @param nativeRequest the server's own request
	 * @return the connection, or {@code null} if the request is not Reactor Netty's
	 */
	static @Nullable WsClientConnection connection(Object nativeRequest) {
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
	static <T> Mono<T> backOnEventLoop(Mono<T> publisher, ServerWebExchange exchange) {
		if (nativeResponse(exchange) instanceof Connection connection) {
			return publisher.publishOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
		}
		return publisher;
	}

	/**
	 * Spring's {@code ReactorNettyRequestUpgradeStrategy}, but creating sessions whose
	 * transport reaches the channel: to write without a publisher chain per message, and
	 * to drop a peer that stopped reading, which never takes a close frame. Pings reach
	 * the session rather than being answered by Reactor Netty, which writes every pong
	 * whether or not the peer reads: the session answers them through its outbound side,
	 * within its send time limit and inbound rates.
	 */
	private static final class UpgradeStrategy implements RequestUpgradeStrategy {

		private final int maxFramePayloadLength;

		private final boolean compression;

		UpgradeStrategy(int maxFramePayloadLength, boolean compression) {
			this.maxFramePayloadLength = maxFramePayloadLength;
			this.compression = compression;
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
						new NettySession(inbound, outbound, handshakeInfo, bufferFactory, this.maxFramePayloadLength)),
						spec);
			}));
		}

		private WebsocketServerSpec spec(@Nullable String subProtocol) {
			WebsocketServerSpec.Builder builder = WebsocketServerSpec.builder()
				.maxFramePayloadLength(this.maxFramePayloadLength)
				.compress(this.compression)
				.handlePing(true);
			if (subProtocol != null) {
				builder.protocols(subProtocol);
			}
			return builder.build();
		}

	}

	/**
	 * A session whose transport can reach its channel.
	 */
	static final class NettySession extends ReactorNettyWebSocketSession {

		private final Channel channel;

		private final int maxFramePayloadLength;

		NettySession(WebsocketInbound inbound, WebsocketOutbound outbound, HandshakeInfo info,
				NettyDataBufferFactory bufferFactory, int maxFramePayloadLength) {
			super(inbound, outbound, info, bufferFactory, maxFramePayloadLength);
			this.channel = ((Connection) inbound).channel();
			this.maxFramePayloadLength = maxFramePayloadLength;
			NettyFrameRules.install(this.channel.pipeline(), maxFramePayloadLength,
					info.getHeaders().getFirst("Sec-WebSocket-Extensions"));
		}

		Channel channel() {
			return this.channel;
		}

		Publisher<?> frames() {
			return getDelegate().getInbound().aggregateFrames(this.maxFramePayloadLength).receiveObject();
		}

	}

	/**
	 * Writes a session's messages straight to the channel: a write of several queued
	 * messages is one task on the channel's event loop, one Netty write per message and
	 * one flush, so the event loop gathers them into one socket write; the last write's
	 * future completes the session's write. The flush itself runs at the end of the
	 * event loop's current work, so that what else that work sends to the same session
	 * (the other messages of one read, in a fan-out) queues meanwhile and goes out in the
	 * next write rather than in a socket write of its own. Text is written from the bytes
	 * encoded once for every recipient; unless an extension was negotiated, each frame
	 * goes out as one buffer of the channel's allocator, header and payload, without a
	 * frame object or a pass through Netty's frame encoder. Nothing blocks.
	 */
	private static final class NettyWsTransport implements WsTransport, ChannelFutureListener, Runnable {

		private final NettySession session;

		private final Channel channel;

		private final ReactiveWsTransport closer;

		/**
		 * Whether an extension (permessage-deflate) was negotiated, which transforms every
		 * frame: then Netty's encoder must build them.
		 */
		private final boolean extensions;

		private volatile @Nullable SendCallback callback;

		private volatile @Nullable List<WsPayload> messages;

		private final Runnable flush = this::flush;

		// Only touched on the event loop
		private boolean flushScheduled;

		NettyWsTransport(NettySession session) {
			this.session = session;
			this.channel = session.channel();
			this.extensions = NettyFrameRules.hasExtensions(this.channel.pipeline());
			this.closer = new ReactiveWsTransport(session);
		}

		@Override
		public void send(List<WsPayload> messages, SendCallback callback) {
			this.callback = callback;
			this.messages = messages;
			EventLoop eventLoop = this.channel.eventLoop();
			if (eventLoop.inEventLoop()) {
				run();
			}
			else {
				eventLoop.execute(this);
			}
		}

		@Override
		public void run() {
			List<WsPayload> messages = this.messages;
			Assert.state(messages != null, "No write in flight");
			this.messages = null;
			int last = messages.size() - 1;
			for (int i = 0; i < last; i++) {
				this.channel.write(frame(messages.get(i)));
			}
			this.channel.write(frame(messages.get(last))).addListener(this);
			scheduleFlush();
		}

		private void scheduleFlush() {
			if (!this.flushScheduled) {
				this.flushScheduled = true;
				this.channel.eventLoop().execute(this.flush);
			}
		}

		private void flush() {
			this.flushScheduled = false;
			this.channel.flush();
		}

		private Object frame(WsPayload payload) {
			if (this.extensions) {
				return payload.isText() ? new TextWebSocketFrame(Unpooled.wrappedBuffer(payload.toBytes()))
						: new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload.asBytes()));
			}
			// No extension transforms frames: write the frame's bytes, header and payload, in one
			// buffer of the channel's own, past Netty's frame encoder
			byte[] bytes = payload.toBytes();
			int length = bytes.length;
			ByteBuf frame = this.channel.alloc()
				.ioBuffer(((length < 126) ? 2 : (length < 65_536) ? 4 : 10) + length);
			frame.writeByte(payload.isText() ? 0x81 : 0x82);
			if (length < 126) {
				frame.writeByte(length);
			}
			else if (length < 65_536) {
				frame.writeByte(126).writeShort(length);
			}
			else {
				frame.writeByte(127).writeLong(length);
			}
			return frame.writeBytes(bytes);
		}

		@Override
		public void operationComplete(ChannelFuture future) {
			SendCallback callback = this.callback;
			this.callback = null;
			if (callback != null) {
				callback.sendComplete(future.isSuccess() ? null : future.cause());
			}
		}

		@Override
		public void pong(byte[] payload, SendCallback callback) {
			this.callback = callback;
			EventLoop eventLoop = this.channel.eventLoop();
			if (eventLoop.inEventLoop()) {
				writePong(payload);
			}
			else {
				eventLoop.execute(() -> writePong(payload));
			}
		}

		private void writePong(byte[] payload) {
			// Flushed at once: a pong completes before the next ping is read, rather than
			// at the end of the event loop's work, so pongs keep pace with a peer that reads
			this.channel.writeAndFlush(new PongWebSocketFrame(Unpooled.wrappedBuffer(payload))).addListener(this);
		}

		@Override
		public boolean isConnectionOpen() {
			return this.channel.isOpen();
		}

		@Override
		public void ping() {
			this.channel.writeAndFlush(new PingWebSocketFrame(), this.channel.voidPromise());
		}

		@Override
		public void close(WsCloseStatus status) {
			this.closer.close(status);
		}

		@Override
		public void abort(WsCloseStatus status) {
			// Best effort: a close frame stuck behind unread data never arrives, so drop the
			// connection right after queueing it
			this.closer.close(status);
			this.channel.close();
		}

		@Override
		public <T> @Nullable T unwrap(Class<T> type) {
			if (type.isInstance(this.session)) {
				return type.cast(this.session);
			}
			return type.isInstance(this.channel) ? type.cast(this.channel) : null;
		}

	}

}
