package io.multiws.benchmarks.load;

import java.nio.charset.StandardCharsets;

import io.netty.channel.EventLoop;

/**
 * The publisher of one fan-out room: sends numbered messages of a fixed size while fewer
 * than its window are in flight, on its connection's event loop only, so that sequence
 * numbers leave in order.
 *
 * @author multi-ws team
 */
final class FanoutPublisher {

	private final WsClient.Connection connection;

	private final EventLoop loop;

	private final FanoutRoom room;

	private final int window;

	private final int bytes;

	private volatile long published;

	private volatile boolean stopped;

	/**
	 * Create a publisher; it starts on the first {@link #kick()}.
	 * @param connection its connection, a member of the room
	 * @param room the room
	 * @param window the most messages in flight
	 * @param bytes the size of a message
	 */
	FanoutPublisher(WsClient.Connection connection, FanoutRoom room, int window, int bytes) {
		this.connection = connection;
		this.loop = connection.channel().eventLoop();
		this.room = room;
		this.window = window;
		this.bytes = bytes;
	}

	/**
	 * Send what the window allows.
	 */
	void kick() {
		if (this.loop.inEventLoop()) {
			publish();
		}
		else {
			this.loop.execute(this::publish);
		}
	}

	/**
	 * Send nothing more.
	 */
	void stop() {
		this.stopped = true;
	}

	long published() {
		return this.published;
	}

	private void publish() {
		while (!this.stopped && this.published - this.room.completed() < this.window) {
			long sequence = this.published;
			this.room.sending(sequence);
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

}
