package io.multiws.servlet;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

/**
 * Assembles the messages of one connection that the container hands over in parts (on
 * Tomcat, each time its message buffer fills or a fragment ends), so that the container
 * keeps a small buffer per connection and multi-ws holds a larger one only while a large
 * message arrives, up to the size limit, and gives it back once the message is complete
 * or refused. A message that arrives in one part is passed on as it came, without a copy.
 * Parts of one connection arrive one at a time, never concurrently.
 *
 * @author multi-ws team
 */
final class PartialMessages {

	private final int maxTextBytes;

	private final int maxBinaryBytes;

	private @Nullable StringBuilder text;

	private int textChars;

	/**
	 * The UTF-8 size of the text so far, counted only once it may be over the limit (no
	 * character takes more than three bytes); {@code -1} until then.
	 */
	private int textBytes = -1;

	private byte @Nullable [] binary;

	private int binaryLength;

	private boolean refused;

	PartialMessages(int maxTextBytes, int maxBinaryBytes) {
		this.maxTextBytes = maxTextBytes;
		this.maxBinaryBytes = maxBinaryBytes;
	}

	/**
	 * Take a part of a text message.
	 * @param part the part, whole characters
	 * @param last whether it ends the message
	 * @return the message once complete, {@link Outcome#PENDING} while parts are still to
	 * come, {@link Outcome#TEXT_TOO_BIG} once (and {@link Outcome#PENDING} for its
	 * remaining parts) when the message is over the limit in UTF-8 bytes
	 */
	Outcome text(String part, boolean last) {
		if (this.refused) {
			this.refused = !last;
			return Outcome.PENDING;
		}
		StringBuilder text = this.text;
		if (text == null) {
			if (last) {
				return new Outcome(part, null, -1);
			}
			text = new StringBuilder(part.length() * 2);
			this.text = text;
		}
		this.textChars += part.length();
		if (this.textBytes >= 0) {
			this.textBytes += WsPayload.utf8Length(part);
		}
		else if ((long) this.textChars * 3 > this.maxTextBytes) {
			this.textBytes = WsPayload.utf8Length(text) + WsPayload.utf8Length(part);
		}
		if (this.textBytes > this.maxTextBytes) {
			return refuse(last, Outcome.TEXT_TOO_BIG);
		}
		text.append(part);
		if (!last) {
			return Outcome.PENDING;
		}
		Outcome message = new Outcome(text.toString(), null, this.textBytes);
		reset();
		return message;
	}

	/**
	 * Take a part of a binary message.
	 * @param part the part
	 * @param last whether it ends the message
	 * @return as for {@link #text}, in bytes
	 */
	Outcome binary(ByteBuffer part, boolean last) {
		if (this.refused) {
			this.refused = !last;
			return Outcome.PENDING;
		}
		byte[] binary = this.binary;
		if (binary == null) {
			if (last) {
				return (part.remaining() > this.maxBinaryBytes) ? refuse(true, Outcome.BINARY_TOO_BIG)
						: new Outcome(null, part, part.remaining());
			}
			binary = new byte[Math.min(this.maxBinaryBytes, Math.max(part.remaining() * 2, 1024))];
			this.binary = binary;
		}
		int length = this.binaryLength + part.remaining();
		if (length > this.maxBinaryBytes) {
			return refuse(last, Outcome.BINARY_TOO_BIG);
		}
		if (length > binary.length) {
			binary = Arrays.copyOf(binary, (int) Math.min(this.maxBinaryBytes, Math.max(length, 2L * binary.length)));
			this.binary = binary;
		}
		part.get(binary, this.binaryLength, part.remaining());
		this.binaryLength = length;
		if (!last) {
			return Outcome.PENDING;
		}
		Outcome message = new Outcome(null, ByteBuffer.wrap(binary, 0, length), length);
		reset();
		return message;
	}

	private Outcome refuse(boolean last, Outcome tooBig) {
		reset();
		this.refused = !last;
		return tooBig;
	}

	private void reset() {
		this.text = null;
		this.textChars = 0;
		this.textBytes = -1;
		this.binary = null;
		this.binaryLength = 0;
	}

	/**
	 * What a part gave: a complete message, nothing yet, or a message over the limit.
	 *
	 * @param text the complete text message, if it is one
	 * @param binary the complete binary message, if it is one
	 * @param bytes its size in bytes, {@code -1} for a text whose UTF-8 bytes were not
	 * counted (it came in one part, or its characters alone show it within the limit)
	 */
	record Outcome(@Nullable String text, @Nullable ByteBuffer binary, int bytes) {

		static final Outcome PENDING = new Outcome(null, null, -1);

		static final Outcome TEXT_TOO_BIG = new Outcome(null, null, -2);

		static final Outcome BINARY_TOO_BIG = new Outcome(null, null, -3);

	}

}
