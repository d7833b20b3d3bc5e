package io.multiws.core;

import java.nio.ByteBuffer;

import io.multiws.hub.WsJsonCodec;
import io.multiws.hub.WsPayload;

/**
 * Encodes an outbound object once: a {@code String} as text, a {@code byte[]} or
 * {@code ByteBuffer} as binary, a {@link WsPayload} as it is, anything else as JSON text.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsPayloadEncoder {

	private final WsJsonCodec jsonCodec;

	/**
	 * Create a new encoder.
	 * @param jsonCodec the codec for objects
	 */
	public WsPayloadEncoder(WsJsonCodec jsonCodec) {
		this.jsonCodec = jsonCodec;
	}

	/**
	 * Encode a payload.
	 * @param payload the object to send
	 * @return the encoded payload
	 */
	public WsPayload encode(Object payload) {
		if (payload instanceof WsPayload encoded) {
			return encoded;
		}
		if (payload instanceof String text) {
			return WsPayload.text(text);
		}
		if (payload instanceof byte[] bytes) {
			return WsPayload.binary(bytes.clone());
		}
		if (payload instanceof ByteBuffer buffer) {
			return WsPayload.binary(buffer);
		}
		return WsPayload.text(this.jsonCodec.write(payload));
	}

	/**
	 * Return the JSON codec.
	 * @return the codec
	 */
	public WsJsonCodec jsonCodec() {
		return this.jsonCodec;
	}

}
