package io.multiws.core;

/**
 * The minimal envelope of requests and replies, on an endpoint with replies enabled: a
 * text frame that starts with a marker, a decimal id of 1 to 15 digits and a colon, the
 * payload left as the application wrote it after it.
 * <ul>
 * <li>{@code ?<id>:<payload>}: a request, from either side; the id is the sender's;</li>
 * <li>{@code =<id>:<payload>}: the reply to the request of that id (empty for a callback
 * that returned nothing: an acknowledgement);</li>
 * <li>{@code !<id>:<reason>}: an error reply.</li>
 * </ul>
 * Any other text frame, and every binary frame, is a message as on any endpoint. Ids are
 * at most {@value #MAX_ID} so that a JavaScript number holds them exactly.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
final class RequestFrame {

	/**
	 * The marker of a request.
	 */
	public static final char REQUEST = '?';

	/**
	 * The marker of a reply.
	 */
	public static final char REPLY = '=';

	/**
	 * The marker of an error reply.
	 */
	public static final char ERROR = '!';

	/**
	 * The largest id: 15 digits.
	 */
	public static final long MAX_ID = 999_999_999_999_999L;

	private static final int MAX_ID_DIGITS = 15;

	private RequestFrame() {
	}

	/**
	 * Return where the envelope of a text frame ends.
	 * @param text the frame
	 * @return the index of the colon after the id, or {@code -1} if the frame is a
	 * message
	 */
	public static int envelopeEnd(String text) {
		int length = text.length();
		if (length < 3) {
			return -1;
		}
		char marker = text.charAt(0);
		if (marker != REQUEST && marker != REPLY && marker != ERROR) {
			return -1;
		}
		int limit = Math.min(length, MAX_ID_DIGITS + 2);
		for (int i = 1; i < limit; i++) {
			char c = text.charAt(i);
			if (c == ':') {
				return (i > 1) ? i : -1;
			}
			if (c < '0' || c > '9') {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * Return the id of a frame in the envelope.
	 * @param text the frame
	 * @param end where its envelope ends, from {@link #envelopeEnd(String)}
	 * @return the id
	 */
	public static long id(String text, int end) {
		return Long.parseLong(text, 1, end, 10);
	}

	/**
	 * Return a request.
	 * @param id the id
	 * @param payload the payload
	 * @return the frame
	 */
	public static String request(long id, String payload) {
		return REQUEST + Long.toString(id) + ':' + payload;
	}

	/**
	 * Return a reply.
	 * @param id the id of the request
	 * @param payload the payload, empty for an acknowledgement
	 * @return the frame
	 */
	public static String reply(long id, String payload) {
		return REPLY + Long.toString(id) + ':' + payload;
	}

	/**
	 * Return an error reply.
	 * @param id the id of the request
	 * @param reason the reason
	 * @return the frame
	 */
	public static String error(long id, String reason) {
		return ERROR + Long.toString(id) + ':' + reason;
	}

}
