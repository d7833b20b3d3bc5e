package io.multiws.hub.internal;

import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;

import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The wire frame of a {@link WsPayload}, for the transports of multi-ws that write whole
 * frames themselves: one unmasked frame (header and payload), as a server sends it
 * without extensions, built once per payload and shared by every recipient of a
 * broadcast. The frame is the wire format, which the API of {@code WsPayload} does not
 * show: {@code WsPayload} alone provides it, through the one subclass it creates. Internal
 * to multi-ws, not part of its API.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public abstract class WsPayloadFrames {

	private static @Nullable WsPayloadFrames provider;

	/**
	 * Register the frames of {@link WsPayload}, which creates the one instance as it is
	 * initialised.
	 * @throws IllegalStateException if the caller is not {@code WsPayload}
	 */
	protected WsPayloadFrames() {
		Assert.state(getClass().getEnclosingClass() == WsPayload.class && provider == null,
				"Only WsPayload provides its frames");
		provider = this;
	}

	/**
	 * Return a payload as one whole, unmasked WebSocket frame, built on first use and
	 * shared by every caller, so read it through a {@link ByteBuffer#duplicate()
	 * duplicate}.
	 * @param payload the payload
	 * @return a read-only buffer over the frame
	 */
	public static ByteBuffer frame(WsPayload payload) {
		return Provider.INSTANCE.frameOf(payload);
	}

	/**
	 * Return the frame of a payload.
	 * @param payload the payload
	 * @return a read-only buffer over the frame
	 */
	protected abstract ByteBuffer frameOf(WsPayload payload);

	/**
	 * The provider, read once {@code WsPayload} has registered it; a constant to the
	 * compiler, so that a frame costs no more than a method of the payload would.
	 */
	private static final class Provider {

		static final WsPayloadFrames INSTANCE = registered();

		private static WsPayloadFrames registered() {
			try {
				MethodHandles.lookup().ensureInitialized(WsPayload.class);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException(ex);
			}
			WsPayloadFrames registered = provider;
			Assert.state(registered != null, "WsPayload registered no frames");
			return registered;
		}

	}

}
