package io.multiws.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * A set of connections, each in a closed loop of round trips: send a text of B bytes,
 * wait for the reply, check it, send again. An echo must come back unchanged; a request
 * ({@code ?<n>:<payload>}) must be answered {@code =<n>:<payload>}. While measuring, it
 * counts the round trips and records their latency.
 *
 * @author multi-ws team
 */
final class EchoLoop implements WsClient.Listener {

	private final boolean request;

	private final List<Pinger> pingers = new ArrayList<>();

	private final Latencies latencies = new Latencies();

	private final AtomicLong measured = new AtomicLong();

	private final AtomicLong wrong = new AtomicLong();

	private List<WsClient.Connection> connections = List.of();

	private int failures;

	private volatile boolean measuring;

	private volatile boolean stopped = true;

	private EchoLoop(boolean request) {
		this.request = request;
	}

	/**
	 * Open the connections of a loop, stopped.
	 * @param server the server
	 * @param client the client
	 * @param prefix the path of every connection up to its number, such as {@code /echo/}
	 * @param count how many connections
	 * @param bytes the size of a text
	 * @param request whether the texts are requests rather than echoes
	 * @param timeout the time limit of the handshakes
	 * @return the loop
	 * @throws InterruptedException if interrupted
	 */
	static EchoLoop open(ServerProcess server, WsClient client, String prefix, int count, int bytes, boolean request,
			Duration timeout) throws InterruptedException {
		EchoLoop loop = new EchoLoop(request);
		List<URI> uris = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			uris.add(server.ws(prefix + i));
		}
		WsClient.Opened opened = client.connectAll(uris, 64, loop, timeout);
		loop.failures = opened.failures();
		loop.connections = opened.connections();
		for (int i = 0; i < loop.connections.size(); i++) {
			loop.pingers.add(new Pinger(loop.connections.get(i), payload(i, bytes), loop));
		}
		return loop;
	}

	private static byte[] payload(int connection, int bytes) {
		byte[] payload = new byte[bytes];
		Arrays.fill(payload, (byte) 'x');
		byte[] id = ("echo-" + connection + ":").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(id, 0, payload, 0, Math.min(id.length, payload.length));
		return payload;
	}

	int failures() {
		return this.failures;
	}

	/**
	 * Put a round trip in flight on every connection, and keep them going.
	 */
	void start() {
		this.stopped = false;
		this.pingers.forEach(Pinger::send);
	}

	void measuring(boolean measuring) {
		this.measuring = measuring;
	}

	/**
	 * Send no more, and wait for the replies still in flight.
	 * @param timeout the time limit
	 * @return how many replies are still missing
	 * @throws InterruptedException if interrupted
	 */
	long stop(Duration timeout) throws InterruptedException {
		this.stopped = true;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (waiting() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		return waiting();
	}

	private long waiting() {
		return this.pingers.stream().filter((pinger) -> pinger.waiting).count();
	}

	/**
	 * Return the round trips completed while measuring, in every window so far.
	 * @return the count
	 */
	long measured() {
		return this.measured.get();
	}

	Latencies latencies() {
		return this.latencies;
	}

	/**
	 * Return the replies that were not what they should be.
	 * @return the count
	 */
	long wrong() {
		return this.wrong.get();
	}

	/**
	 * Close every connection.
	 * @param timeout the time limit
	 * @throws InterruptedException if interrupted
	 */
	void close(Duration timeout) throws InterruptedException {
		WsClient.closeAll(this.connections, timeout);
	}

	@Override
	public void onText(WsClient.Connection connection, ByteBuf text) {
		if (connection.attachment() instanceof Pinger pinger) {
			pinger.received(text);
		}
	}

	/**
	 * The loop of one connection.
	 */
	private static final class Pinger {

		private final WsClient.Connection connection;

		private final byte[] payload;

		private final ByteBuf echo;

		private final EchoLoop loop;

		private long id;

		private long sentAt;

		private volatile boolean waiting;

		Pinger(WsClient.Connection connection, byte[] payload, EchoLoop loop) {
			this.connection = connection;
			this.payload = payload;
			this.echo = Unpooled.wrappedBuffer(payload);
			this.loop = loop;
			connection.attach(this);
		}

		void send() {
			this.waiting = true;
			this.sentAt = System.nanoTime();
			if (this.loop.request) {
				this.id++;
				this.connection.send(envelope('?'));
			}
			else {
				this.connection.send(this.payload);
			}
		}

		private byte[] envelope(char marker) {
			byte[] prefix = (marker + Long.toString(this.id) + ":").getBytes(StandardCharsets.US_ASCII);
			byte[] frame = Arrays.copyOf(prefix, prefix.length + this.payload.length);
			System.arraycopy(this.payload, 0, frame, prefix.length, this.payload.length);
			return frame;
		}

		void received(ByteBuf text) {
			long latency = System.nanoTime() - this.sentAt;
			ByteBuf expected = this.loop.request ? Unpooled.wrappedBuffer(envelope('=')) : this.echo;
			if (!ByteBufUtil.equals(text, expected)) {
				this.loop.wrong.incrementAndGet();
			}
			if (this.loop.measuring) {
				this.loop.measured.incrementAndGet();
				this.loop.latencies.record(latency);
			}
			if (this.loop.stopped) {
				this.waiting = false;
			}
			else {
				send();
			}
		}

	}

}
