package io.multiws.tests.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.multiws.tests.support.RawWsClient;
import org.jspecify.annotations.Nullable;

/**
 * A flood of upgrade requests on connections of their own, all sent before any answer
 * is read, with the answers read as they come on one thread: what a client that opens
 * thousands of connections at once does, without a thread per connection.
 *
 * @author multi-ws team
 */
final class UpgradeFlood implements AutoCloseable {

	private final Selector selector;

	private final List<Attempt> attempts = new ArrayList<>();

	private UpgradeFlood(Selector selector) {
		this.selector = selector;
	}

	/**
	 * Send upgrade requests, each on a new connection.
	 * @param port the server port
	 * @param path the path to upgrade to
	 * @param count how many
	 * @return the flood
	 * @throws IOException on I/O failure
	 */
	static UpgradeFlood send(int port, String path, int count) throws IOException {
		UpgradeFlood flood = new UpgradeFlood(Selector.open());
		for (int i = 0; i < count; i++) {
			SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: " + RawWsClient.newKey() + "\r\n\r\n";
			ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.configureBlocking(false);
			Attempt attempt = new Attempt(channel);
			channel.register(flood.selector, SelectionKey.OP_READ, attempt);
			flood.attempts.add(attempt);
		}
		return flood;
	}

	/**
	 * Read answers until at least the given number have come, or the time is up.
	 * @param count how many answers to wait for
	 * @param timeout how long to wait at most
	 * @return the answers so far
	 * @throws IOException on I/O failure
	 */
	List<Answer> awaitAnswers(int count, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		while (answers().size() < count) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				break;
			}
			this.selector.select(Math.max(1, Duration.ofNanos(remaining).toMillis()));
			Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				((Attempt) key.attachment()).read(key, buffer);
			}
		}
		return answers();
	}

	private List<Answer> answers() {
		List<Answer> answers = new ArrayList<>();
		for (Attempt attempt : this.attempts) {
			Answer answer = attempt.answer();
			if (answer != null) {
				answers.add(answer);
			}
		}
		return answers;
	}

	@Override
	public void close() throws IOException {
		for (Attempt attempt : this.attempts) {
			attempt.channel.close();
		}
		this.selector.close();
	}

	/**
	 * The answer to one upgrade request.
	 *
	 * @param status the HTTP status
	 * @param response the response: its head and, if the server closed the connection
	 * after it, its body
	 */
	record Answer(int status, String response) {

	}

	/**
	 * One connection and what came on it.
	 */
	private static final class Attempt {

		private final SocketChannel channel;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private boolean ended;

		Attempt(SocketChannel channel) {
			this.channel = channel;
		}

		void read(SelectionKey key, ByteBuffer buffer) throws IOException {
			int read;
			do {
				buffer.clear();
				try {
					read = this.channel.read(buffer);
				}
				catch (IOException ex) {
					read = -1;
				}
				if (read > 0) {
					this.received.write(buffer.array(), 0, read);
				}
			}
			while (read > 0);
			if (read < 0) {
				this.ended = true;
				key.cancel();
			}
		}

		/**
		 * Return the answer: a whole response once the server closed the connection, or
		 * the head of a 101 on a connection that stays open.
		 */
		@Nullable Answer answer() {
			String response = this.received.toString(StandardCharsets.ISO_8859_1);
			boolean switched = response.startsWith("HTTP/1.1 101") && response.contains("\r\n\r\n");
			if (!this.ended && !switched) {
				return null;
			}
			int status = (response.length() >= 12) ? Integer.parseInt(response.substring(9, 12)) : -1;
			return new Answer(status, response);
		}

	}

}
