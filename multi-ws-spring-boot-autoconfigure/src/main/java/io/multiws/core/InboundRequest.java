package io.multiws.core;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsReplyException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The answer to one request of a client: sends the reply, or the error reply, once, and
 * counts the request out of its session's requests in progress.
 *
 * @author multi-ws team
 */
final class InboundRequest implements WsReply {

	private static final Log logger = LogFactory.getLog(InboundRequest.class);

	private static final AtomicIntegerFieldUpdater<InboundRequest> ANSWERED = AtomicIntegerFieldUpdater
		.newUpdater(InboundRequest.class, "answered");

	private final DefaultWsSession session;

	private final PendingRequests requests;

	private final long id;

	private volatile int answered;

	InboundRequest(DefaultWsSession session, PendingRequests requests, long id) {
		this.session = session;
		this.requests = requests;
		this.id = id;
	}

	@Override
	public void value(@Nullable Object value) {
		if (!answer()) {
			return;
		}
		WsPayload reply = (value != null) ? this.requests.encoder().encode(value) : null;
		if (reply == null || reply.isText()) {
			send(RequestFrame.reply(this.id, (reply != null) ? reply.asText() : ""));
		}
		else {
			logger.warn(describe() + " answered with a binary value; sent an error reply (replies are text or JSON)");
			send(RequestFrame.error(this.id, "Binary reply: a reply is text or JSON"));
		}
	}

	@Override
	public void error(Throwable error) {
		if (!answer()) {
			return;
		}
		String reason;
		if (error instanceof WsReplyException reply) {
			reason = reply.getReason();
		}
		else {
			logger.error(describe() + " failed; sent an error reply", error);
			reason = WsReplyException.INTERNAL_ERROR;
		}
		send(RequestFrame.error(this.id, reason));
	}

	/**
	 * Count the request out without answering it: its session is closing.
	 */
	void release() {
		answer();
	}

	private boolean answer() {
		if (ANSWERED.compareAndSet(this, 0, 1)) {
			this.requests.answered();
			return true;
		}
		return false;
	}

	private void send(String frame) {
		this.session.sendPayload(WsPayload.text(frame));
	}

	private String describe() {
		return "Request " + this.id + " to WebSocket endpoint '" + this.session.endpoint().name() + "' from session "
				+ this.session.id() + " on " + this.session.match().path();
	}

}
