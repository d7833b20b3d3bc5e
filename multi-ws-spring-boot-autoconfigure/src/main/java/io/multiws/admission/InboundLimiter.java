package io.multiws.admission;

import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The inbound rate limit of one session, consulted for every text and binary message
 * before it is dispatched. A session may send a second's worth of messages and bytes at
 * once, then at the configured rate; a message over it closes the session with 1008 or
 * is dropped and counted, as its endpoint says.
 * <p>
 * A peer that goes on sending after its session was closed for the rate is read no
 * further once it has sent {@link #READ_AFTER_CLOSE} more frames (see
 * {@link StoppableReads}): a client that never reads the close would otherwise be read,
 * and its frames decoded and thrown away, until the send time limit drops it.
 * <p>
 * Not thread-safe, and needs not be: a connection's messages are read one at a time.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class InboundLimiter {

	/**
	 * How many frames a session closed for its rate may still send before its connection
	 * is read no further: enough for the messages a client that floods, but reads, had in
	 * flight before its close reply (a client that sends past its close has its close
	 * completed by the send time limit instead).
	 */
	public static final int READ_AFTER_CLOSE = 1024;

	private static final long SECOND = 1_000_000_000L;

	private static final InboundLimiter UNLIMITED = new InboundLimiter(InboundLimits.NONE, null);

	private final long messageCost;

	private final long bytesPerSecond;

	private final boolean close;

	private final WsCloseStatus tooManyMessages;

	private final WsCloseStatus tooManyBytes;

	private final @Nullable WsAdmission admission;

	private long messagesDue;

	private long bytesDue;

	private boolean closing;

	private int readAfterClose;

	private InboundLimiter(InboundLimits limits, @Nullable WsAdmission admission) {
		this.messageCost = (limits.messagesPerSecond() > 0) ? SECOND / limits.messagesPerSecond() : 0;
		this.bytesPerSecond = limits.bytesPerSecond();
		this.close = limits.overflowPolicy() == OverflowPolicy.CLOSE;
		this.tooManyMessages = WsCloseStatus.POLICY_VIOLATION
			.withReason("Inbound message rate exceeded: max " + limits.messagesPerSecond() + " per second");
		this.tooManyBytes = WsCloseStatus.POLICY_VIOLATION
			.withReason("Inbound byte rate exceeded: max " + limits.bytesPerSecond() + " bytes per second");
		this.admission = admission;
		long now = System.nanoTime();
		this.messagesDue = now;
		this.bytesDue = now;
	}

	static InboundLimiter of(InboundLimits limits, WsAdmission admission) {
		return limits.isLimited() ? new InboundLimiter(limits, admission) : UNLIMITED;
	}

	/**
	 * Return a limiter that never limits.
	 * @return the limiter
	 */
	public static InboundLimiter unlimited() {
		return UNLIMITED;
	}

	/**
	 * Whether this limiter counts bytes, so that a caller counts a text's UTF-8 bytes
	 * only when they are needed.
	 * @return {@code true} if a byte rate is set
	 */
	public boolean countsBytes() {
		return this.bytesPerSecond > 0;
	}

	/**
	 * Check an inbound message against its endpoint's size limit, then count it as
	 * {@link #admit(WsSession, int)} does: one over the limit closes the session with
	 * 1009, the one home of that check for every stack.
	 * @param session the session that received it
	 * @param size the payload size in bytes (UTF-8 for text)
	 * @param maxSize the endpoint's limit for messages of its kind
	 * @param kind {@code "text"} or {@code "binary"}, for the close reason
	 * @return whether to dispatch the message
	 */
	public boolean admit(WsSession session, int size, int maxSize, String kind) {
		if (size > maxSize) {
			session.close(tooBig(kind, maxSize));
			return false;
		}
		return admit(session, size);
	}

	/**
	 * Return the close of a session whose message was over its endpoint's size limit.
	 * @param kind {@code "text"} or {@code "binary"}
	 * @param maxSize the endpoint's limit for messages of that kind
	 * @return the close, 1009 with a reason that names the limit
	 */
	public static WsCloseStatus tooBig(String kind, int maxSize) {
		return WsCloseStatus.TOO_BIG.withReason("Max " + kind + " message size is " + maxSize + " bytes");
	}

	/**
	 * Count an inbound message and say whether to dispatch it; one over the rate closes
	 * the session with 1008 or is dropped.
	 * @param session the session that received it
	 * @param size the payload size in bytes
	 * @return whether to dispatch the message
	 */
	public boolean admit(WsSession session, int size) {
		if (this == UNLIMITED) {
			return true;
		}
		if (this.closing) {
			if (++this.readAfterClose == READ_AFTER_CLOSE && session instanceof StoppableReads reads) {
				reads.stopReading();
			}
			return false;
		}
		long now = System.nanoTime();
		long messagesDue = (this.messagesDue - now > 0) ? this.messagesDue : now;
		long bytesDue = (this.bytesDue - now > 0) ? this.bytesDue : now;
		long byteCost = (this.bytesPerSecond > 0) ? size * SECOND / this.bytesPerSecond : 0;
		if (!fits(messagesDue, this.messageCost, now)) {
			overflow(session, this.tooManyMessages);
			return false;
		}
		if (!fits(bytesDue, byteCost, now)) {
			overflow(session, this.tooManyBytes);
			return false;
		}
		this.messagesDue = messagesDue + this.messageCost;
		this.bytesDue = bytesDue + byteCost;
		return true;
	}

	/**
	 * Whether a message costing {@code cost} fits: within a second's worth ahead of now,
	 * or at once when nothing is owed, so that a message bigger than a second's worth is
	 * not refused for ever.
	 */
	private static boolean fits(long due, long cost, long now) {
		return due - now + cost <= SECOND || due == now;
	}

	private void overflow(WsSession session, WsCloseStatus status) {
		WsAdmission admission = this.admission;
		Assert.state(admission != null, "The unlimited limiter never overflows");
		if (this.close) {
			this.closing = true;
			admission.refused(WsRefusalReason.INBOUND_RATE_CLOSED);
			session.close(status);
		}
		else {
			admission.refused(WsRefusalReason.INBOUND_RATE_DROPPED);
		}
	}

	/**
	 * A session whose connection's reads can be stopped for good.
	 */
	public interface StoppableReads {

		/**
		 * Stop reading the connection for good, where the web stack can; the send time
		 * limit then drops it.
		 */
		void stopReading();

	}

	@Override
	public String toString() {
		return (this == UNLIMITED) ? "InboundLimiter[unlimited]"
				: "InboundLimiter[messageCost=" + this.messageCost + "ns, bytesPerSecond=" + this.bytesPerSecond
						+ ", close=" + this.close + "]";
	}

}
