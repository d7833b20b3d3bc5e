package io.multiws.core;

import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsCloseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The timers of one session, which the registry's sweep runs four times a second: while
 * the session is open, its pings, its idle timeout and the send time limit of its
 * writes; from the moment it stopped taking messages until its connection is gone, the
 * limits that drop a connection that a peer does not close, and forget one that the
 * container never reports closed.
 *
 * @author multi-ws team
 */
final class SessionLiveness {

	// The session's category, as the operators know it
	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	/**
	 * How long a peer closed for idleness has to answer the close frame.
	 */
	private static final long CLOSE_GRACE_MILLIS = 1000;

	private final DefaultWsSession session;

	private final SessionSweeper sweeper;

	private final WsOutbound outbound;

	private final WsTransport transport;

	private volatile long lastReceivedTick;

	// Touched by the registry's timer only
	private long lastPingTick;

	private long droppedTick = -1;

	SessionLiveness(DefaultWsSession session, DefaultWsHubs hubs, WsOutbound outbound, WsTransport transport) {
		this.session = session;
		this.sweeper = hubs.sweeper();
		this.outbound = outbound;
		this.transport = transport;
		this.lastReceivedTick = this.sweeper.tick();
		this.lastPingTick = this.lastReceivedTick;
	}

	/**
	 * Record a sign of life from the peer: a message, a ping or a pong.
	 */
	void received() {
		this.lastReceivedTick = this.sweeper.tick();
	}

	/**
	 * Enforce the timers of the session while it is open; called four times a second by
	 * the registry for the members of its hubs. A closing session is swept by
	 * {@link #checkClosing} instead.
	 * @param now the current tick
	 * @param pingTicks ticks between pings, or 0 for none
	 * @param idleTicks ticks of silence before closing, or 0 for no limit
	 * @param sendLimitTicks ticks one write may take
	 */
	void checkTimers(long now, long pingTicks, long idleTicks, long sendLimitTicks) {
		if (this.outbound.state() != OutboundLifecycle.State.OPEN) {
			return;
		}
		if (this.outbound.isWriteOverdue(now, sendLimitTicks)) {
			this.sweeper.scheduler().execute(() -> this.session.abort(DefaultWsSession.SEND_TIME_LIMIT_EXCEEDED));
		}
		else if (idleTicks > 0 && now - this.lastReceivedTick > idleTicks) {
			this.sweeper.scheduler().execute(() -> closeOrDrop(WsCloseStatus.GOING_AWAY.withReason("Idle timeout")));
		}
		else if (pingTicks > 0 && now - this.lastPingTick >= pingTicks && this.outbound.startPing(now)) {
			this.lastPingTick = now;
			if (this.transport.pingBlocks()) {
				this.sweeper.pingExecutor().execute(this.outbound::ping);
			}
			else {
				this.outbound.ping();
			}
		}
	}

	/**
	 * Close a peer that may not answer: the close frame goes out as soon as nothing else
	 * is being written, and the connection is dropped if the peer has not closed in turn
	 * within a second.
	 * @param status the close status
	 */
	private void closeOrDrop(WsCloseStatus status) {
		this.session.close(status);
		this.sweeper.scheduler()
			.schedule(() -> this.session.abort(status), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Enforce the limits of the session from the moment it stopped taking messages until
	 * its connection is gone, whether or not it is still in its hub; called four times a
	 * second by the registry. A write in flight for longer than the send time limit, or a
	 * close that the peer has not completed within it (a peer that does not read never
	 * takes the close frame), drops the connection; a connection that the container still
	 * does not report closed after another such period is forgotten.
	 * @param now the current tick
	 */
	void checkClosing(long now) {
		long limit = this.session.endpoint().settings().sendTimeLimit().toMillis();
		if (this.outbound.state() == OutboundLifecycle.State.CLOSED && !this.transport.isConnectionOpen()) {
			this.session.gone();
		}
		else if (this.droppedTick < 0) {
			if (this.outbound.isWriteOverdue(now, limit) || this.outbound.isClosingOverdue(now, limit)) {
				this.droppedTick = now;
				this.sweeper.scheduler().execute(this::drop);
			}
		}
		else if (now - this.droppedTick > limit) {
			logger.debug("Forgetting session " + this.session.id()
					+ ": its connection was dropped but never reported closed");
			this.session.gone();
		}
	}

	/**
	 * Drop the connection of a closing session, even once the container has reported it
	 * closed while its socket stays open.
	 */
	void drop() {
		WsCloseStatus requested = this.session.requestedClose();
		WsCloseStatus status = (requested != null) ? requested : DefaultWsSession.SEND_TIME_LIMIT_EXCEEDED;
		if (this.outbound.state() != OutboundLifecycle.State.CLOSED) {
			this.session.abort(status);
			return;
		}
		try {
			this.transport.abort(status);
		}
		catch (Throwable ex) {
			logger.debug("Abort failed for session " + this.session.id(), ex);
		}
	}

}
