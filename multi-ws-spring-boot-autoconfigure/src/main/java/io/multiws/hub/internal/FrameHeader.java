package io.multiws.hub.internal;

import java.nio.ByteBuffer;

/**
 * The header of a whole, unmasked RFC 6455 data frame, as a server sends it without
 * extensions (FIN set, text or binary opcode, the shortest length encoding), written
 * into whatever buffer a transport writes its frame into: the one encoder of the frame
 * header for every stack. It allocates nothing: the buffer is written through a
 * stateless {@link Writer} that each kind of buffer provides once. Internal to
 * multi-ws, not part of its API.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class FrameHeader {

	/**
	 * Writes a {@link ByteBuffer}.
	 */
	public static final Writer<ByteBuffer> BYTE_BUFFER = new Writer<>() {

		@Override
		public void writeByte(ByteBuffer target, int value) {
			target.put((byte) value);
		}

		@Override
		public void writeShort(ByteBuffer target, int value) {
			target.putShort((short) value);
		}

		@Override
		public void writeLong(ByteBuffer target, long value) {
			target.putLong(value);
		}

	};

	private static final int FIN_TEXT = 0x81;

	private static final int FIN_BINARY = 0x82;

	/**
	 * The largest length of a payload whose length fits in the second byte.
	 */
	private static final int MAX_SHORT_LENGTH = 125;

	/**
	 * The length code of a 16-bit extended payload length.
	 */
	private static final int EXTENDED_16 = 126;

	/**
	 * The length code of a 64-bit extended payload length.
	 */
	private static final int EXTENDED_64 = 127;

	private static final int MAX_16_BIT_LENGTH = 65_535;

	private FrameHeader() {
	}

	/**
	 * Return the length of the header of a frame: 2, 4 or 10 bytes.
	 * @param payloadLength the length of the frame's payload
	 * @return the length of its header in bytes
	 */
	public static int length(int payloadLength) {
		return (payloadLength <= MAX_SHORT_LENGTH) ? 2 : (payloadLength <= MAX_16_BIT_LENGTH) ? 4 : 10;
	}

	/**
	 * Write the header of a frame, {@link #length(int)} bytes, at the target's write
	 * position.
	 * @param <T> the type of the target
	 * @param target the buffer to write into
	 * @param writer how to write into it
	 * @param text whether the frame is a text frame rather than a binary one
	 * @param payloadLength the length of the frame's payload
	 * @return the target, to write the payload after the header
	 */
	public static <T> T write(T target, Writer<T> writer, boolean text, int payloadLength) {
		writer.writeByte(target, text ? FIN_TEXT : FIN_BINARY);
		if (payloadLength <= MAX_SHORT_LENGTH) {
			writer.writeByte(target, payloadLength);
		}
		else if (payloadLength <= MAX_16_BIT_LENGTH) {
			writer.writeByte(target, EXTENDED_16);
			writer.writeShort(target, payloadLength);
		}
		else {
			writer.writeByte(target, EXTENDED_64);
			writer.writeLong(target, payloadLength);
		}
		return target;
	}

	/**
	 * Return a payload as one whole frame, header and payload, in a new heap buffer ready
	 * to be read.
	 * @param text whether the frame is a text frame rather than a binary one
	 * @param payload the payload, UTF-8 for a text
	 * @return the frame
	 */
	public static ByteBuffer frame(boolean text, byte[] payload) {
		ByteBuffer frame = ByteBuffer.allocate(length(payload.length) + payload.length);
		return write(frame, BYTE_BUFFER, text, payload.length).put(payload).flip();
	}

	/**
	 * Writes the parts of a header into one kind of buffer, big-endian, advancing its
	 * write position: one stateless instance per kind of buffer, so that writing a header
	 * allocates nothing. Each stack makes one kind hot (the servlet stacks build a
	 * payload's shared frame in a {@code ByteBuffer}, once per broadcast; Netty writes
	 * each recipient's header into a {@code ByteBuf}), so the JIT inlines the header's
	 * write with its one writer; a second writer made hot in the same JVM would cost a
	 * few nanoseconds a header.
	 *
	 * @param <T> the type of the buffer
	 */
	public interface Writer<T> {

		/**
		 * Write the low eight bits of a value.
		 * @param target the buffer
		 * @param value the value
		 */
		void writeByte(T target, int value);

		/**
		 * Write the low sixteen bits of a value.
		 * @param target the buffer
		 * @param value the value
		 */
		void writeShort(T target, int value);

		/**
		 * Write a 64-bit value.
		 * @param target the buffer
		 * @param value the value
		 */
		void writeLong(T target, long value);

	}

}
