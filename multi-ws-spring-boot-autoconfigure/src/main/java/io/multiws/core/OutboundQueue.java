package io.multiws.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPayload;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The queue of one session's outbound side: the encoded messages that wait for its
 * writer, bounded in bytes by the send buffer, the overflow policy that decides what a
 * full queue does, and the publishers it holds back. Past the high-water mark (half the
 * buffer), the queue holds back the session whose callback is broadcasting into it (see
 * {@link InboundPacing}) until it drains below the low-water mark (a quarter), so a fast
 * publisher is slowed to what its room takes instead of its room being dropped.
 * <p>
 * Not thread-safe: its {@link WsOutbound} calls it under its lock, and releases the
 * publishers it hands back once it has left the lock.
 *
 * @author multi-ws team
 */
final class OutboundQueue {

	/**
	 * Messages taken into one write at most.
	 */
	private static final int MAX_BATCH = 64;

	/**
	 * Bytes taken into one write at most, unless its first message alone is larger: the
	 * send time limit bounds one write, so a write stays about the size of one message.
	 */
	private static final int MAX_BATCH_BYTES = 64 * 1024;

	private final WsSessionListener listener;

	private final int capacity;

	private final OverflowPolicy overflowPolicy;

	private @Nullable ArrayDeque<WsPayload> messages;

	private long bytes;

	private @Nullable List<InboundPacing> heldPublishers;

	private volatile long droppedMessages;

	OutboundQueue(WsSessionListener listener, EndpointSettings settings) {
		this.listener = listener;
		this.capacity = settings.sendBufferSize();
		this.overflowPolicy = settings.overflowPolicy();
	}

	/**
	 * Queue a message if the buffer has room for it, or if the overflow policy makes
	 * room by dropping older ones; otherwise the policy drops it, or, for
	 * {@link OverflowPolicy#CLOSE}, leaves the queue as it is for its writer to close the
	 * session (see {@link #closesWhenFull()}).
	 * @param payload the message
	 * @return whether it was queued
	 */
	boolean add(WsPayload payload) {
		int size = payload.size();
		if (this.bytes + size > this.capacity && !makeRoom(size)) {
			return false;
		}
		ArrayDeque<WsPayload> messages = this.messages;
		if (messages == null) {
			messages = new ArrayDeque<>(8);
			this.messages = messages;
		}
		messages.add(payload);
		this.bytes += size;
		if (this.bytes > this.capacity / 2) {
			hold(InboundPacing.current());
		}
		return true;
	}

	private boolean makeRoom(int size) {
		if (this.overflowPolicy == OverflowPolicy.CLOSE) {
			return false;
		}
		ArrayDeque<WsPayload> messages = this.messages;
		if (this.overflowPolicy == OverflowPolicy.DROP_OLDEST && messages != null && size <= this.capacity) {
			while (this.bytes + size > this.capacity) {
				WsPayload dropped = messages.poll();
				Assert.state(dropped != null, "Queue accounting out of step");
				this.bytes -= dropped.size();
				dropped();
			}
			return true;
		}
		dropped();
		return false;
	}

	private void dropped() {
		this.droppedMessages++;
		this.listener.messageDropped(this.overflowPolicy);
	}

	/**
	 * Whether a full queue closes its session rather than drop a message.
	 * @return {@code true} for {@link OverflowPolicy#CLOSE}
	 */
	boolean closesWhenFull() {
		return this.overflowPolicy == OverflowPolicy.CLOSE;
	}

	/**
	 * Return the status that closes a session whose full queue closes it.
	 * @return the close status
	 */
	WsCloseStatus overflowStatus() {
		return WsCloseStatus.POLICY_VIOLATION
			.withReason("Outbound buffer of " + this.capacity + " bytes exceeded: client too slow");
	}

	/**
	 * Hold back a publisher until this queue drains below its low-water mark, where its
	 * binding can pause its reads.
	 * @param publisher the pacing of the publishing session, or {@code null} for none
	 */
	void hold(@Nullable InboundPacing publisher) {
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

	/**
	 * Move the messages of the next write into the given batch, in order: at most
	 * {@value #MAX_BATCH} of them and about {@value #MAX_BATCH_BYTES} bytes.
	 * @param batch the writer's batch, empty
	 */
	void takeInto(List<WsPayload> batch) {
		ArrayDeque<WsPayload> messages = this.messages;
		if (messages == null) {
			return;
		}
		int taken = 0;
		WsPayload next;
		while (batch.size() < MAX_BATCH && (next = messages.peek()) != null
				&& (taken == 0 || taken + next.size() <= MAX_BATCH_BYTES)) {
			messages.poll();
			batch.add(next);
			taken += next.size();
			this.bytes -= next.size();
		}
	}

	/**
	 * Let go of the publishers held back once the queue has drained below its low-water
	 * mark.
	 * @return the publishers to {@link #release}, or {@code null}
	 */
	@Nullable List<InboundPacing> releaseIfDrained() {
		if (this.heldPublishers == null || this.bytes > this.capacity / 4) {
			return null;
		}
		List<InboundPacing> released = this.heldPublishers;
		this.heldPublishers = null;
		return released;
	}

	/**
	 * Forget the queued messages, and let go of the publishers held back.
	 * @return the publishers to {@link #release}, or {@code null}
	 */
	@Nullable List<InboundPacing> clear() {
		forgetMessages();
		List<InboundPacing> released = this.heldPublishers;
		this.heldPublishers = null;
		return released;
	}

	/**
	 * Forget the queued messages, but keep holding the publishers until {@link #clear()}.
	 */
	void forgetMessages() {
		this.messages = null;
		this.bytes = 0;
	}

	/**
	 * Let the publishers that {@link #releaseIfDrained()} or {@link #clear()} handed back
	 * read again, outside the writer's lock.
	 * @param publishers the publishers, or {@code null}
	 */
	static void release(@Nullable List<InboundPacing> publishers) {
		if (publishers != null) {
			for (InboundPacing publisher : publishers) {
				publisher.release();
			}
		}
	}

	int size() {
		ArrayDeque<WsPayload> messages = this.messages;
		return (messages != null) ? messages.size() : 0;
	}

	long bytes() {
		return this.bytes;
	}

	long droppedMessages() {
		return this.droppedMessages;
	}

}
