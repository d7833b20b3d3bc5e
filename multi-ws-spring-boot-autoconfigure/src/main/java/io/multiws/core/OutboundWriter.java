package io.multiws.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.multiws.hub.WsPayload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The write loop of one session: it has the write that its {@link WsOutbound} started
 * carried out by the {@link WsTransport}, one write in flight at a time, and takes the
 * next one from the outbound side once it completes. A write that completes before
 * {@code send} returns is followed by the next one in the same loop rather than by a
 * deeper call. Each completed write is reported to the session's listener
 * ({@link WsSessionListener#written}), which feeds the send meters; only a write still in
 * flight when {@code send} returned reads the clock.
 * <p>
 * Whoever holds the writer (the thread that started a write, or completes one) is the
 * only one to touch its batch and its pong, until {@link WsOutbound#takeNext} ends
 * writing.
 *
 * @author multi-ws team
 */
final class OutboundWriter implements WsTransport.SendCallback {

	private static final Log logger = LogFactory.getLog(OutboundWriter.class);

	private static final AtomicReferenceFieldUpdater<OutboundWriter, WritePhase> PHASE = AtomicReferenceFieldUpdater
		.newUpdater(OutboundWriter.class, WritePhase.class, "phase");

	private final WsOutbound outbound;

	private final WsTransport transport;

	/**
	 * Whom each completed write is reported to, or {@code null} when nobody measures
	 * writes.
	 */
	private final @Nullable WsSessionListener writes;

	private final List<WsPayload> batch = new ArrayList<>(4);

	// The pong of the next write, taken under the outbound side's lock by the writer
	private byte @Nullable [] pong;

	private volatile WritePhase phase = WritePhase.IDLE;

	// When the write in flight was found waiting for the network; set before the phase
	// becomes RETURNED, read by a completion that finds it so
	private long waitingSinceNanos;

	OutboundWriter(WsOutbound outbound, WsTransport transport, WsSessionListener listener) {
		this.outbound = outbound;
		this.transport = transport;
		this.writes = listener.observesWrites() ? listener : null;
	}

	/**
	 * Write a message that took the idle writer: in place when the caller is the
	 * session's own callback and the transport can, as a hand-written handler would,
	 * else as a write of its own.
	 * @param payload the message
	 * @param inPlace whether the caller is the session's own callback
	 */
	void start(WsPayload payload, boolean inPlace) {
		if (!inPlace || !writeInPlace(payload)) {
			this.batch.add(payload);
			write();
		}
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
			this.outbound.failed(ex);
		}
		if (this.outbound.takeNext(this)) {
			write();
		}
		return true;
	}

	/**
	 * Write a pong that took the idle writer.
	 * @param payload the application data of the ping it answers
	 */
	void startPong(byte[] payload) {
		this.pong = payload;
		write();
	}

	/**
	 * Send a ping that took the idle writer, then go on with what was queued.
	 */
	void ping() {
		try {
			this.transport.ping();
		}
		catch (Throwable ex) {
			logger.debug("Ping failed for " + this.outbound.session(), ex);
		}
		if (this.outbound.takeNext(this)) {
			write();
		}
	}

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
		while (this.outbound.takeNext(this));
	}

	@Override
	public void sendComplete(@Nullable Throwable failure) {
		if (failure != null) {
			this.outbound.failed(failure);
		}
		else if (this.writes != null && !this.batch.isEmpty()) {
			// A pong's write has an empty batch: it is no message, and not reported
			written(this.writes, PHASE.get(this) == WritePhase.RETURNED);
		}
		if (PHASE.compareAndSet(this, WritePhase.SENDING, WritePhase.COMPLETED)) {
			return;
		}
		if (this.outbound.takeNext(this)) {
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
	 * Return the batch of the next write, for {@link WsOutbound#takeNext} to fill.
	 * @return the batch, emptied of the last write's messages
	 */
	List<WsPayload> nextBatch() {
		this.batch.clear();
		return this.batch;
	}

	/**
	 * Make a pong the next write, in place of a batch.
	 * @param pong the application data of the ping it answers
	 */
	void nextPong(byte[] pong) {
		this.pong = pong;
	}

	/**
	 * Where the write in flight is, to tell a completion inside {@code send} from a later
	 * one.
	 */
	private enum WritePhase {

		IDLE, SENDING, RETURNED, COMPLETED

	}

}
