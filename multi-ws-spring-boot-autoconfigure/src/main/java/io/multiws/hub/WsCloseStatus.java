package io.multiws.hub;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An RFC 6455 close code with an optional reason, independent of the web stack.
 *
 * @param code the close code
 * @param reason the reason, or an empty string
 * @author multi-ws team
 * @since 0.1.0
 */
public record WsCloseStatus(int code, String reason) {

	private static final int MAX_REASON_BYTES = 123;

	/**
	 * 1000: normal closure.
	 */
	public static final WsCloseStatus NORMAL = new WsCloseStatus(1000, "");

	/**
	 * 1001: the server is going away (shutdown) or the peer stayed idle too long.
	 */
	public static final WsCloseStatus GOING_AWAY = new WsCloseStatus(1001, "");

	/**
	 * 1003: the endpoint cannot accept this kind of message (text or binary).
	 */
	public static final WsCloseStatus NOT_ACCEPTABLE = new WsCloseStatus(1003, "");

	/**
	 * 1006: the connection was lost without a close frame (never sent on the wire).
	 */
	public static final WsCloseStatus NO_CLOSE_FRAME = new WsCloseStatus(1006, "");

	/**
	 * 1007: a payload could not be decoded (for example, invalid JSON).
	 */
	public static final WsCloseStatus BAD_DATA = new WsCloseStatus(1007, "");

	/**
	 * 1008: the session broke a policy, such as its outbound buffer limit.
	 */
	public static final WsCloseStatus POLICY_VIOLATION = new WsCloseStatus(1008, "");

	/**
	 * 1009: a message was larger than the configured maximum.
	 */
	public static final WsCloseStatus TOO_BIG = new WsCloseStatus(1009, "");

	/**
	 * 1011: the server failed to handle the session, for example a callback threw.
	 */
	public static final WsCloseStatus SERVER_ERROR = new WsCloseStatus(1011, "");

	/**
	 * 1013: try again later, for example the hub is full.
	 */
	public static final WsCloseStatus TRY_AGAIN_LATER = new WsCloseStatus(1013, "");

	public WsCloseStatus {
		Assert.isTrue(code >= 1000 && code <= 4999, () -> "Invalid close code " + code);
		reason = (reason != null) ? reason : "";
	}

	/**
	 * Return a copy of this status with another reason.
	 * @param reason the reason, at most 123 bytes in UTF-8 once sent
	 * @return the new status
	 */
	public WsCloseStatus withReason(@Nullable String reason) {
		return new WsCloseStatus(this.code, (reason != null) ? reason : "");
	}

	/**
	 * Return the reason as a close frame carries it: at most 123 bytes of UTF-8, cut
	 * short when longer after the last whole character that fits.
	 * @return the reason for the close frame
	 */
	public String frameReason() {
		byte[] bytes = this.reason.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_REASON_BYTES) {
			return this.reason;
		}
		int end = MAX_REASON_BYTES;
		// Back up to the first byte of the character that does not fit whole
		while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
			end--;
		}
		return new String(bytes, 0, end, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.reason.isEmpty() ? String.valueOf(this.code) : this.code + " (" + this.reason + ")";
	}

}
