package io.multiws.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An encoded outbound message, text or binary, shared by every recipient of a
 * broadcast. Instances are immutable.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsPayload {

	private final @Nullable String text;

	private final byte @Nullable [] bytes;

	// Computed on demand; a race computes the same value twice
	private int encodedSize = -1;

	private WsPayload(@Nullable String text, byte @Nullable [] bytes) {
		this.text = text;
		this.bytes = bytes;
	}

	/**
	 * Create a text payload.
	 * @param text the text
	 * @return the payload
	 */
	public static WsPayload text(String text) {
		Assert.notNull(text, "'text' must not be null");
		return new WsPayload(text, null);
	}

	/**
	 * Create a binary payload. The array is not copied and must not be changed later.
	 * @param bytes the bytes
	 * @return the payload
	 */
	public static WsPayload binary(byte[] bytes) {
		Assert.notNull(bytes, "'bytes' must not be null");
		return new WsPayload(null, bytes);
	}

	/**
	 * Create a binary payload from the remaining bytes of a buffer, which are copied.
	 * @param buffer the buffer
	 * @return the payload
	 */
	public static WsPayload binary(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return new WsPayload(null, bytes);
	}

	/**
	 * Whether this is a text payload.
	 * @return {@code true} for text, {@code false} for binary
	 */
	public boolean isText() {
		return this.text != null;
	}

	/**
	 * Return the text of a text payload.
	 * @return the text
	 * @throws IllegalStateException for a binary payload
	 */
	public String asText() {
		Assert.state(this.text != null, "Not a text payload");
		return this.text;
	}

	/**
	 * Return the bytes of a binary payload, not copied: do not change them.
	 * @return the bytes
	 * @throws IllegalStateException for a text payload
	 */
	public byte[] asBytes() {
		Assert.state(this.bytes != null, "Not a binary payload");
		return this.bytes;
	}

	/**
	 * Return a new read-only buffer over the bytes of a binary payload.
	 * @return the buffer
	 */
	public ByteBuffer asByteBuffer() {
		return ByteBuffer.wrap(asBytes()).asReadOnlyBuffer();
	}

	/**
	 * Return the bytes of this payload as sent: UTF-8 for text.
	 * @return the encoded bytes
	 */
	public byte[] toBytes() {
		return (this.text != null) ? this.text.getBytes(StandardCharsets.UTF_8) : asBytes();
	}

	/**
	 * Return the number of bytes of this payload as sent, UTF-8 for text, computed
	 * once without encoding.
	 * @return the encoded size
	 */
	public int encodedSize() {
		int size = this.encodedSize;
		if (size < 0) {
			size = (this.text != null) ? encodedLength(this.text) : asBytes().length;
			this.encodedSize = size;
		}
		return size;
	}

	/**
	 * Return the length of a text in UTF-8 without encoding it.
	 * @param text the text
	 * @return the number of bytes
	 */
	public static int encodedLength(String text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x800) {
				bytes += 2;
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
			}
			else if (c >= 0x80) {
				bytes++;
			}
		}
		return bytes;
	}

	/**
	 * Return the size used for outbound buffer accounting: characters for text (an
	 * estimate that avoids encoding twice), bytes for binary.
	 * @return the size
	 */
	public int size() {
		return (this.text != null) ? this.text.length() : asBytes().length;
	}

	@Override
	public String toString() {
		return (isText() ? "text" : "binary") + " payload of " + size() + (isText() ? " chars" : " bytes");
	}

}
