package io.multiws.tests.attack;

import java.io.IOException;
import java.util.Map;

import io.multiws.tests.support.RawWsClient;

/**
 * A client that never reads, and tells whether the server has closed its connection by
 * writing a small ping each time it is asked: the first write after the server closed
 * draws a reset, and the next one fails. The server answers no ping of a closing session,
 * so the probe itself reads nothing either.
 *
 * @author multi-ws team
 */
final class ConnectionProbe implements AutoCloseable {

	private static final byte[] PING = RawWsClient.frame(0x9, new byte[] { 'p' });

	private final RawWsClient client;

	private long lastOpenNanos;

	private long previousOpenNanos;

	private long goneNanos;

	private ConnectionProbe(RawWsClient client) {
		this.client = client;
	}

	/**
	 * Connect to a path with a small receive buffer.
	 * @param port the server port
	 * @param path the path
	 * @return the probe
	 * @throws IOException on I/O failure
	 */
	static ConnectionProbe connect(int port, String path) throws IOException {
		RawWsClient client = RawWsClient.upgrade(port, path, Map.of(), PingFlood.RECEIVE_BUFFER);
		if (client.status() != 101) {
			client.close();
			throw new IllegalStateException("Upgrade to " + path + " refused: " + client.response());
		}
		return new ConnectionProbe(client);
	}

	/**
	 * Write a probe and say whether the connection is gone.
	 * @return {@code true} once a write failed
	 */
	boolean isGone() {
		if (this.goneNanos != 0) {
			return true;
		}
		long now = System.nanoTime();
		try {
			this.client.write(PING);
			this.previousOpenNanos = this.lastOpenNanos;
			this.lastOpenNanos = now;
			return false;
		}
		catch (IOException ex) {
			this.goneNanos = now;
			return true;
		}
	}

	/**
	 * Return when a write first failed.
	 * @return the {@link System#nanoTime()} of the failure, 0 while connected
	 */
	long goneNanos() {
		return this.goneNanos;
	}

	/**
	 * Return when a write last succeeded: the connection was open then, or had been
	 * closed by the server so recently that the reset had not come back yet.
	 * @return the {@link System#nanoTime()} of that write, 0 if there was none
	 */
	long lastOpenNanos() {
		return this.lastOpenNanos;
	}

	/**
	 * Return a time at which the connection was certainly still open: that of the last
	 * write but one before the failure (the last may have been the first after the
	 * server closed).
	 * @return the {@link System#nanoTime()} of that write, 0 if there was none
	 */
	long certainlyOpenNanos() {
		return this.previousOpenNanos;
	}

	@Override
	public void close() throws IOException {
		this.client.reset();
	}

}
