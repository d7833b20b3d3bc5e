package io.multiws.features;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.multiws.hub.WsPayload;

/**
 * The minimal envelope of a broadcast on an endpoint with message ids: the payload is
 * left as the application wrote it, behind a prefix.
 * <ul>
 * <li>text: the decimal id, a colon, then the text ({@code 1733061600000001:hello});</li>
 * <li>binary: the id as 8 bytes, big-endian, then the bytes;</li>
 * <li>the signal that a resume cannot be filled: the text {@code gap:} followed by the
 * id of the oldest message still kept; the kept messages follow it.</li>
 * </ul>
 * A text frame that starts with a digit is a message; any other text frame is a signal of
 * multi-ws ({@code gap:}, or presence JSON starting with <code>{</code>).
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public final class MessageIdFrame {

	/**
	 * The prefix of the signal that a resume cannot be filled.
	 */
	public static final String GAP_PREFIX = "gap:";

	/**
	 * The most a {@code gap:} signal takes on the wire: its prefix and a long.
	 */
	static final int GAP_BYTES = GAP_PREFIX.length() + 20;

	private static final int ID_BYTES = Long.BYTES;

	private MessageIdFrame() {
	}

	/**
	 * Put an id in front of a payload.
	 * @param id the message id
	 * @param payload the payload
	 * @return the framed payload
	 */
	public static WsPayload frame(long id, WsPayload payload) {
		if (payload.isText()) {
			return WsPayload.text(id + ":" + payload.asText());
		}
		byte[] bytes = payload.asBytes();
		byte[] framed = new byte[ID_BYTES + bytes.length];
		ByteBuffer.wrap(framed).putLong(id);
		System.arraycopy(bytes, 0, framed, ID_BYTES, bytes.length);
		return WsPayload.binary(framed);
	}

	/**
	 * Take the id off a framed payload.
	 * @param framed a payload made by {@link #frame(long, WsPayload)}
	 * @return the payload as the application wrote it
	 */
	public static WsPayload unframe(WsPayload framed) {
		if (framed.isText()) {
			String text = framed.asText();
			return WsPayload.text(text.substring(text.indexOf(':') + 1));
		}
		byte[] bytes = framed.asBytes();
		return WsPayload.binary(Arrays.copyOfRange(bytes, ID_BYTES, bytes.length));
	}

	/**
	 * Read the id a reconnecting client sent.
	 * @param id the id as the client sent it
	 * @return the id, or {@link Long#MIN_VALUE} if it is not one of ours
	 */
	static long parseId(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			// Not one of ours: answered like an id too old, so that the client reloads
			return Long.MIN_VALUE;
		}
	}

	/**
	 * Return the signal that a resume from an id cannot be filled.
	 * @param oldestKeptId the id of the oldest message kept
	 * @return the signal
	 */
	public static WsPayload gap(long oldestKeptId) {
		return WsPayload.text(GAP_PREFIX + oldestKeptId);
	}

}
