package io.multiws.benchmarks.load;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The listener of every member of one fan-out room: it counts each message's deliveries
 * down to the last member, then counts the message completed and lets the
 * {@link FanoutPublisher} send the next; while measuring, it counts the deliveries and
 * records their latency, and it feeds each member's {@link SequenceCheck} (the
 * connection's attachment). A message is its sequence number, a space, its send time
 * ({@link System#nanoTime()}), a space and padding.
 *
 * @author multi-ws team
 */
final class FanoutRoom implements WsClient.Listener {

	private final int members;

	private final int mask;

	private final AtomicIntegerArray remaining;

	private final AtomicLong completed = new AtomicLong();

	private final AtomicLong deliveries = new AtomicLong();

	private final Latencies latencies;

	private volatile boolean measuring;

	private volatile @Nullable FanoutPublisher publisher;

	/**
	 * Create a room.
	 * @param members the members, the publisher included
	 * @param ring how many messages can be in flight at most, a power of two
	 * @param latencies where delivery latencies go while measuring
	 */
	FanoutRoom(int members, int ring, Latencies latencies) {
		this.members = members;
		this.mask = ring - 1;
		this.remaining = new AtomicIntegerArray(ring);
		this.latencies = latencies;
	}

	void publisher(FanoutPublisher publisher) {
		this.publisher = publisher;
	}

	void measuring(boolean measuring) {
		this.measuring = measuring;
	}

	/**
	 * Count a message as in flight until every member has it; called before it is sent.
	 * @param sequence its sequence number
	 */
	void sending(long sequence) {
		this.remaining.set((int) (sequence & this.mask), this.members);
	}

	long completed() {
		return this.completed.get();
	}

	long deliveries() {
		return this.deliveries.get();
	}

	Latencies latencies() {
		return this.latencies;
	}

	@Override
	public void onText(WsClient.Connection connection, ByteBuf text) {
		long now = System.nanoTime();
		int separator = text.indexOf(text.readerIndex(), text.writerIndex(), (byte) ' ');
		long sequence = parse(text, text.readerIndex(), separator);
		long sentAt = parse(text, separator + 1, text.indexOf(separator + 1, text.writerIndex(), (byte) ' '));
		if (connection.attachment() instanceof SequenceCheck member) {
			member.received(sequence);
		}
		if (this.measuring) {
			this.deliveries.incrementAndGet();
			this.latencies.record(now - sentAt);
		}
		if (this.remaining.decrementAndGet((int) (sequence & this.mask)) == 0) {
			this.completed.incrementAndGet();
			FanoutPublisher publisher = this.publisher;
			if (publisher != null) {
				publisher.kick();
			}
		}
	}

	private static long parse(ByteBuf text, int from, int to) {
		long value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (text.getByte(i) - '0');
		}
		return value;
	}

}
