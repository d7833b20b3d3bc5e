package io.multiws.container.netty;

import io.multiws.container.netty.NettyHandlers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * The RFC 6455 rules that Reactor Netty's WebSocket pipeline leaves out, put back on a
 * channel right after its handshake: reserved bits refused (1002) unless an extension
 * was negotiated, text checked for UTF-8 across fragments (1007), close frames checked
 * for a valid code (1002) and a UTF-8 reason (1007), answered with a close frame rather
 * than a dropped connection, and, with permessage-deflate, a frame that inflates past the
 * message size limit refused (1009) without inflating it in full.
 *
 * @author multi-ws team
 */
final class NettyFrameRules {

	private static final String DECODER = NettyHandlers.FRAME_DECODER;

	private static final String FRAME_VALIDATOR = "multiWsFrameValidator";

	private NettyFrameRules() {
	}

	/**
	 * Install the rules on the pipeline of a channel whose handshake just completed,
	 * before it reads its first frame.
	 * @param pipeline the channel's pipeline
	 * @param maxFramePayloadLength the largest frame payload the decoder takes
	 */
	static void install(ChannelPipeline pipeline, int maxFramePayloadLength, @Nullable String offeredExtensions) {
		if (pipeline.get(DECODER) == null || pipeline.get(FRAME_VALIDATOR) != null) {
			return;
		}
		boundInflation(pipeline, maxFramePayloadLength, offeredExtensions);
		boolean extensions = hasExtensions(pipeline);
		WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
			.expectMaskedFrames(true)
			.allowMaskMismatch(false)
			.allowExtensions(extensions)
			.maxFramePayloadLength(maxFramePayloadLength)
			.closeOnProtocolViolation(true)
			.build();
		pipeline.replace(DECODER, DECODER, new Decoder(config));
		String last = (pipeline.get(NettyPipeline.ReactiveBridge) != null) ? NettyPipeline.ReactiveBridge : null;
		if (last != null) {
			pipeline.addBefore(last, FRAME_VALIDATOR, new FrameValidator());
		}
		else {
			pipeline.addLast(FRAME_VALIDATOR, new FrameValidator());
		}
	}

	/**
	 * Whether a WebSocket extension (permessage-deflate) was negotiated on a channel.
	 * @param pipeline the channel's pipeline, after its handshake
	 * @return {@code true} if an extension transforms its frames
	 */
	static boolean hasExtensions(ChannelPipeline pipeline) {
		return pipeline.toMap().values().stream().anyMatch(WebSocketExtensionDecoder.class::isInstance);
	}

	/**
	 * Replace the inflater of a negotiated permessage-deflate with one that stops at the
	 * message size limit: Reactor Netty's inflates without bound. The handshaker is set up
	 * as Reactor Netty's, so that it accepts the same offer and inflates the same way.
	 */
	private static void boundInflation(ChannelPipeline pipeline, int maxSize, @Nullable String offeredExtensions) {
		String inflater = pipeline.names()
			.stream()
			.filter((name) -> isDeflateDecoder(pipeline.get(name)))
			.findFirst()
			.orElse(null);
		if (inflater == null || offeredExtensions == null) {
			return;
		}
		PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(6,
				ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
				PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, false, false, maxSize);
		for (WebSocketExtensionData offer : WebSocketExtensionUtil.extractExtensions(offeredExtensions)) {
			WebSocketServerExtension extension = handshaker.handshakeExtension(offer);
			if (extension != null) {
				pipeline.replace(inflater, inflater, extension.newExtensionDecoder());
				return;
			}
		}
	}

	private static boolean isDeflateDecoder(@Nullable ChannelHandler handler) {
		return NettyHandlers.isDeflateDecoder(handler);
	}

	/**
	 * Netty's decoder, leaving close frame bodies to {@link FrameValidator}: Netty's own
	 * check drops the connection without a close frame.
	 */
	private static final class Decoder extends WebSocket13FrameDecoder {

		Decoder(WebSocketDecoderConfig config) {
			super(config);
		}

		@Override
		protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf buffer) {
		}

	}

	/**
	 * Checks what is left after the decoder and the extensions, in one handler of the
	 * channel's own: reserved bits still set, text that is not UTF-8 (across fragments),
	 * and the body of close frames. Netty's {@code Utf8FrameValidator} does the text part
	 * a byte at a time in a handler of its own; this one reads ASCII eight bytes at a
	 * time.
	 */
	private static final class FrameValidator extends ChannelInboundHandlerAdapter {

		private final Utf8Checker text = new Utf8Checker();

		private boolean inText;

		private boolean failed;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			if (msg instanceof WebSocketFrame frame) {
				WebSocketCloseStatus violation = (this.failed) ? null : violation(frame);
				if (violation != null || this.failed) {
					frame.release();
					if (!this.failed) {
						this.failed = true;
						ctx.writeAndFlush(new CloseWebSocketFrame(violation)).addListener(ChannelFutureListener.CLOSE);
					}
					return;
				}
			}
			super.channelRead(ctx, msg);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
			if (cause instanceof DecompressionException) {
				ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
						"Message inflates past the size limit"))
					.addListener(ChannelFutureListener.CLOSE);
				return;
			}
			super.exceptionCaught(ctx, cause);
		}

		private @Nullable WebSocketCloseStatus violation(WebSocketFrame frame) {
			if (frame.rsv() != 0) {
				return new WebSocketCloseStatus(1002, "Reserved bits set without a negotiated extension");
			}
			if (frame instanceof TextWebSocketFrame) {
				this.inText = true;
				this.text.reset();
			}
			else if (!(frame instanceof ContinuationWebSocketFrame)) {
				return (frame instanceof CloseWebSocketFrame close) ? closeViolation(close) : null;
			}
			if (this.inText) {
				if (!this.text.check(frame.content())) {
					return new WebSocketCloseStatus(1007, "Text message is not UTF-8");
				}
				if (frame.isFinalFragment()) {
					this.inText = false;
					if (!this.text.isComplete()) {
						return new WebSocketCloseStatus(1007, "Text message ends inside a UTF-8 character");
					}
				}
			}
			return null;
		}

		private static @Nullable WebSocketCloseStatus closeViolation(CloseWebSocketFrame close) {
			ByteBuf body = close.content();
			if (body.readableBytes() < 2) {
				return null;
			}
			int code = body.getUnsignedShort(body.readerIndex());
			if (!isValidCode(code)) {
				return new WebSocketCloseStatus(1002, "Invalid close code " + code);
			}
			Utf8Checker reason = new Utf8Checker();
			if (!reason.check(body.slice(body.readerIndex() + 2, body.readableBytes() - 2)) || !reason.isComplete()) {
				return new WebSocketCloseStatus(1007, "Close reason is not UTF-8");
			}
			return null;
		}

		private static boolean isValidCode(int code) {
			return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
		}

	}

}
