package io.multiws.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.multiws.hub.internal.FrameHeader;
import io.multiws.hub.internal.WsPayloadFrames;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An encoded outbound message, text or binary, shared by every recipient of a
 * broadcast. Instances are immutable, and safe to share between threads: the encodings
 * built on first use are published through volatile fields, so that a thread that finds
 * one finds it whole.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsPayload {

	static {
		// The runtime's way to the frames, which the API does not show
		new Frames();
	}

	private final @Nullable String text;

	private final byte @Nullable [] bytes;

	// Each computed on first use, by whichever thread gets there (racing threads compute
	// equal values), and published whole through a volatile write
	private volatile byte @Nullable [] utf8;

	private volatile int size = -1;

	private volatile @Nullable ByteBuffer frame;

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
	 * Return the bytes of this payload as sent, UTF-8 for text, encoded once and shared
	 * by every caller: do not change them.
	 * @return the encoded bytes
	 */
	public byte[] toBytes() {
		if (this.text == null) {
			return asBytes();
		}
		byte[] utf8 = this.utf8;
		if (utf8 == null) {
			utf8 = this.text.getBytes(StandardCharsets.UTF_8);
			this.utf8 = utf8;
		}
		return utf8;
	}

	private byte[] encoded() {
		if (this.text == null) {
			return asBytes();
		}
		byte[] utf8 = this.utf8;
		return (utf8 != null) ? utf8 : this.text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return this payload as one whole, unmasked WebSocket frame (header and payload), as
	 * a server sends it without extensions: built once and shared by every recipient, so
	 * read it through a {@link ByteBuffer#duplicate() duplicate}. The UTF-8 bytes of a
	 * text it is built from are not kept as well, unless {@link #toBytes()} asked for
	 * them, so that a payload holds one encoded copy of its text. The wire format is no
	 * part of the API: the runtime reaches it through {@link WsPayloadFrames}.
	 * @return a read-only buffer over the frame
	 */
	private ByteBuffer frame() {
		ByteBuffer frame = this.frame;
		if (frame == null) {
			frame = FrameHeader.frame(isText(), encoded()).asReadOnlyBuffer();
			this.frame = frame;
		}
		return frame;
	}

	/**
	 * Return the size of this payload on the wire, in bytes (UTF-8 for text), as every
	 * limit and the outbound buffer accounting count it.
	 * @return the size in bytes
	 */
	public int size() {
		int size = this.size;
		if (size < 0) {
			byte[] utf8 = this.utf8;
			size = (this.text == null) ? asBytes().length : (utf8 != null) ? utf8.length : utf8Length(this.text);
			this.size = size;
		}
		return size;
	}

	/**
	 * Return the number of bytes of the UTF-8 encoding of a string, without encoding it.
	 * @param text the string
	 * @return the encoded length
	 */
	public static int utf8Length(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes++;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					// Four bytes for the pair of two chars
					bytes += 2;
					i++;
				}
				else if (!Character.isSurrogate(c)) {
					bytes += 2;
				}
				// A lone surrogate is encoded as one '?', as String.getBytes does
			}
		}
		return bytes;
	}

	@Override
	public String toString() {
		return (isText() ? "text" : "binary") + " payload of " + size() + " bytes";
	}

	/**
	 * The frames of payloads, as the runtime reaches them.
	 */
	private static final class Frames extends WsPayloadFrames {

		@Override
		protected ByteBuffer frameOf(WsPayload payload) {
			return payload.frame();
		}

	}

}
