package io.multiws.core;

import java.util.List;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The outbound side of one session, the message path: {@link #offer} queues a message in
 * the session's {@link OutboundQueue} (or, when nothing is being written, hands it to the
 * {@link OutboundWriter} at once), and each completed write takes <em>every</em> message
 * queued meanwhile into the next one ({@link #takeNext}), so that a recipient that falls
 * behind catches up in few writes. Pings, pongs (see {@link OutboundPongs}) and closes
 * take the writer like a message, so that no write overlaps them; a failed write drops
 * the connection.
 * <p>
 * Nobody waits for the network here: {@link #offer} returns at once, the queue's
 * overflow policy decides what a full queue does, and the registry's timer drops a
 * session whose write takes longer than the send time limit. The states it moves
 * through, and what the timers read of them, are {@link OutboundLifecycle}'s.
 *
 * @author multi-ws team
 */
final class WsOutbound extends OutboundLifecycle {

	private static final Log logger = LogFactory.getLog(WsOutbound.class);

	private static final WsCloseStatus SEND_FAILED = WsCloseStatus.SERVER_ERROR.withReason("Send failed");

	private final long sendTimeLimitMillis;

	private final OutboundWriter writer;

	WsOutbound(DefaultWsSession session, WsTransport transport, DefaultWsHubs hubs, EndpointSettings settings) {
		super(session, hubs, settings);
		this.sendTimeLimitMillis = settings.sendTimeLimit().toMillis();
		this.writer = new OutboundWriter(this, transport, session.listener());
	}

	/**
	 * Queue a message, or start writing it when nothing else is being written. A message
	 * that the session sends from its own callback while the writer is idle is written
	 * in place when the transport can, as a hand-written handler would.
	 * @param payload the message
	 * @param inPlace whether the caller is the session's own callback
	 * @return whether it was queued
	 */
	boolean offer(WsPayload payload, boolean inPlace) {
		synchronized (this.lock) {
			if (this.state != State.OPEN) {
				return false;
			}
			if (this.writing) {
				return enqueue(payload);
			}
			this.writing = true;
			this.writeStartedTick = this.sweeper.tick();
		}
		this.writer.start(payload, inPlace);
		return true;
	}

	private boolean enqueue(WsPayload payload) {
		if (this.queue.add(payload)) {
			return true;
		}
		if (this.queue.closesWhenFull()) {
			WsCloseStatus status = this.queue.overflowStatus();
			this.sweeper.scheduler().execute(() -> this.session.abort(status));
			// The abort releases the publishers this queue holds
			leaveOpen(State.CLOSING);
			this.queue.forgetMessages();
		}
		return false;
	}

	/**
	 * Take the waiting pong, or else the queued messages, into the writer's next write,
	 * or end writing. Once it has ended, another thread may take the writer (and the
	 * batch) at once: whether there is a next write is decided under the lock, never read
	 * back from the batch afterwards.
	 * @param writer the writer, whose write completed
	 * @return whether there is a next write
	 */
	boolean takeNext(OutboundWriter writer) {
		List<WsPayload> batch = writer.nextBatch();
		boolean more;
		WsCloseStatus closeNow = null;
		List<InboundPacing> released = null;
		synchronized (this.lock) {
			byte[] pong = this.pongs.next(this.state == State.OPEN);
			if (pong != null) {
				writer.nextPong(pong);
			}
			else {
				this.queue.takeInto(batch);
			}
			released = this.queue.releaseIfDrained();
			more = pong != null || !batch.isEmpty();
			if (more) {
				this.writeStartedTick = this.sweeper.tick();
			}
			else {
				this.writing = false;
				this.pongs.caughtUp();
				closeNow = this.pendingClose;
				this.pendingClose = null;
			}
		}
		OutboundQueue.release(released);
		if (closeNow != null) {
			this.session.closeNow(closeNow);
		}
		return more;
	}

	/**
	 * A write failed: stop taking messages, forget the queued ones and drop the
	 * connection, which leaves the hub at once. A write that had waited about the send
	 * time limit failed for it (the container's own send timeout, set to the same limit,
	 * may fire before the registry's timer): the session is dropped for the limit, 1008,
	 * as the timer would have; any other failure is 1011.
	 * @param failure the failure
	 */
	void failed(Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug("Send failed for " + this.session + "; closing", failure);
		}
		List<InboundPacing> released;
		WsCloseStatus status;
		synchronized (this.lock) {
			if (this.state == State.CLOSED) {
				return;
			}
			boolean overdue = this.writing && this.sweeper.currentTick() - this.writeStartedTick
					>= this.sendTimeLimitMillis - SessionSweeper.TICK_MILLIS;
			status = overdue ? DefaultWsSession.SEND_TIME_LIMIT_EXCEEDED : SEND_FAILED;
			// The container may report the connection closed before the abort runs
			this.session.dropping(status);
			leaveOpen(State.CLOSING);
			this.pendingClose = null;
			released = clear();
		}
		OutboundQueue.release(released);
		this.sweeper.scheduler().execute(() -> this.session.abort(status));
	}

	// Pings and closes take the writer like a message, so that no write overlaps them

	/**
	 * Take the writer for a ping if the session is open and nothing is being written.
	 * @param now the current tick
	 * @return whether the caller must now {@link #ping()}
	 */
	boolean startPing(long now) {
		synchronized (this.lock) {
			if (this.state != State.OPEN || this.writing) {
				return false;
			}
			this.writing = true;
			this.writeStartedTick = now;
			return true;
		}
	}

	/**
	 * Send the ping that {@link #startPing} allowed, then go on with what was queued.
	 */
	void ping() {
		this.writer.ping();
	}

	/**
	 * Answer a ping of the peer: write its pong at once if nothing is being written, else
	 * after the write in flight, in place of the pong of an earlier ping still waiting.
	 * Never waits for the network; does nothing once the session is closing. A ping that
	 * finds a pong already waiting holds the session's own reads, as a broadcast holds
	 * its publisher's, until the write in flight completes: a peer that pings without
	 * reading is read no further than the socket buffers until the send time limit drops
	 * it.
	 * @param payload the application data of the ping
	 */
	void pong(byte[] payload) {
		synchronized (this.lock) {
			if (this.state != State.OPEN) {
				return;
			}
			if (this.writing) {
				if (this.pongs.await(payload, this.sweeper.tick())) {
					// The peer pings faster than it takes the pongs: read it at the pace of
					// the writes, as a publisher is read at its recipients' pace
					this.queue.hold(this.session.pacing());
				}
				return;
			}
			this.writing = true;
			this.pongs.writing();
			this.writeStartedTick = this.sweeper.tick();
		}
		this.writer.startPong(payload);
	}

}
