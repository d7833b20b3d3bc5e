package io.multiws.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * {@code fanout}: S subscribers and one publisher in one room; the publisher keeps at most
 * M messages in flight (a message is done when every member of the room, the publisher
 * included, has it). Deliveries per second, p50 and p99 delivery latency (the send time
 * travels in the payload), and per member a check of the sequence numbers: nothing lost,
 * nothing duplicated, nothing out of order.
 *
 * @author multi-ws team
 */
final class FanoutScenario implements Scenario {

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int RING = 1 << 16;

	private final int subscribers;

	private final int window;

	private final int bytes;

	private final Duration warmUp;

	private final Duration duration;

	FanoutScenario(int subscribers, int window, int bytes, Duration warmUp, Duration duration) {
		this.subscribers = subscribers;
		this.window = window;
		this.bytes = bytes;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	@Override
	public String name() {
		return "fanout";
	}

	@Override
	public String description() {
		return this.subscribers + " subscribers + the publisher in one room, window of " + this.window + " messages, "
				+ this.bytes + "-byte text, " + this.duration.toSeconds() + " s after " + this.warmUp.toMillis()
				+ " ms warm-up";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		String room = "/rooms/fanout-" + RUNS.incrementAndGet();
		int members = this.subscribers + 1;
		Room listener = new Room(members);
		List<URI> uris = Collections.nCopies(members, server.ws(room));
		WsClient.Opened opened = client.connectAll(uris, 64, listener, TIMEOUT);
		result.expect("failed handshakes", opened.failures(), 0);
		if (opened.failures() > 0 || !server.awaitSessions(members, TIMEOUT)) {
			result.problem("room " + room + " did not reach " + members + " sessions");
			WsClient.closeAll(opened.connections(), TIMEOUT);
			return result;
		}
		List<Member> all = new ArrayList<>();
		for (WsClient.Connection connection : opened.connections()) {
			Member member = new Member();
			connection.attach(member);
			all.add(member);
		}
		Publisher publisher = new Publisher(opened.connections().get(0), listener, this.window, this.bytes);
		listener.publisher = publisher;
		publisher.kick();
		Thread.sleep(this.warmUp.toMillis());
		listener.measuring = true;
		Result.Window measured = new Result.Window(server);
		Thread.sleep(this.duration.toMillis());
		listener.measuring = false;
		measured.end();
		publisher.stopped = true;
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (listener.completed.get() < publisher.published() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long published = publisher.published();
		measured.report(result, listener.deliveries.get(), "delivery");
		result.put("messages/s", listener.deliveries.get() / (double) members / measured.seconds());
		result.put("p50 µs", listener.latencies.percentile(50) / 1e3);
		result.put("p99 µs", listener.latencies.percentile(99) / 1e3);
		long lost = all.stream().mapToLong((member) -> member.lost + (published - member.next)).sum();
		long duplicated = all.stream().mapToLong((member) -> member.duplicated).sum();
		result.put("lost", lost);
		result.put("duplicated", duplicated);
		result.expect("messages lost", lost, 0);
		result.expect("messages duplicated or out of order", duplicated, 0);
		if (listener.deliveries.get() == 0) {
			result.problem("no message delivered");
		}
		WsClient.closeAll(opened.connections(), TIMEOUT);
		return result;
	}

	private static final class Room implements WsClient.Listener {

		private final int members;

		private final AtomicIntegerArray remaining = new AtomicIntegerArray(RING);

		private final AtomicLong completed = new AtomicLong();

		private final AtomicLong deliveries = new AtomicLong();

		private final Latencies latencies = new Latencies();

		private volatile boolean measuring;

		private volatile Publisher publisher;

		Room(int members) {
			this.members = members;
		}

		@Override
		public void onText(WsClient.Connection connection, ByteBuf text) {
			long now = System.nanoTime();
			int separator = text.indexOf(text.readerIndex(), text.writerIndex(), (byte) ' ');
			long sequence = parse(text, text.readerIndex(), separator);
			long sentAt = parse(text, separator + 1, text.indexOf(separator + 1, text.writerIndex(), (byte) ' '));
			if (connection.attachment() instanceof Member member) {
				member.received(sequence);
			}
			if (this.measuring) {
				this.deliveries.incrementAndGet();
				this.latencies.record(now - sentAt);
			}
			if (this.remaining.decrementAndGet((int) (sequence & (RING - 1))) == 0) {
				this.completed.incrementAndGet();
				this.publisher.kick();
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

	/**
	 * The sequence check of one member of the room; called on its connection's event
	 * loop only.
	 */
	private static final class Member {

		private long next;

		private long lost;

		private long duplicated;

		void received(long sequence) {
			if (sequence == this.next) {
				this.next++;
			}
			else if (sequence > this.next) {
				this.lost += sequence - this.next;
				this.next = sequence + 1;
			}
			else {
				this.duplicated++;
			}
		}

	}

	/**
	 * Publishes on its connection's event loop only, so that sequence numbers leave in
	 * order.
	 */
	private static final class Publisher {

		private final WsClient.Connection connection;

		private final EventLoop loop;

		private final Room room;

		private final int window;

		private final int bytes;

		private volatile long published;

		private volatile boolean stopped;

		Publisher(WsClient.Connection connection, Room room, int window, int bytes) {
			this.connection = connection;
			this.loop = connection.channel().eventLoop();
			this.room = room;
			this.window = window;
			this.bytes = bytes;
		}

		void kick() {
			if (this.loop.inEventLoop()) {
				publish();
			}
			else {
				this.loop.execute(this::publish);
			}
		}

		private void publish() {
			while (!this.stopped && this.published - this.room.completed.get() < this.window) {
				long sequence = this.published;
				this.room.remaining.set((int) (sequence & (RING - 1)), this.room.members);
				this.published = sequence + 1;
				this.connection.send(payload(sequence));
			}
		}

		private byte[] payload(long sequence) {
			StringBuilder text = new StringBuilder(this.bytes).append(sequence)
				.append(' ')
				.append(System.nanoTime())
				.append(' ');
			while (text.length() < this.bytes) {
				text.append('x');
			}
			return text.toString().getBytes(StandardCharsets.US_ASCII);
		}

		long published() {
			return this.published;
		}

	}

}
