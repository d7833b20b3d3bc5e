package io.multiws.container.netty;

import java.util.List;

import io.multiws.core.WsTransport;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import io.multiws.hub.internal.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

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
 *
 * @author multi-ws team
 */
final class NettyWsTransport implements WsTransport, ChannelFutureListener, Runnable {

	/**
	 * Writes a frame's header into a buffer of the channel's, as into any other.
	 */
	static final FrameHeader.Writer<ByteBuf> BYTE_BUF = new FrameHeader.Writer<>() {

		@Override
		public void writeByte(ByteBuf target, int value) {
			target.writeByte(value);
		}

		@Override
		public void writeShort(ByteBuf target, int value) {
			target.writeShort(value);
		}

		@Override
		public void writeLong(ByteBuf target, long value) {
			target.writeLong(value);
		}

	};

	private final NettySession session;

	private final Channel channel;

	/**
	 * The session's portable transport, which closes it.
	 */
	private final WsTransport closer;

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

	NettyWsTransport(NettySession session, WsTransport closer) {
		this.session = session;
		this.channel = session.channel();
		this.extensions = NettyFrameRules.hasExtensions(this.channel.pipeline());
		this.closer = closer;
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
		ByteBuf frame = this.channel.alloc().ioBuffer(FrameHeader.length(bytes.length) + bytes.length);
		return FrameHeader.write(frame, BYTE_BUF, payload.isText(), bytes.length).writeBytes(bytes);
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
