package io.multiws.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client for many connections on few threads, written on Netty: a couple of
 * event-loop threads hold thousands of connections, frames are read from pooled buffers
 * without decoding them to strings, and nothing waits on a thread per connection.
 *
 * @author multi-ws team
 */
final class WsClient implements AutoCloseable {

	private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	WsClient(int threads) {
		this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) HANDSHAKE_TIMEOUT.toMillis());
	}

	/**
	 * Open a connection and complete once its handshake has.
	 * @param uri the WebSocket URI
	 * @param listener the receiver of its messages
	 * @return the connection, or a failure
	 */
	CompletableFuture<Connection> connect(URI uri, Listener listener) {
		return connect(uri, listener, 0);
	}

	/**
	 * Open a connection with a given socket receive buffer and complete once its
	 * handshake has.
	 * @param uri the WebSocket URI
	 * @param listener the receiver of its messages
	 * @param receiveBuffer the socket receive buffer in bytes, small for a reader that
	 * stops reading, 0 for the system's default
	 * @return the connection, or a failure
	 */
	CompletableFuture<Connection> connect(URI uri, Listener listener, int receiveBuffer) {
		CompletableFuture<Connection> result = new CompletableFuture<>();
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.handshakeTimeoutMillis(HANDSHAKE_TIMEOUT.toMillis())
			.forceCloseTimeoutMillis(5_000)
			.maxFramePayloadLength(1 << 20)
			// Close frames reach FrameHandler, which records their code
			.handleCloseFrames(false)
			.build();
		Bootstrap bootstrap = this.bootstrap.clone();
		if (receiveBuffer > 0) {
			bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer);
		}
		bootstrap.handler(new ChannelInitializer<SocketChannel>() {

			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline()
					.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
							new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
							new FrameHandler(result, listener));
			}

		}).connect(uri.getHost(), uri.getPort()).addListener((connected) -> {
			if (!connected.isSuccess()) {
				result.completeExceptionally(connected.cause());
			}
		});
		return result;
	}

	/**
	 * Open connections with at most a given number of handshakes in flight.
	 * @param uris the URIs, one connection each
	 * @param inFlight the maximum number of handshakes in flight
	 * @param listener the receiver of their messages
	 * @param timeout the time limit for all of them
	 * @return the connections that opened and the number that failed
	 * @throws InterruptedException if interrupted
	 */
	Opened connectAll(List<URI> uris, int inFlight, Listener listener, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Semaphore permits = new Semaphore(inFlight);
		List<CompletableFuture<Connection>> futures = new ArrayList<>(uris.size());
		for (URI uri : uris) {
			if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				break;
			}
			futures.add(connect(uri, listener).whenComplete((connection, failure) -> permits.release()));
		}
		List<Connection> connections = new ArrayList<>(futures.size());
		for (CompletableFuture<Connection> future : futures) {
			try {
				connections.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (TimeoutException | ExecutionException ex) {
				future.cancel(false);
			}
		}
		return new Opened(connections, uris.size() - connections.size());
	}

	/**
	 * Close connections with a close frame and wait until they are closed.
	 * @param connections the connections
	 * @param timeout the time limit
	 * @return the number still open at the time limit
	 * @throws InterruptedException if interrupted
	 */
	static int closeAll(List<Connection> connections, Duration timeout) throws InterruptedException {
		connections.forEach(Connection::close);
		long deadline = System.nanoTime() + timeout.toNanos();
		int open = 0;
		for (Connection connection : connections) {
			if (!connection.channel.closeFuture()
				.await(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) {
				connection.channel.close();
				open++;
			}
		}
		return open;
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	/**
	 * What happens on the connections of one scenario; called on event-loop threads.
	 */
	interface Listener {

		/**
		 * A text message arrived; its buffer is released after this returns.
		 * @param connection the connection
		 * @param text the UTF-8 bytes of the message
		 */
		void onText(Connection connection, ByteBuf text);

		/**
		 * Ignore every message.
		 */
		Listener IGNORE = (connection, text) -> {
		};

	}

	/**
	 * The result of {@link #connectAll}.
	 *
	 * @param connections the open connections
	 * @param failures how many failed
	 */
	record Opened(List<Connection> connections, int failures) {

	}

	/**
	 * One open WebSocket connection.
	 */
	static final class Connection {

		private final Channel channel;

		private volatile @Nullable Object attachment;

		private volatile int closeCode;

		Connection(Channel channel) {
			this.channel = channel;
		}

		/**
		 * Send a text message of pre-encoded UTF-8 bytes.
		 * @param utf8 the bytes
		 */
		void send(byte[] utf8) {
			this.channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), this.channel.voidPromise());
		}

		void close() {
			if (this.channel.isActive()) {
				this.channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
			}
		}

		/**
		 * Stop reading from the socket, as a client that hangs would, so that the
		 * server's writes back up.
		 */
		void stopReading() {
			this.channel.config().setAutoRead(false);
		}

		void resumeReading() {
			this.channel.config().setAutoRead(true);
			this.channel.read();
		}

		/**
		 * Return how the server closed the connection.
		 * @return the code of its close frame, 1006 if the connection ended without one,
		 * 0 while it is open
		 */
		int closeCode() {
			return this.closeCode;
		}

		void closed(int code) {
			if (this.closeCode == 0) {
				this.closeCode = code;
			}
		}

		boolean isOpen() {
			return this.channel.isActive();
		}

		Channel channel() {
			return this.channel;
		}

		@Nullable Object attachment() {
			return this.attachment;
		}

		void attach(Object attachment) {
			this.attachment = attachment;
		}

	}

	private static final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

		private final CompletableFuture<Connection> opened;

		private final Listener listener;

		private @Nullable Connection connection;

		FrameHandler(CompletableFuture<Connection> opened, Listener listener) {
			this.opened = opened;
			this.listener = listener;
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
			if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
				Connection connection = new Connection(context.channel());
				this.connection = connection;
				this.opened.complete(connection);
			}
			else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
				fail(context, new TimeoutException("WebSocket handshake timed out"));
			}
			super.userEventTriggered(context, event);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
			Connection connection = this.connection;
			if (connection == null) {
				return;
			}
			if (frame instanceof TextWebSocketFrame) {
				this.listener.onText(connection, frame.content());
			}
			else if (frame instanceof CloseWebSocketFrame close) {
				connection.closed((close.statusCode() < 0) ? 1005 : close.statusCode());
				// Answer as the protocol handler would, then end the connection
				context.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			Connection connection = this.connection;
			if (connection != null) {
				connection.closed(1006);
			}
			fail(context, new IllegalStateException("Connection closed before the handshake completed"));
			super.channelInactive(context);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			fail(context, cause);
		}

		private void fail(ChannelHandlerContext context, Throwable cause) {
			if (this.opened.completeExceptionally(cause) || this.connection != null) {
				context.close();
			}
		}

	}

}
