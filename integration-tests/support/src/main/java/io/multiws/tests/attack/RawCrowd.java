package io.multiws.tests.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import com.sun.management.OperatingSystemMXBean;
import org.jspecify.annotations.Nullable;

/**
 * A crowd of WebSocket clients on raw sockets, all read by one thread: what a room of
 * thousands needs of a client (the handshake, whole frames, strict UTF-8, an answer to
 * pings) without a thread or a JDK {@code WebSocket} each. The JDK's client loses bytes
 * that arrive together with, or right after, the handshake's response when the machine
 * is busy (its frames then fail with "Invalid UTF-8"), which a room that greets every
 * joiner at once makes likely: here the bytes after the response head are the start of
 * the frame stream, whatever the reads bring.
 *
 * @author multi-ws team
 */
final class RawCrowd implements AutoCloseable {

	private static final byte[] HEAD_END = { '\r', '\n', '\r', '\n' };

	private final int port;

	private final Selector selector;

	private final Queue<Member> joining = new ConcurrentLinkedQueue<>();

	private final List<Member> members = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private final long startNanos = System.nanoTime();

	private final LongAdder texts = new LongAdder();

	private final long startCpuNanos = processCpuNanos();

	private volatile long filledNanos;

	private volatile long filledCpuNanos;

	private volatile boolean running = true;

	RawCrowd(int port) throws IOException {
		this.port = port;
		this.selector = Selector.open();
		this.reader = new Thread(this::read, "raw-crowd-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Open a WebSocket and hand it to the reader.
	 * @param target the request target
	 * @param keepTexts whether to keep every text message it receives
	 * @return the member
	 * @throws IOException if the handshake fails
	 */
	Member join(String target, boolean keepTexts) throws IOException {
		SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.port));
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
		writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
		ByteBuffer in = ByteBuffer.allocate(64 * 1024);
		int headEnd;
		while ((headEnd = indexOf(in, HEAD_END)) < 0) {
			if (channel.read(in) < 0) {
				throw new IOException("Closed during the handshake of " + target);
			}
		}
		String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
		if (!head.startsWith("HTTP/1.1 101")) {
			channel.close();
			throw new IOException("Handshake of " + target + " refused: " + head);
		}
		// What came after the head is the start of the frames
		in.flip().position(headEnd + HEAD_END.length);
		in.compact();
		channel.configureBlocking(false);
		Member member = new Member(target, channel, in, keepTexts, this.texts);
		this.members.add(member);
		this.joining.add(member);
		this.selector.wakeup();
		return member;
	}

	List<Member> members() {
		return this.members;
	}

	/**
	 * Record that every member joined.
	 */
	void filled() {
		this.filledNanos = System.nanoTime();
		this.filledCpuNanos = processCpuNanos();
	}

	/**
	 * Return the text messages that the crowd's members received, all together.
	 * @return the count
	 */
	long texts() {
		return this.texts.sum();
	}

	/**
	 * Return the time since the crowd started to join.
	 * @return the time in nanoseconds
	 */
	long sinceStartNanos() {
		return System.nanoTime() - this.startNanos;
	}

	/**
	 * Return the CPU time this JVM spent while the crowd joined.
	 * @return the time in nanoseconds
	 */
	long cpuNanos() {
		return this.filledCpuNanos - this.startCpuNanos;
	}

	private static long processCpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/**
	 * Return how long the crowd took to join, from its creation to {@link #filled()}.
	 * @return the time in nanoseconds
	 */
	long elapsedNanos() {
		return this.filledNanos - this.startNanos;
	}

	private void read() {
		while (this.running) {
			try {
				this.selector.select(100);
				Member member;
				while ((member = this.joining.poll()) != null) {
					member.channel.register(this.selector, SelectionKey.OP_READ, member);
					member.readFrames();
				}
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					((Member) key.attachment()).readAvailable();
				}
			}
			catch (IOException | RuntimeException ex) {
				if (this.running) {
					ex.printStackTrace();
				}
			}
		}
	}

	/**
	 * Close every member's connection, without a close handshake, and stop reading.
	 */
	@Override
	public void close() throws IOException {
		this.running = false;
		for (Member member : this.members) {
			member.channel.close();
		}
		this.selector.close();
	}

	private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
		while (bytes.hasRemaining()) {
			channel.write(bytes);
		}
	}

	private static int indexOf(ByteBuffer buffer, byte[] sequence) {
		byte[] array = buffer.array();
		for (int i = 0; i + sequence.length <= buffer.position(); i++) {
			boolean found = true;
			for (int j = 0; j < sequence.length && found; j++) {
				found = array[i + j] == sequence[j];
			}
			if (found) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * One client of the crowd.
	 */
	static final class Member {

		private final LongAdder crowdTexts;

		private final String target;

		private final SocketChannel channel;

		private final boolean keepTexts;

		private final List<String> texts = new CopyOnWriteArrayList<>();

		private final CompletableFuture<String> firstText = new CompletableFuture<>();

		private ByteBuffer in;

		private @Nullable ByteArrayOutputStream fragments;

		private int fragmentedOpcode;

		private volatile int closeCode = -1;

		private volatile @Nullable String failure;

		private volatile int messages;

		Member(String target, SocketChannel channel, ByteBuffer in, boolean keepTexts, LongAdder texts) {
			this.crowdTexts = texts;
			this.target = target;
			this.channel = channel;
			this.in = in;
			this.keepTexts = keepTexts;
		}

		CompletableFuture<String> firstText() {
			return this.firstText;
		}

		List<String> texts() {
			return this.texts;
		}

		int messages() {
			return this.messages;
		}

		/**
		 * Return how this member's connection ended, if it did.
		 * @return the close code, -1 for none, 1006 for a connection dropped without one
		 */
		int closeCode() {
			return this.closeCode;
		}

		@Nullable String failure() {
			return this.failure;
		}

		void readAvailable() throws IOException {
			int read;
			do {
				if (!this.in.hasRemaining()) {
					ByteBuffer larger = ByteBuffer.allocate(this.in.capacity() * 2);
					this.in.flip();
					larger.put(this.in);
					this.in = larger;
				}
				read = this.channel.read(this.in);
				if (read < 0) {
					ended(1006);
					this.channel.close();
					return;
				}
				readFrames();
			}
			while (read > 0);
		}

		void readFrames() throws IOException {
			this.in.flip();
			while (readFrame()) {
				// next frame
			}
			this.in.compact();
		}

		private boolean readFrame() throws IOException {
			ByteBuffer in = this.in;
			if (in.remaining() < 2) {
				return false;
			}
			int start = in.position();
			int first = in.get(start) & 0xFF;
			int second = in.get(start + 1) & 0xFF;
			int headerLength = 2;
			long length = second & 0x7F;
			if (length == 126) {
				headerLength = 4;
				if (in.remaining() < headerLength) {
					return false;
				}
				length = in.getShort(start + 2) & 0xFFFF;
			}
			else if (length == 127) {
				headerLength = 10;
				if (in.remaining() < headerLength) {
					return false;
				}
				length = in.getLong(start + 2);
			}
			if ((second & 0x80) != 0 || (first & 0x70) != 0) {
				fail("a frame a server must not send: " + Integer.toHexString(first) + " "
						+ Integer.toHexString(second));
				return false;
			}
			if (in.remaining() < headerLength + length) {
				return false;
			}
			byte[] payload = new byte[(int) length];
			in.position(start + headerLength);
			in.get(payload);
			received((first & 0x80) != 0, first & 0x0F, payload);
			return true;
		}

		private void received(boolean fin, int opcode, byte[] payload) throws IOException {
			if (opcode == 0x0 || !fin) {
				// A fragment of a message, as Jetty sends a large one
				if ((opcode == 0x0) == (this.fragments == null)) {
					fail("a continuation out of place");
					return;
				}
				if (opcode != 0x0) {
					this.fragmentedOpcode = opcode;
					this.fragments = new ByteArrayOutputStream();
				}
				this.fragments.write(payload);
				if (!fin) {
					return;
				}
				opcode = this.fragmentedOpcode;
				payload = this.fragments.toByteArray();
				this.fragments = null;
			}
			switch (opcode) {
				case 0x1 -> {
					this.crowdTexts.increment();
					text(payload);
				}
				case 0x2 -> this.messages++;
				case 0x8 -> ended((payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
				case 0x9 -> pong(payload);
				case 0xA -> {
				}
				default -> fail("opcode " + opcode);
			}
		}

		private void text(byte[] payload) {
			String text;
			try {
				text = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(payload))
					.toString();
			}
			catch (CharacterCodingException ex) {
				fail("invalid UTF-8 in a text message");
				return;
			}
			this.messages++;
			this.firstText.complete(text);
			if (this.keepTexts) {
				this.texts.add(text);
			}
		}

		private void pong(byte[] payload) throws IOException {
			byte[] mask = new byte[4];
			ThreadLocalRandom.current().nextBytes(mask);
			ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
			frame.put((byte) 0x8A).put((byte) (0x80 | payload.length)).put(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.put((byte) (payload[i] ^ mask[i % 4]));
			}
			writeFully(this.channel, frame.flip());
		}

		private void ended(int code) {
			if (this.closeCode == -1) {
				this.closeCode = code;
			}
			this.firstText.completeExceptionally(new IllegalStateException(this.target + " closed with " + code));
		}

		private void fail(String reason) {
			this.failure = reason;
			this.firstText.completeExceptionally(new IllegalStateException(this.target + ": " + reason));
		}

		@Override
		public String toString() {
			return this.target + ((this.closeCode != -1) ? " closed with " + this.closeCode : "")
					+ ((this.failure != null) ? " failed: " + this.failure : "");
		}

	}

}
