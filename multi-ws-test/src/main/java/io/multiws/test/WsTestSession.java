package io.multiws.test;

import java.nio.ByteBuffer;

import io.multiws.core.DefaultWsSession;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;

/**
 * A session of a {@link WsEndpointTester}: push messages to the endpoint, which handles
 * them on the calling thread, and await what it sent back.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsTestSession extends ReceivingPeer {

	private final DefaultWsSession session;

	private final TestJson json;

	WsTestSession(DefaultWsSession session, ReceivedMessages messages, TestJson json) {
		super(messages);
		this.session = session;
		this.json = json;
	}

	/**
	 * Return the session as the endpoint sees it, for its attributes or id.
	 * @return the session
	 */
	public WsSession session() {
		return this.session;
	}

	/**
	 * Return the hub the session joined.
	 * @return the hub
	 */
	public WsHub hub() {
		return this.session.hub();
	}

	/**
	 * Whether the session is open.
	 * @return {@code true} until either side closed it
	 */
	public boolean isOpen() {
		return this.session.isOpen();
	}

	/**
	 * Push a text message to the endpoint.
	 * @param text the text
	 * @return this session
	 */
	public WsTestSession sendText(String text) {
		this.session.received(text);
		return this;
	}

	/**
	 * Push a binary message to the endpoint.
	 * @param bytes the bytes
	 * @return this session
	 */
	public WsTestSession sendBinary(byte[] bytes) {
		this.session.received(ByteBuffer.wrap(bytes));
		return this;
	}

	/**
	 * Push an object to the endpoint as JSON text.
	 * @param value the object
	 * @return this session
	 */
	public WsTestSession sendJson(Object value) {
		return sendText(this.json.write(value));
	}

	/**
	 * Close the session from the client's side with 1000, calling {@code @OnClose}.
	 */
	public void close() {
		closeFromClient(WsCloseStatus.NORMAL);
	}

	void closeFromClient(WsCloseStatus status) {
		if (!messages().isClosed()) {
			messages().closed(status.code(), status.reason());
			this.session.closed(status);
		}
	}

	@Override
	public String toString() {
		return "WsTestSession " + this.session.id() + " on " + messages();
	}

}
