package io.multiws.javaclient;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a whole message received by a {@link WsClient} is, by the options: a request or
 * reply, a presence frame, a gap, or a message with or without an id; the id of the last
 * one is what the next connection resumes from. Called one message at a time for each
 * connection.
 *
 * @author multi-ws team
 */
final class Inbound {

	private static final Pattern ENVELOPE = Pattern.compile("^([?=!])(\\d{1,15}):");

	private static final Pattern MESSAGE_ID = Pattern.compile("^(\\d+):");

	private static final String PRESENCE = "{\"presence\":";

	private final ClientOptions options;

	private final Requests requests;

	private volatile @Nullable String lastId;

	Inbound(ClientOptions options, Requests requests) {
		this.options = options;
		this.requests = requests;
		this.lastId = options.lastId;
	}

	/**
	 * Return the id of the last message received, or of the options before the first.
	 * @return the id, or {@code null}
	 */
	@Nullable String lastId() {
		return this.lastId;
	}

	/**
	 * Take a text message.
	 * @param connection the connection, for answers to the server's requests
	 * @param socket the WebSocket it came on
	 * @param text the message
	 */
	void text(Connection connection, WebSocket socket, String text) {
		WsClientListener listener = this.options.listener;
		Matcher matcher;
		if (this.options.replies && (matcher = ENVELOPE.matcher(text)).find()) {
			envelope(connection, socket, matcher.group(1).charAt(0), Long.parseLong(matcher.group(2)),
					text.substring(matcher.end()));
		}
		else if (this.options.presence && text.startsWith(PRESENCE)) {
			listener.onPresence(text);
		}
		else if (this.options.messageIds && text.startsWith("gap:")) {
			listener.onGap(text.substring(4));
		}
		else if (this.options.messageIds && (matcher = MESSAGE_ID.matcher(text)).find()) {
			String id = matcher.group(1);
			this.lastId = id;
			listener.onMessage(text.substring(matcher.end()), id);
		}
		else {
			listener.onMessage(text, null);
		}
	}

	private void envelope(Connection connection, WebSocket socket, char kind, long id, String payload) {
		if (kind == '?') {
			this.requests.answer(connection, socket, id, payload);
		}
		else {
			this.requests.replied(kind, id, payload);
		}
	}

	/**
	 * Take a binary message.
	 * @param data the message, with its id first when the client decodes them
	 */
	void binary(ByteBuffer data) {
		String id = null;
		if (this.options.messageIds && data.remaining() >= Long.BYTES) {
			id = Long.toUnsignedString(data.getLong());
			this.lastId = id;
		}
		this.options.listener.onBinary(data.slice(), id);
	}

}
