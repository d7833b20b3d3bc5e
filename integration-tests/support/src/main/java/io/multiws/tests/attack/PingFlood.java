package io.multiws.tests.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.multiws.tests.support.RawWsClient;

/**
 * A client that streams pings of 125 bytes without ever reading, with a pong every three
 * seconds so that no idle timeout applies, on a socket whose small receive buffer backs up
 * the server's writes at once. It notes when a write fails: the server has dropped it.
 *
 * @author multi-ws team
 */
final class PingFlood implements AutoCloseable {

	/**
	 * The receive buffer of the client's socket.
	 */
	static final int RECEIVE_BUFFER = 4096;

	private static final int PINGS_PER_WRITE = 64;

	private static final long PONG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(3);

	private final RawWsClient client;

	private final byte[] pings;

	private final byte[] pong = RawWsClient.frame(0xA, new byte[0]);

	private final AtomicLong sentBytes = new AtomicLong();

	private final Thread thread;

	private volatile long goneNanos;

	private volatile boolean stopped;

	private PingFlood(RawWsClient client) {
		this.client = client;
		ByteArrayOutputStream pings = new ByteArrayOutputStream();
		byte[] ping = RawWsClient.frame(0x9, new byte[125]);
		for (int i = 0; i < PINGS_PER_WRITE; i++) {
			pings.writeBytes(ping);
		}
		this.pings = pings.toByteArray();
		this.thread = new Thread(this::flood, "ping-flood");
		this.thread.setDaemon(true);
	}

	/**
	 * Connect to a path and start flooding.
	 * @param port the server port
	 * @param path the path
	 * @return the flood
	 * @throws IOException on I/O failure
	 */
	static PingFlood start(int port, String path) throws IOException {
		RawWsClient client = RawWsClient.upgrade(port, path, Map.of(), RECEIVE_BUFFER);
		if (client.status() != 101) {
			client.close();
			throw new IllegalStateException("Upgrade to " + path + " refused: " + client.response());
		}
		PingFlood flood = new PingFlood(client);
		flood.thread.start();
		return flood;
	}

	private void flood() {
		long nextPong = System.nanoTime() + PONG_INTERVAL_NANOS;
		try {
			while (!this.stopped) {
				this.client.write(this.pings);
				this.sentBytes.addAndGet(this.pings.length);
				if (System.nanoTime() - nextPong > 0) {
					this.client.write(this.pong);
					nextPong += PONG_INTERVAL_NANOS;
				}
			}
		}
		catch (IOException ex) {
			if (!this.stopped) {
				this.goneNanos = System.nanoTime();
			}
		}
	}

	/**
	 * Whether the server dropped the connection: a write failed.
	 * @return {@code true} once dropped
	 */
	boolean isGone() {
		return this.goneNanos != 0;
	}

	/**
	 * Return when a write first failed.
	 * @return the {@link System#nanoTime()} of the failure, 0 while connected
	 */
	long goneNanos() {
		return this.goneNanos;
	}

	/**
	 * Return the bytes of pings written so far.
	 * @return the byte count
	 */
	long sentBytes() {
		return this.sentBytes.get();
	}

	@Override
	public void close() throws Exception {
		this.stopped = true;
		this.client.reset();
		this.thread.join(TimeUnit.SECONDS.toMillis(5));
	}

}
