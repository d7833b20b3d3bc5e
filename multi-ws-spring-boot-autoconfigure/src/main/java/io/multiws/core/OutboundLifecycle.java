package io.multiws.core;

import java.util.List;

import io.multiws.hub.WsCloseStatus;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of one session's outbound side: open, then closing (it takes no more
 * messages and writes out what is in flight), then closed once the connection has
 * closed; and what the registry's timers read of it. The first move past open starts the
 * close timer and hands the session to the registry's sweep of closing sessions (see
 * {@link SessionSweeper}), whether or not it is still a member of its hub. The message
 * path itself is {@link WsOutbound}'s, under the same lock.
 *
 * @author multi-ws team
 */
abstract sealed class OutboundLifecycle permits WsOutbound {

	final DefaultWsSession session;

	final SessionSweeper sweeper;

	final Object lock = new Object();

	// The queue, the pongs and the plain fields below are guarded by the lock
	final OutboundQueue queue;

	final OutboundPongs pongs = new OutboundPongs();

	volatile State state = State.OPEN;

	boolean writing;

	@Nullable WsCloseStatus pendingClose;

	volatile long writeStartedTick;

	private volatile long closingTick;

	OutboundLifecycle(DefaultWsSession session, DefaultWsHubs hubs, EndpointSettings settings) {
		this.session = session;
		this.sweeper = hubs.sweeper();
		this.queue = new OutboundQueue(session.listener(), settings);
	}

	/**
	 * Stop taking messages, and start the closing handshake once what is being written
	 * is out.
	 * @param status the close status
	 * @return whether the caller must close now (nothing is being written)
	 */
	boolean close(WsCloseStatus status) {
		synchronized (this.lock) {
			if (this.state != State.OPEN) {
				return false;
			}
			leaveOpen(State.CLOSING);
			if (this.writing) {
				this.pendingClose = status;
				return false;
			}
			return true;
		}
	}

	/**
	 * Stop taking messages and forget the queued ones, to drop the connection.
	 * @return whether the caller must drop it (it was not closed already)
	 */
	boolean abort() {
		List<InboundPacing> released;
		synchronized (this.lock) {
			if (this.state == State.CLOSED) {
				return false;
			}
			leaveOpen(State.CLOSING);
			released = clear();
		}
		OutboundQueue.release(released);
		return true;
	}

	/**
	 * The connection has closed: forget everything.
	 */
	void closed() {
		List<InboundPacing> released;
		synchronized (this.lock) {
			leaveOpen(State.CLOSED);
			released = clear();
		}
		OutboundQueue.release(released);
	}

	void closing() {
		synchronized (this.lock) {
			if (this.state == State.OPEN) {
				leaveOpen(State.CLOSING);
			}
		}
	}

	/**
	 * Move to a state past {@link State#OPEN}, under the lock: the first such move starts
	 * the close timer and hands the session to the registry's sweep of closing sessions.
	 */
	void leaveOpen(State next) {
		if (this.state == State.OPEN) {
			this.closingTick = this.sweeper.tick();
			this.sweeper.closing(this.session);
		}
		this.state = next;
	}

	@Nullable List<InboundPacing> clear() {
		this.pongs.clear();
		return this.queue.clear();
	}

	// State for the timers and the application

	/**
	 * Whether a write has been in flight for longer than the given number of ticks, or
	 * the pongs have been behind the pings for longer.
	 * @param now the current tick
	 * @param limit the limit in ticks
	 * @return {@code true} if the write is overdue
	 */
	boolean isWriteOverdue(long now, long limit) {
		synchronized (this.lock) {
			long pongsBehind = this.pongs.behindSince();
			return this.writing
					&& (now - this.writeStartedTick > limit || (pongsBehind >= 0 && now - pongsBehind > limit));
		}
	}

	/**
	 * Whether the session stopped taking messages longer ago than the given number of
	 * ticks.
	 * @param now the current tick
	 * @param limit the limit in ticks
	 * @return {@code true} if it has been closing for longer
	 */
	boolean isClosingOverdue(long now, long limit) {
		return this.state != State.OPEN && now - this.closingTick > limit;
	}

	DefaultWsSession session() {
		return this.session;
	}

	State state() {
		return this.state;
	}

	long droppedMessages() {
		return this.queue.droppedMessages();
	}

	int queuedMessages() {
		synchronized (this.lock) {
			return this.queue.size();
		}
	}

	long queuedBytes() {
		synchronized (this.lock) {
			return this.queue.bytes();
		}
	}

	boolean isIdle() {
		synchronized (this.lock) {
			return !this.writing;
		}
	}

	/**
	 * Return since when the peer has kept this writer waiting: since the write in flight
	 * started, or since the pongs fell behind the pings, whichever is older.
	 * @return the tick, or -1 while nothing is being written
	 */
	long waitingSince() {
		synchronized (this.lock) {
			if (!this.writing) {
				return -1;
			}
			long pongsBehind = this.pongs.behindSince();
			return (pongsBehind >= 0) ? Math.min(this.writeStartedTick, pongsBehind) : this.writeStartedTick;
		}
	}

	@Override
	public String toString() {
		return "WsOutbound[state=" + this.state + ", queued=" + queuedMessages() + "]";
	}

	/**
	 * The states of a session's outbound side.
	 */
	enum State {

		/**
		 * Taking messages.
		 */
		OPEN,

		/**
		 * Closing: takes nothing more, writes out what is in flight.
		 */
		CLOSING,

		/**
		 * The connection has closed.
		 */
		CLOSED

	}

}
