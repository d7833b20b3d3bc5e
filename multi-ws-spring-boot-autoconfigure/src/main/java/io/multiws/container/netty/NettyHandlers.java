package io.multiws.container.netty;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The handlers of a Reactor Netty WebSocket pipeline that multi-ws finds by name or by
 * type: the names and the types are checked once at start-up, and what is not found is
 * reported and left alone, never looked for by a class's simple name.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class NettyHandlers {

	/**
	 * The name Netty's server handshaker gives the frame decoder of an upgraded channel.
	 */
	static final String FRAME_DECODER = "wsdecoder";

	private static final String DEFLATE_DECODER_NAME = "io.netty.handler.codec.http.websocketx.extensions.compression."
			+ "PerMessageDeflateDecoder";

	private static final @Nullable Class<?> DEFLATE_DECODER = find(DEFLATE_DECODER_NAME);

	private NettyHandlers() {
	}

	/**
	 * Whether Netty's permessage-deflate inflater was found at start-up, so that it can
	 * be replaced by one bounded by the message size limit.
	 * @return {@code true} if found
	 */
	static boolean deflateDecoderFound() {
		return DEFLATE_DECODER != null;
	}

	/**
	 * Whether a handler is Netty's permessage-deflate inflater.
	 * @param handler the handler
	 * @return {@code true} if it is, {@code false} if not or if that type was not found at
	 * start-up
	 */
	static boolean isDeflateDecoder(@Nullable Object handler) {
		return DEFLATE_DECODER != null && DEFLATE_DECODER.isInstance(handler);
	}

	private static @Nullable Class<?> find(String className) {
		try {
			return ClassUtils.forName(className, NettyHandlers.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

}
