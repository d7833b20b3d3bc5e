package io.multiws.benchmarks.load;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client connection on a plain blocking socket, for the measurements that
 * need the bytes in their own hands (a client that never reads, an offer of
 * permessage-deflate, a flood of upgrades): the upgrade handshake, masked frames built
 * whole, and frames read whole and dropped.
 *
 * @author multi-ws team
 */
final class RawWsConnection implements Closeable {

	private final Socket socket;

	private final String head;

	private final OutputStream out;

	private final InputStream in;

	private RawWsConnection(Socket socket, String head) throws IOException {
		this.socket = socket;
		this.head = head;
		this.out = socket.getOutputStream();
		this.in = socket.getInputStream();
	}

	/**
	 * Connect a socket to {@code 127.0.0.1} and upgrade it.
	 * @param socket an unconnected socket, with its options set
	 * @param port the server's port
	 * @param path the WebSocket path
	 * @param timeout the connect timeout
	 * @param headers more request headers, each {@code Name: value}
	 * @return the upgraded connection
	 * @throws IOException if the connection fails or the server does not answer 101
	 */
	static RawWsConnection open(Socket socket, int port, String path, Duration timeout, String... headers)
			throws IOException {
		socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
		socket.getOutputStream().write(upgradeRequest(port, path, headers).getBytes(StandardCharsets.ISO_8859_1));
		String head = readHead(socket.getInputStream());
		if (!head.startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("Upgrade of " + path + " refused: " + head);
		}
		return new RawWsConnection(socket, head);
	}

	/**
	 * Return an upgrade request with a fresh key.
	 * @param port the server's port, for the {@code Host} header
	 * @param path the WebSocket path
	 * @param headers more request headers, each {@code Name: value}
	 * @return the request, head and blank line
	 */
	static String upgradeRequest(int port, String path, String... headers) {
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		StringBuilder request = new StringBuilder("GET ").append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
			.append(port)
			.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
			.append("Sec-WebSocket-Key: ")
			.append(Base64.getEncoder().encodeToString(nonce))
			.append("\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return request.append("\r\n").toString();
	}

	/**
	 * Build a masked client frame.
	 * @param first the first byte: FIN, RSV1 to RSV3 and the opcode, such as {@code 0x81}
	 * for a whole text
	 * @param payload the payload, shorter than 64 KiB
	 * @return the frame
	 */
	static byte[] frame(int first, byte[] payload) {
		if (payload.length > 0xFFFF) {
			throw new IllegalArgumentException("Payload of " + payload.length + " bytes: at most 65535");
		}
		int lengthBytes = (payload.length < 126) ? 0 : 2;
		byte[] frame = new byte[2 + lengthBytes + 4 + payload.length];
		frame[0] = (byte) first;
		if (lengthBytes == 0) {
			frame[1] = (byte) (0x80 | payload.length);
		}
		else {
			frame[1] = (byte) (0x80 | 126);
			frame[2] = (byte) (payload.length >> 8);
			frame[3] = (byte) payload.length;
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		int start = 2 + lengthBytes;
		System.arraycopy(mask, 0, frame, start, 4);
		for (int i = 0; i < payload.length; i++) {
			frame[start + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
		}
		return frame;
	}

	/**
	 * Return whether the server accepted an extension.
	 * @param extension the extension's name, such as {@code permessage-deflate}
	 * @return whether the handshake's response names it
	 */
	boolean accepted(String extension) {
		return this.head.toLowerCase(Locale.ROOT).contains(extension);
	}

	/**
	 * Write bytes, usually whole frames from {@link #frame}.
	 * @param bytes the bytes
	 * @throws IOException if the write fails
	 */
	void send(byte[] bytes) throws IOException {
		this.out.write(bytes);
	}

	/**
	 * Read one frame of a payload shorter than 64 KiB whole, and drop it.
	 * @param expected what was expected, for the message of a close
	 * @throws IOException if the server closed instead, or the read fails
	 */
	void readFrame(String expected) throws IOException {
		int first = this.in.read();
		int second = this.in.read();
		if (first < 0 || second < 0 || (first & 0x0F) == 0x8) {
			throw new IOException("Closed by the server instead of " + expected);
		}
		int length = second & 0x7F;
		if (length == 126) {
			length = (this.in.read() << 8) | this.in.read();
		}
		this.in.readNBytes(length);
	}

	/**
	 * Close with a reset rather than a close handshake or a FIN.
	 * @throws IOException if the close fails
	 */
	void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

}
