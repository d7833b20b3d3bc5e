package io.multiws.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The outbound side of one session: a queue of encoded messages bounded in bytes, and
 * the writer that drains it through the session's {@link WsTransport}. A message follows
 * one path: {@link #offer} queues it (or, when nothing is being written, starts writing
 * it at once), and each completed write takes <em>every</em> message queued meanwhile
 * into the next one, so that a recipient that falls behind catches up in few writes.
 * <p>
 * Nobody waits for the network here: {@link #offer} returns at once, the overflow policy
 * decides what a full queue does, and the registry's timer drops a session whose write
 * takes longer than the send time limit. Past the high-water mark (half the buffer), the
 * queue holds back the session whose callback is broadcasting into it (see
 * {@link InboundPacing}) until it drains below the low-water mark (a quarter), so a fast
 * publisher is slowed to what its room takes instead of its room being dropped.
 * <p>
 * A pong that answers the peer's ping takes the writer like a message, ahead of what is
 * queued; while a write is in flight only the pong of the latest ping waits (RFC 6455
 * lets an endpoint answer only the most recent one), so a peer that pings without
 * reading holds up nothing but its own writer. The send time limit applies to the
 * pongs too: to each write, and to the pongs as a whole, which must catch up with the
 * pings (a pong written with no newer ping waiting) within it, so that a peer whose
 * socket takes a few bytes now and then, while it pings without reading, is dropped as
 * surely as one that takes nothing. From the moment the session stops taking messages
 * until its connection has closed, the registry sweeps it as a closing session (see
 * {@link DefaultWsHubs}), whether or not it is still a member of its hub.
 *
 * @author multi-ws team
 */
final class WsOutbound implements WsTransport.SendCallback {

	private static final Log logger = LogFactory.getLog(WsOutbound.class);

	private static final AtomicReferenceFieldUpdater<WsOutbound, WritePhase> PHASE = AtomicReferenceFieldUpdater
		.newUpdater(WsOutbound.class, WritePhase.class, "phase");

	/**
	 * Messages taken into one write at most.
	 */
	private static final int MAX_BATCH = 64;

	/**
	 * Bytes taken into one write at most, unless its first message alone is larger: the
	 * send time limit bounds one write, so a write stays about the size of one message.
	 */
	private static final int MAX_BATCH_BYTES = 64 * 1024;

	private final DefaultWsSession session;

	private final WsTransport transport;

	private static final WsCloseStatus SEND_FAILED = WsCloseStatus.SERVER_ERROR.withReason("Send failed");

	private final DefaultWsHubs hubs;

	private final long sendTimeLimitMillis;

	private final int capacity;

	private final OverflowPolicy overflowPolicy;

	private final Object lock = new Object();

	/**
	 * Whom each completed write is reported to, or {@code null} when nobody measures
	 * writes.
	 */
	private final @Nullable WsSessionListener writes;

	private final List<WsPayload> batch = new ArrayList<>(4);

	private volatile State state = State.OPEN;

	private @Nullable ArrayDeque<WsPayload> queue;

	private long queuedBytes;

	private boolean writing;

	private @Nullable WsCloseStatus pendingClose;

	private @Nullable List<InboundPacing> heldPublishers;

	private byte @Nullable [] pendingPong;

	private boolean pongInFlight;

	// Since when the pongs have been behind the pings, or -1
	private long pongsBehindTick = -1;

	// The writer's own: the pong of the next write, taken under the lock by the writer
	private byte @Nullable [] pong;

	private volatile WritePhase phase = WritePhase.IDLE;

	private volatile long writeStartedTick;

	// When the write in flight was found waiting for the network; set before the phase
	// becomes RETURNED, read by a completion that finds it so
	private long waitingSinceNanos;

	private volatile long closingTick;

	private volatile long droppedMessages;

	WsOutbound(DefaultWsSession session, WsTransport transport, DefaultWsHubs hubs, EndpointSettings settings) {
		this.session = session;
		this.transport = transport;
		this.hubs = hubs;
		this.capacity = settings.sendBufferSize();
		this.sendTimeLimitMillis = settings.sendTimeLimit().toMillis();
		this.overflowPolicy = settings.overflowPolicy();
		WsSessionListener listener = session.listener();
		this.writes = listener.observesWrites() ? listener : null;
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
			this.writeStartedTick = this.hubs.tick();
		}
		if (!inPlace || !writeInPlace(payload)) {
			this.batch.add(payload);
			write();
		}
		return true;
	}

	private boolean writeInPlace(WsPayload payload) {
		try {
			if (!this.transport.sendInPlace(payload)) {
				return false;
			}
			if (this.writes != null) {
				this.writes.written(1, payload.size(), 0);
			}
		}
		catch (Throwable ex) {
			failed(ex);
		}
		if (nextBatch()) {
			write();
		}
		return true;
	}

	private boolean enqueue(WsPayload payload) {
		int size = payload.size();
		if (this.queuedBytes + size > this.capacity && !makeRoom(size)) {
			return false;
		}
		ArrayDeque<WsPayload> queue = this.queue;
		if (queue == null) {
			queue = new ArrayDeque<>(8);
			this.queue = queue;
		}
		queue.add(payload);
		this.queuedBytes += size;
		if (this.queuedBytes > this.capacity / 2) {
			holdPublisher();
		}
		return true;
	}

	private boolean makeRoom(int size) {
		if (this.overflowPolicy == OverflowPolicy.CLOSE) {
			WsCloseStatus status = WsCloseStatus.POLICY_VIOLATION
				.withReason("Outbound buffer of " + this.capacity + " bytes exceeded: client too slow");
			this.hubs.scheduler().execute(() -> this.session.abort(status));
			// The abort releases the publishers this queue holds
			leaveOpen(State.CLOSING);
			this.queue = null;
			this.queuedBytes = 0;
			return false;
		}
		ArrayDeque<WsPayload> queue = this.queue;
		if (this.overflowPolicy == OverflowPolicy.DROP_OLDEST && queue != null && size <= this.capacity) {
			while (this.queuedBytes + size > this.capacity) {
				WsPayload dropped = queue.poll();
				Assert.state(dropped != null, "Queue accounting out of step");
				this.queuedBytes -= dropped.size();
				this.droppedMessages++;
				this.session.dropped(this.overflowPolicy);
			}
			return true;
		}
		this.droppedMessages++;
		this.session.dropped(this.overflowPolicy);
		return false;
	}

	private void holdPublisher() {
		hold(InboundPacing.current());
	}

	private void hold(@Nullable InboundPacing publisher) {
		if (publisher == null || !publisher.canPause()) {
			return;
		}
		List<InboundPacing> held = this.heldPublishers;
		if (held == null) {
			held = new ArrayList<>(2);
			this.heldPublishers = held;
		}
		if (!held.contains(publisher)) {
			held.add(publisher);
			publisher.hold();
		}
	}

	// The writer: one write in flight; a write that completes before send() returns is
	// followed by the next one in the same loop rather than by a deeper call

	private void write() {
		do {
			PHASE.set(this, WritePhase.SENDING);
			byte[] pong = this.pong;
			try {
				if (pong != null) {
					this.pong = null;
					this.transport.pong(pong, this);
				}
				else {
					this.transport.send(this.batch, this);
				}
			}
			catch (Throwable ex) {
				if (PHASE.get(this) == WritePhase.SENDING) {
					sendComplete(ex);
				}
			}
			// Only a write still in flight is timed: one the network took at once costs no clock
			if (this.writes != null && PHASE.get(this) == WritePhase.SENDING) {
				this.waitingSinceNanos = System.nanoTime();
			}
			if (PHASE.compareAndSet(this, WritePhase.SENDING, WritePhase.RETURNED)) {
				return;
			}
		}
		while (nextBatch());
	}

	@Override
	public void sendComplete(@Nullable Throwable failure) {
		if (failure != null) {
			failed(failure);
		}
		else if (this.writes != null && !this.batch.isEmpty()) {
			// A pong's write has an empty batch: it is no message, and not reported
			written(this.writes, PHASE.get(this) == WritePhase.RETURNED);
		}
		if (PHASE.compareAndSet(this, WritePhase.SENDING, WritePhase.COMPLETED)) {
			return;
		}
		if (nextBatch()) {
			write();
		}
	}

	/**
	 * Report a completed write, before anyone can take the next batch: a write that was
	 * still in flight when {@code send} returned waited for the network since then.
	 */
	private void written(WsSessionListener writes, boolean waited) {
		long bytes = 0;
		for (WsPayload payload : this.batch) {
			bytes += payload.size();
		}
		long waitedNanos = waited ? Math.max(1, System.nanoTime() - this.waitingSinceNanos) : 0;
		writes.written(this.batch.size(), bytes, waitedNanos);
	}

	/**
	 * Take the waiting pong, or else the queued messages, into the next write, or end
	 * writing. Once it has ended, another thread may take the writer (and the batch) at
	 * once: whether there is a next write is decided under the lock, never read back from
	 * the batch afterwards.
	 * @return whether there is a next write
	 */
	private boolean nextBatch() {
		this.batch.clear();
		boolean more;
		WsCloseStatus closeNow = null;
		List<InboundPacing> released = null;
		synchronized (this.lock) {
			ArrayDeque<WsPayload> queue = this.queue;
			byte[] pong = this.pendingPong;
			this.pendingPong = null;
			if (this.pongInFlight && pong == null) {
				// The pongs caught up with the pings
				this.pongsBehindTick = -1;
			}
			this.pongInFlight = pong != null && this.state == State.OPEN;
			if (this.pongInFlight) {
				this.pong = pong;
			}
			else if (queue != null) {
				int bytes = 0;
				WsPayload next;
				while (this.batch.size() < MAX_BATCH && (next = queue.peek()) != null
						&& (bytes == 0 || bytes + next.size() <= MAX_BATCH_BYTES)) {
					queue.poll();
					this.batch.add(next);
					bytes += next.size();
					this.queuedBytes -= next.size();
				}
			}
			if (this.heldPublishers != null && this.queuedBytes <= this.capacity / 4) {
				released = this.heldPublishers;
				this.heldPublishers = null;
			}
			more = this.pong != null || !this.batch.isEmpty();
			if (more) {
				this.writeStartedTick = this.hubs.tick();
			}
			else {
				this.writing = false;
				this.pongsBehindTick = -1;
				closeNow = this.pendingClose;
				this.pendingClose = null;
			}
		}
		release(released);
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
			boolean overdue = this.writing && this.hubs.currentTick() - this.writeStartedTick
					>= this.sendTimeLimitMillis - DefaultWsHubs.TICK_MILLIS;
			status = overdue ? DefaultWsSession.SEND_TIME_LIMIT_EXCEEDED : SEND_FAILED;
			// The container may report the connection closed before the abort runs
			this.session.dropping(status);
			leaveOpen(State.CLOSING);
			this.pendingClose = null;
			released = clearQueue();
		}
		release(released);
		this.hubs.scheduler().execute(() -> this.session.abort(status));
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
		try {
			this.transport.ping();
		}
		catch (Throwable ex) {
			logger.debug("Ping failed for " + this.session, ex);
		}
		if (nextBatch()) {
			write();
		}
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
				if (this.pendingPong != null) {
					// The peer pings faster than it takes the pongs: read it at the pace of
					// the writes, as a publisher is read at its recipients' pace
					hold(this.session.pacing());
				}
				this.pendingPong = payload;
				if (this.pongsBehindTick < 0) {
					this.pongsBehindTick = this.hubs.tick();
				}
				return;
			}
			this.writing = true;
			this.pongInFlight = true;
			this.writeStartedTick = this.hubs.tick();
		}
		this.pong = payload;
		write();
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
			released = clearQueue();
		}
		release(released);
		return true;
	}

	/**
	 * The connection has closed: forget everything.
	 */
	void closed() {
		List<InboundPacing> released;
		synchronized (this.lock) {
			leaveOpen(State.CLOSED);
			released = clearQueue();
		}
		release(released);
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
	private void leaveOpen(State next) {
		if (this.state == State.OPEN) {
			this.closingTick = this.hubs.tick();
			this.hubs.closing(this.session);
		}
		this.state = next;
	}

	private @Nullable List<InboundPacing> clearQueue() {
		this.queue = null;
		this.queuedBytes = 0;
		this.pendingPong = null;
		this.pongsBehindTick = -1;
		List<InboundPacing> released = this.heldPublishers;
		this.heldPublishers = null;
		return released;
	}

	private static void release(@Nullable List<InboundPacing> publishers) {
		if (publishers != null) {
			for (InboundPacing publisher : publishers) {
				publisher.release();
			}
		}
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
			return this.writing && (now - this.writeStartedTick > limit
					|| (this.pongsBehindTick >= 0 && now - this.pongsBehindTick > limit));
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

	State state() {
		return this.state;
	}

	long droppedMessages() {
		return this.droppedMessages;
	}

	int queuedMessages() {
		synchronized (this.lock) {
			ArrayDeque<WsPayload> queue = this.queue;
			return (queue != null) ? queue.size() : 0;
		}
	}

	long queuedBytes() {
		synchronized (this.lock) {
			return this.queuedBytes;
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
			return (this.pongsBehindTick >= 0) ? Math.min(this.writeStartedTick, this.pongsBehindTick)
					: this.writeStartedTick;
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

	/**
	 * Where the write in flight is, to tell a completion inside {@code send} from a later
	 * one.
	 */
	private enum WritePhase {

		IDLE, SENDING, RETURNED, COMPLETED

	}

}
