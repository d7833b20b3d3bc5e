package io.multiws.tests.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client on a plain socket, for what the JDK client cannot do: send any raw
 * path, read the exact handshake status, and stop reading altogether so that the
 * server's writes back up.
 *
 * @author multi-ws team
 */
public final class RawWsClient implements AutoCloseable {

	private final Socket socket;

	private final int status;

	private final String response;

	private RawWsClient(Socket socket, int status, String response) {
		this.socket = socket;
		this.status = status;
		this.response = response;
	}

	/**
	 * Send an upgrade request with a raw request target and read the response head.
	 * @param port the server port
	 * @param rawTarget the request target, sent as it is
	 * @param headers extra headers
	 * @param receiveBuffer the socket receive buffer size, small to back up writes
	 * @return the client, connected if the status is 101
	 * @throws IOException on I/O failure
	 */
	public static RawWsClient upgrade(int port, String rawTarget, Map<String, String> headers, int receiveBuffer)
			throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		StringBuilder request = new StringBuilder();
		request.append("GET ").append(rawTarget).append(" HTTP/1.1\r\n");
		request.append("Host: 127.0.0.1:").append(port).append("\r\n");
		request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n");
		request.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		String head = readHead(socket.getInputStream());
		int status = Integer.parseInt(head.substring(9, 12));
		return new RawWsClient(socket, status, head);
	}

	/**
	 * Return the handshake status of a raw request target.
	 * @param port the server port
	 * @param rawTarget the request target
	 * @param headers extra headers
	 * @return the status
	 * @throws IOException on I/O failure
	 */
	public static int status(int port, String rawTarget, Map<String, String> headers) throws IOException {
		try (RawWsClient client = upgrade(port, rawTarget, headers, 0)) {
			return client.status();
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b == -1) {
				break;
			}
			head.append((char) b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString();
	}

	public int status() {
		return this.status;
	}

	public String response() {
		return this.response;
	}

	/**
	 * Read the body of a refused upgrade, as long as its {@code Content-Length} says.
	 * @return the body, empty if the response announced none
	 * @throws IOException on I/O failure
	 */
	public String refusalBody() throws IOException {
		for (String line : this.response.split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				int length = Integer.parseInt(line.substring(15).trim());
				return new String(this.socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
			}
		}
		return "";
	}

	/**
	 * Send a masked text frame.
	 * @param text the text
	 * @throws IOException on I/O failure
	 */
	public void sendText(String text) throws IOException {
		sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send a masked frame.
	 * @param opcode the opcode
	 * @param payload the payload
	 * @throws IOException on I/O failure
	 */
	public void sendFrame(int opcode, byte[] payload) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(0x80 | opcode);
		if (payload.length < 126) {
			out.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			out.write(0x80 | 126);
			out.write(payload.length >> 8);
			out.write(payload.length & 0xFF);
		}
		else {
			out.write(0x80 | 127);
			for (int i = 7; i >= 0; i--) {
				out.write((int) ((long) payload.length >> (8 * i)) & 0xFF);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		out.write(mask);
		byte[] masked = new byte[payload.length];
		for (int i = 0; i < payload.length; i++) {
			masked[i] = (byte) (payload[i] ^ mask[i % 4]);
		}
		out.write(masked);
		out.flush();
	}

	/**
	 * Read the next frame from the server and return its opcode.
	 * @return the opcode, such as 0x9 for a ping or 0x8 for a close
	 * @throws IOException on I/O failure
	 */
	public int readFrameOpcode() throws IOException {
		InputStream in = this.socket.getInputStream();
		int first = in.read();
		int second = in.read();
		if (first == -1 || second == -1) {
			throw new IOException("Connection closed");
		}
		long length = second & 0x7F;
		if (length == 126) {
			length = (in.read() << 8) | in.read();
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | in.read();
			}
		}
		in.skipNBytes(length);
		return first & 0x0F;
	}

	/**
	 * Read the next frame from the server, which must be a text frame, and return its
	 * text.
	 * @return the text
	 * @throws IOException on I/O failure or another kind of frame
	 */
	public String readText() throws IOException {
		Frame frame = readFrame();
		if (frame.opcode() != 0x1) {
			throw new IOException("Expected a text frame, got opcode " + frame.opcode());
		}
		return new String(frame.payload(), StandardCharsets.UTF_8);
	}

	/**
	 * Read what is left of the server's answer until the end of the stream, waiting at
	 * most the given time for each read: the body of a refusal that closes the
	 * connection.
	 * @param timeoutMillis how long one read may wait
	 * @return the rest of the answer, or {@code null} if the connection is still open
	 * @throws IOException on other I/O failure
	 */
	public @Nullable String readToEnd(int timeoutMillis) throws IOException {
		int previous = this.socket.getSoTimeout();
		this.socket.setSoTimeout(timeoutMillis);
		StringBuilder rest = new StringBuilder();
		try {
			InputStream in = this.socket.getInputStream();
			int b;
			while ((b = in.read()) != -1) {
				rest.append((char) b);
			}
			return rest.toString();
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		catch (SocketException ex) {
			return rest.toString();
		}
		finally {
			if (!this.socket.isClosed()) {
				this.socket.setSoTimeout(previous);
			}
		}
	}

	/**
	 * Read the next frame from the server, payload included.
	 * @return the frame
	 * @throws IOException on I/O failure, a read timeout, or when the server closed the
	 * connection
	 */
	public Frame readFrame() throws IOException {
		InputStream in = this.socket.getInputStream();
		int first = in.read();
		int second = in.read();
		if (first == -1 || second == -1) {
			throw new EOFException("Connection closed");
		}
		long length = second & 0x7F;
		if (length == 126) {
			length = (in.read() << 8) | in.read();
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | in.read();
			}
		}
		return new Frame(first & 0x0F, in.readNBytes(Math.toIntExact(length)));
	}

	/**
	 * Set how long a read waits for data before it fails.
	 * @param timeout the read timeout
	 * @throws IOException on I/O failure
	 */
	public void readTimeout(Duration timeout) throws IOException {
		this.socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
	}

	/**
	 * Drop the connection with a TCP reset, as a crashed client would.
	 * @throws IOException on I/O failure
	 */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A frame received from the server.
	 *
	 * @param opcode the opcode, such as 0x9 for a ping or 0x8 for a close
	 * @param payload the unmasked payload
	 */
	public record Frame(int opcode, byte[] payload) {

		/**
		 * Return the status code of a close frame.
		 * @return the code, or 1005 if the close frame carried none
		 */
		public int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF) : 1005;
		}

		/**
		 * Return the reason of a close frame.
		 * @return the reason, empty if none
		 */
		public String closeReason() {
			return (this.payload.length > 2)
					? new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8) : "";
		}

	}

}
