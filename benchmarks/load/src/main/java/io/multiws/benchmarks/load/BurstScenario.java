package io.multiws.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * {@code burst} and {@code burst-stopped}: R readers in one room, one of them sending N
 * text messages of B bytes (non-ASCII included) in bursts of 20 with a 5 ms pause, every
 * reader reading as fast as it can; {@code burst-stopped} adds one session that stops
 * reading after its handshake. Every reader that keeps reading must receive every
 * message, in order, and stay open. Reports the fewest messages a reader received, the
 * readers closed, the time to deliver everything, the server's CPU time and live heap,
 * and when and how the stopped session was closed.
 *
 * @author multi-ws team
 */
final class BurstScenario implements Scenario {

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOPPED_CLOSE_TIMEOUT = Duration.ofSeconds(15);

	private static final int BURST = 20;

	private static final long PAUSE_MILLIS = 5;

	private static final int STOPPED_RECEIVE_BUFFER = 4096;

	private static final String NON_ASCII = "é€😀";

	private final int readers;

	private final int messages;

	private final int bytes;

	private final boolean stoppedReader;

	BurstScenario(int readers, int messages, int bytes, boolean stoppedReader) {
		this.readers = readers;
		this.messages = messages;
		this.bytes = bytes;
		this.stoppedReader = stoppedReader;
	}

	@Override
	public String name() {
		return this.stoppedReader ? "burst-stopped" : "burst";
	}

	@Override
	public String description() {
		return this.readers + " readers in one room, one sending " + this.messages + " texts of " + this.bytes / 1024
				+ " KiB (UTF-8, non-ASCII included) in bursts of " + BURST + " with a " + PAUSE_MILLIS + " ms pause"
				+ (this.stoppedReader ? ", plus one session that stops reading after its handshake" : "");
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		URI room = server.ws("/rooms/" + name() + "-" + RUNS.incrementAndGet());
		WsClient.Connection stopped = null;
		if (this.stoppedReader) {
			stopped = client.connect(room, WsClient.Listener.IGNORE, STOPPED_RECEIVE_BUFFER)
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			stopped.stopReading();
		}
		int members = this.readers + (this.stoppedReader ? 1 : 0);
		Readers listener = new Readers(this.messages);
		WsClient.Opened opened = client.connectAll(Collections.nCopies(this.readers, room), 64, listener, TIMEOUT);
		result.expect("failed handshakes", opened.failures(), 0);
		List<WsClient.Connection> all = new ArrayList<>(opened.connections());
		if (stopped != null) {
			all.add(stopped);
		}
		if (opened.failures() > 0 || !server.awaitSessions(members, TIMEOUT)) {
			result.problem("room " + room.getPath() + " did not reach " + members + " sessions");
			WsClient.closeAll(all, TIMEOUT);
			return result;
		}
		List<Reader> reading = new ArrayList<>();
		for (WsClient.Connection connection : opened.connections()) {
			Reader reader = new Reader(connection);
			connection.attach(reader);
			reading.add(reader);
		}
		long heapBefore = server.liveHeapKilobytes(name() + "-before");
		Result.Window measured = new Result.Window(server);
		long start = System.nanoTime();
		new Sender(opened.connections().get(0), this.messages, this.bytes).start();
		long stoppedClosedAt = awaitDelivery(server, reading, stopped, start);
		measured.end();
		if (stopped != null && stoppedClosedAt == 0) {
			stoppedClosedAt = awaitStoppedClosed(server, reading, start);
		}
		delivery(result, reading, measured, start);
		result.put("live heap before MB", heapBefore / 1024.0);
		result.put("live heap after MB", server.liveHeapKilobytes(name() + "-after") / 1024.0);
		if (stopped != null) {
			stopped(result, stopped, stoppedClosedAt, start);
		}
		WsClient.closeAll(all, TIMEOUT);
		return result;
	}

	/**
	 * Report what the readers received, and as problems any reader short of a message,
	 * closed, or given one out of order.
	 */
	private void delivery(Result result, List<Reader> reading, Result.Window measured, long start) {
		long delivered = reading.stream().mapToLong((reader) -> reader.received).sum();
		measured.report(result, delivered, "delivery");
		long least = reading.stream().mapToLong((reader) -> reader.received).min().orElse(0);
		long missed = reading.stream().filter((reader) -> reader.received < this.messages).count();
		long closed = reading.stream().filter((reader) -> reader.connection.closeCode() != 0).count();
		long outOfOrder = reading.stream().mapToLong((reader) -> reader.outOfOrder).sum();
		result.put("received per reader (min)", least);
		result.put("readers closed", closed);
		result.put("sender close code", reading.get(0).connection.closeCode());
		result.put("out of order", outOfOrder);
		if (least == this.messages) {
			long last = reading.stream().mapToLong((reader) -> reader.doneAt).max().orElse(start);
			result.put("time to deliver all ms", (last - start) / 1e6);
		}
		result.put("server CPU ms", measured.serverCpuMillis());
		result.expect("readers that missed messages", missed, 0);
		result.expect("readers closed", closed, 0);
		result.expect("messages out of order", outOfOrder, 0);
	}

	/**
	 * Wait until every reader has every message or was closed (or the sender is gone and
	 * nothing more arrives), and note whether the server dropped the stopped session
	 * meanwhile (its session count falls below the readers it still holds plus one).
	 * @return when the stopped session was dropped, 0 if it was not yet
	 */
	private long awaitDelivery(ServerProcess server, List<Reader> reading, WsClient.@Nullable Connection stopped,
			long start) throws Exception {
		long deadline = start + TIMEOUT.toNanos();
		long stoppedClosedAt = 0;
		long lastTotal = -1;
		long lastProgress = start;
		int polls = 0;
		while (System.nanoTime() < deadline) {
			boolean done = reading.stream()
				.allMatch((reader) -> reader.received == this.messages || reader.connection.closeCode() != 0);
			long total = reading.stream().mapToLong((reader) -> reader.received).sum();
			if (total != lastTotal) {
				lastTotal = total;
				lastProgress = System.nanoTime();
			}
			// Once the sender is gone, what it sent and the server had read arrives within a
			// second; nothing more will
			boolean senderGone = reading.get(0).connection.closeCode() != 0
					&& System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(1);
			// Asking the server costs it CPU time: ten times a second is enough
			if (stopped != null && stoppedClosedAt == 0 && ++polls % 5 == 0) {
				stoppedClosedAt = stoppedClosedAt(server, reading);
			}
			if (done || senderGone) {
				break;
			}
			Thread.sleep(20);
		}
		return stoppedClosedAt;
	}

	/**
	 * Wait until the server drops the stopped session, at most
	 * {@link #STOPPED_CLOSE_TIMEOUT} from the start of the burst.
	 * @return when it was dropped, 0 if it was not
	 */
	private static long awaitStoppedClosed(ServerProcess server, List<Reader> reading, long start) throws Exception {
		long deadline = start + STOPPED_CLOSE_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			long closedAt = stoppedClosedAt(server, reading);
			if (closedAt != 0) {
				return closedAt;
			}
			Thread.sleep(20);
		}
		return 0;
	}

	private static long stoppedClosedAt(ServerProcess server, List<Reader> reading) throws Exception {
		long open = reading.stream().filter((reader) -> reader.connection.closeCode() == 0).count();
		int onServer = server.hubSessions().stream().mapToInt(Integer::intValue).sum();
		return (onServer < open + 1) ? System.nanoTime() : 0;
	}

	/**
	 * Report when the stopped session was dropped, then read what the server left on its
	 * connection to learn how: a close frame's code, or 1006 for none.
	 */
	private static void stopped(Result result, WsClient.Connection stopped, long closedAt, long start)
			throws InterruptedException {
		if (closedAt != 0) {
			result.put("stopped closed after ms", (closedAt - start) / 1e6);
		}
		stopped.resumeReading();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (stopped.isOpen() && closedAt != 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		result.put("stopped close code", stopped.closeCode());
	}

	/**
	 * One reader's sequence check; called on its connection's event loop only.
	 */
	private final class Reader {

		private final WsClient.Connection connection;

		private volatile long received;

		private volatile long outOfOrder;

		private volatile long doneAt;

		Reader(WsClient.Connection connection) {
			this.connection = connection;
		}

		void received(long sequence) {
			if (sequence != this.received) {
				this.outOfOrder++;
			}
			this.received++;
			if (this.received == BurstScenario.this.messages) {
				this.doneAt = System.nanoTime();
			}
		}

	}

	private static final class Readers implements WsClient.Listener {

		private final int messages;

		Readers(int messages) {
			this.messages = messages;
		}

		@Override
		public void onText(WsClient.Connection connection, ByteBuf text) {
			if (connection.attachment() instanceof Reader reader) {
				int separator = text.indexOf(text.readerIndex(), text.writerIndex(), (byte) '|');
				long sequence = 0;
				for (int i = text.readerIndex(); i < separator; i++) {
					sequence = sequence * 10 + (text.getByte(i) - '0');
				}
				reader.received((separator < 0 || sequence >= this.messages) ? -1 : sequence);
			}
		}

	}

	/**
	 * Sends the bursts on its connection's event loop: 20 messages, then the next burst
	 * 5 ms later.
	 */
	private static final class Sender {

		private final WsClient.Connection connection;

		private final EventLoop loop;

		private final int messages;

		private final byte[] body;

		private int sent;

		Sender(WsClient.Connection connection, int messages, int bytes) {
			this.connection = connection;
			this.loop = connection.channel().eventLoop();
			this.messages = messages;
			String filler = "x".repeat(Math.max(0, bytes - 2 * NON_ASCII.getBytes(StandardCharsets.UTF_8).length));
			this.body = (NON_ASCII + filler + NON_ASCII).getBytes(StandardCharsets.UTF_8);
		}

		void start() {
			this.loop.execute(this::burst);
		}

		private void burst() {
			for (int i = 0; i < BURST && this.sent < this.messages && this.connection.isOpen(); i++) {
				this.connection.send(payload(this.sent++));
			}
			if (this.sent < this.messages && this.connection.isOpen()) {
				this.loop.schedule(this::burst, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
			}
		}

		private byte[] payload(int sequence) {
			byte[] prefix = (sequence + "|").getBytes(StandardCharsets.US_ASCII);
			byte[] payload = new byte[prefix.length + this.body.length];
			System.arraycopy(prefix, 0, payload, 0, prefix.length);
			System.arraycopy(this.body, 0, payload, prefix.length, this.body.length);
			return payload;
		}

	}

}
