package io.multiws.test;


/**
 * A message that a test peer received, read through the envelope of its endpoint: on an
 * endpoint with {@code multi-ws.endpoints.<name>.history.message-ids}, each broadcast
 * comes as {@code <id>:<payload>} (binary: the id in 8 bytes, then the payload), and this
 * gives the {@link #id()} and the {@link #payload()} apart. A message sent to one session
 * ({@code @OnOpen} or {@code @OnMessage} return values, {@code WsSession.send}) and any
 * message of an endpoint without ids has no id. Presence frames and {@code gap:} signals
 * are not messages: {@link WsReceiver#awaitPresence()} and {@link WsReceiver#awaitGap()}
 * take them.
 *
 * @author multi-ws team
 * @since 0.2.0
 * @see WsReceiver#awaitMessage()
 */
public final class WsMessage {

	private final long id;

	private final Object payload;

	private final String source;

	private final TestJson json;

	WsMessage(long id, Object payload, String source, TestJson json) {
		this.id = id;
		this.payload = payload;
		this.source = source;
		this.json = json;
	}

	/**
	 * Whether the message carries an id: a broadcast of an endpoint with message ids.
	 * @return {@code true} if it has one
	 */
	public boolean hasId() {
		return this.id >= 0;
	}

	/**
	 * Return the id of the message, one more than that of the hub's previous broadcast;
	 * a client that reconnects with it ({@code ?lastEventId=<id>}) misses nothing after it.
	 * @return the id
	 * @throws AssertionError if the message has none
	 */
	public long id() {
		if (!hasId()) {
			throw new AssertionError("Expected " + this + " to carry a message id, but it has none: only broadcasts of an"
					+ " endpoint with multi-ws.endpoints.<name>.history.message-ids=true carry one");
		}
		return this.id;
	}

	/**
	 * Whether the payload is text.
	 * @return {@code true} for text, {@code false} for binary
	 */
	public boolean isText() {
		return this.payload instanceof String;
	}

	/**
	 * Return the text payload, without its id.
	 * @return the text
	 * @throws AssertionError if the message is binary
	 */
	public String payload() {
		if (this.payload instanceof String text) {
			return text;
		}
		throw new AssertionError("Expected a text message on " + this.source + " but got " + this);
	}

	/**
	 * Return the text payload decoded from JSON.
	 * @param <T> the type
	 * @param type the type
	 * @return the decoded payload
	 * @throws AssertionError if the message is binary or not JSON of that type
	 */
	public <T> T payload(Class<T> type) {
		String text = payload();
		try {
			return type.cast(this.json.read(text, type));
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Expected JSON of " + type.getSimpleName() + " on " + this.source + " but got "
					+ this + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the binary payload, without its id.
	 * @return the bytes
	 * @throws AssertionError if the message is text
	 */
	public byte[] binaryPayload() {
		if (this.payload instanceof byte[] bytes) {
			return bytes.clone();
		}
		throw new AssertionError("Expected a binary message on " + this.source + " but got " + this);
	}

	@Override
	public String toString() {
		String described = (this.payload instanceof byte[] bytes) ? "binary (" + bytes.length + " bytes)"
				: ReceivedMessages.describe(this.payload);
		return (hasId() ? "message " + this.id + ": " : "message without id: ") + described;
	}

}
