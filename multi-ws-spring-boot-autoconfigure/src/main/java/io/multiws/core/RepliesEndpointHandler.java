package io.multiws.core;

import java.nio.ByteBuffer;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * The callbacks of an endpoint with replies enabled: a text frame in the
 * {@link RequestFrame request envelope} is a request of the client, answered through
 * {@link WsEndpointHandler#onRequest}, or the client's reply to a request of the server;
 * every other frame goes to the endpoint as a message. Put in front of the endpoint's
 * handler at start-up, so that an endpoint without replies pays nothing per message.
 *
 * @author multi-ws team
 */
final class RepliesEndpointHandler implements WsEndpointHandler {

	private final WsEndpointHandler delegate;

	RepliesEndpointHandler(WsEndpointHandler delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return the handler of the endpoint's own callbacks.
	 * @return the handler
	 */
	WsEndpointHandler delegate() {
		return this.delegate;
	}

	@Override
	public void onText(WsSession session, String text) throws Exception {
		int end = RequestFrame.envelopeEnd(text);
		if (end < 0) {
			this.delegate.onText(session, text);
			return;
		}
		PendingRequests requests = ((DefaultWsSession) session).requests();
		long id = RequestFrame.id(text, end);
		String payload = text.substring(end + 1);
		switch (text.charAt(0)) {
			case RequestFrame.REQUEST -> request((DefaultWsSession) session, requests, id, payload);
			case RequestFrame.REPLY -> requests.replied(id, payload, false);
			default -> requests.replied(id, payload, true);
		}
	}

	private void request(DefaultWsSession session, PendingRequests requests, long id, String payload)
			throws Exception {
		InboundRequest reply = requests.received(session, id);
		if (reply == null) {
			session.sendPayload(WsPayload.text(RequestFrame.error(id, requests.tooMany())));
			return;
		}
		try {
			this.delegate.onRequest(session, payload, reply);
		}
		catch (WsCloseException ex) {
			reply.release();
			throw ex;
		}
		catch (Exception ex) {
			reply.error(ex);
		}
	}

	/**
	 * Takes text, for the client's replies, whatever the endpoint takes.
	 */
	@Override
	public boolean acceptsText() {
		return true;
	}

	@Override
	public boolean acceptsBinary() {
		return this.delegate.acceptsBinary();
	}

	@Override
	public boolean handlesHandshake() {
		return this.delegate.handlesHandshake();
	}

	@Override
	public boolean checksRequest() {
		return this.delegate.checksRequest();
	}

	@Override
	public @Nullable String checkRequest(WsHandshake handshake) {
		return this.delegate.checkRequest(handshake);
	}

	@Override
	public boolean onHandshake(WsHandshake handshake) throws Exception {
		return this.delegate.onHandshake(handshake);
	}

	@Override
	public void onOpen(WsSession session) throws Exception {
		this.delegate.onOpen(session);
	}

	@Override
	public void onBinary(WsSession session, ByteBuffer bytes) throws Exception {
		this.delegate.onBinary(session, bytes);
	}

	@Override
	public void onClose(WsSession session, WsCloseStatus status) throws Exception {
		this.delegate.onClose(session, status);
	}

	@Override
	public boolean handlesRequests() {
		return this.delegate.handlesRequests();
	}

	@Override
	public void onRequest(WsSession session, String text, WsReply reply) throws Exception {
		this.delegate.onRequest(session, text, reply);
	}

	@Override
	public String toString() {
		return "Replies to " + this.delegate;
	}

}
