package io.multiws.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client on a plain socket, for what the JDK client cannot do: send any raw
 * path or request head, read the exact handshake status and headers, write any bytes as
 * frames (unmasked, reserved bits, bad lengths), and stop reading altogether so that the
 * server's writes back up. It reads the server's frames as strictly as RFC 6455 asks of a
 * client (no mask, no RSV2 or RSV3, RSV1 only with permessage-deflate, control frames
 * whole and at most 125 bytes, the stream never ending inside a frame, text messages
 * whole and valid UTF-8), since the conformance
 * suite checks servers through it.
 *
 * @author multi-ws team
 */
public final class RawWsClient implements AutoCloseable {

	/**
	 * How long a read may wait inside a frame that has begun, whatever the caller's read
	 * timeout, so that a short timeout never leaves the stream in the middle of a frame.
	 */
	private static final int REST_OF_FRAME_TIMEOUT = 10_000;

	private final Socket socket;

	private final int status;

	private final String response;

	private final Inflater inflater = new Inflater(true);

	private final boolean deflateNegotiated;

	private @Nullable String closeReason;

	private RawWsClient(Socket socket, int status, String response) {
		this.socket = socket;
		this.status = status;
		this.response = response;
		String extensions = header("Sec-WebSocket-Extensions");
		this.deflateNegotiated = extensions != null && extensions.contains("permessage-deflate");
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
		return upgrade(null, port, rawTarget, headers, receiveBuffer);
	}

	/**
	 * Send an upgrade request from a given local address, such as another loopback
	 * address than 127.0.0.1, and read the response head.
	 * @param from the local address to connect from, {@code null} for any
	 * @param port the server port
	 * @param rawTarget the request target, sent as it is
	 * @param headers extra headers
	 * @param receiveBuffer the socket receive buffer size, small to back up writes
	 * @return the client, connected if the status is 101
	 * @throws IOException on I/O failure
	 */
	public static RawWsClient upgrade(@Nullable InetAddress from, int port, String rawTarget,
			Map<String, String> headers, int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		if (from != null) {
			socket.bind(new InetSocketAddress(from, 0));
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
	 * Send a request head exactly as given (a blank line is added) and read the
	 * response head.
	 * @param port the server port
	 * @param requestHead the request line and headers, lines separated by CRLF
	 * @return the client, connected if the status is 101, with status -1 if the server
	 * closed the connection without an answer
	 * @throws IOException on I/O failure, {@link SocketTimeoutException} if no answer
	 * comes within 10 seconds
	 */
	public static RawWsClient request(int port, String requestHead) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		OutputStream out = socket.getOutputStream();
		out.write((requestHead + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		String head = readHead(socket.getInputStream());
		int status = (head.length() >= 12) ? Integer.parseInt(head.substring(9, 12)) : -1;
		return new RawWsClient(socket, status, head);
	}

	/**
	 * Return a valid {@code Sec-WebSocket-Key}: 16 random bytes in base64.
	 * @return the key
	 */
	public static String newKey() {
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		return Base64.getEncoder().encodeToString(nonce);
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
		return readHead(in, "\r\n\r\n");
	}

	private static String readHead(InputStream in, String end) throws IOException {
		StringBuilder head = new StringBuilder();
		int matched = 0;
		while (matched < end.length()) {
			int b = in.read();
			if (b == -1) {
				break;
			}
			head.append((char) b);
			matched = (b == end.charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
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
	 * Read the body of a refused upgrade, as long as its {@code Content-Length} says, or
	 * in chunks.
	 * @return the body, empty if the response announced none
	 * @throws IOException on I/O failure
	 */
	public String refusalBody() throws IOException {
		String length = header("Content-Length");
		if (length != null) {
			return new String(this.socket.getInputStream().readNBytes(Integer.parseInt(length.trim())),
					StandardCharsets.UTF_8);
		}
		String encoding = header("Transfer-Encoding");
		return (encoding != null && encoding.trim().equalsIgnoreCase("chunked")) ? readChunks() : "";
	}

	private String readChunks() throws IOException {
		InputStream in = this.socket.getInputStream();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int size;
		while ((size = Integer.parseInt(readHead(in, "\r\n").trim(), 16)) > 0) {
			body.write(in.readNBytes(size));
			readHead(in, "\r\n");
		}
		return body.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Return the first value of a response header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} if the response has no such header
	 */
	public @Nullable String header(String name) {
		String prefix = name.toLowerCase(Locale.ROOT) + ":";
		for (String line : this.response.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
				return line.substring(prefix.length()).trim();
			}
		}
		return null;
	}

	/**
	 * Write bytes as they are, such as frames made by {@link #frame}.
	 * @param bytes the bytes
	 * @return this client
	 * @throws IOException on I/O failure
	 */
	public RawWsClient write(byte[]... bytes) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		for (byte[] chunk : bytes) {
			out.write(chunk);
		}
		out.flush();
		return this;
	}

	/**
	 * Encode a masked, final frame with no reserved bits.
	 * @param opcode the opcode
	 * @param payload the payload
	 * @return the frame
	 */
	public static byte[] frame(int opcode, byte[] payload) {
		return frame(true, 0, opcode, payload, true);
	}

	/**
	 * Encode a frame bit by bit, with the shortest length encoding.
	 * @param fin whether the frame is the last of its message
	 * @param rsv the reserved bits, 0 to 7
	 * @param opcode the opcode
	 * @param payload the payload
	 * @param masked whether to mask the payload, as a client must
	 * @return the frame
	 */
	public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
		int lengthBytes = (payload.length < 126) ? 0 : (payload.length < 65536) ? 2 : 8;
		return frame(fin, rsv, opcode, payload, masked, lengthBytes);
	}

	/**
	 * Encode a masked frame with a chosen length encoding, minimal or not.
	 * @param fin whether the frame is the last of its message
	 * @param rsv the reserved bits, 0 to 7
	 * @param opcode the opcode
	 * @param payload the payload
	 * @param masked whether to mask the payload
	 * @param lengthBytes 0 for the 7-bit length, 2 or 8 for the extended lengths
	 * @return the frame
	 */
	public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, int lengthBytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] mask = masked ? newMask() : null;
		writeHeader(out, fin, rsv, opcode, payload.length, mask, lengthBytes);
		for (int i = 0; i < payload.length; i++) {
			out.write((mask != null) ? payload[i] ^ mask[i % 4] : payload[i]);
		}
		return out.toByteArray();
	}

	/**
	 * Encode only the header of a masked, final frame, announcing a length whose payload
	 * is not part of the result.
	 * @param opcode the opcode
	 * @param announcedLength the payload length the header announces
	 * @return the header, mask included
	 */
	public static byte[] frameHeader(int opcode, long announcedLength) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int lengthBytes = (announcedLength >= 0 && announcedLength < 126) ? 0
				: (announcedLength >= 0 && announcedLength < 65536) ? 2 : 8;
		writeHeader(out, true, 0, opcode, announcedLength, newMask(), lengthBytes);
		return out.toByteArray();
	}

	/**
	 * Encode the start of a masked, final frame: its header, announcing a length, and the
	 * first bytes of its payload, masked with the header's mask.
	 * @param opcode the opcode
	 * @param announcedLength the payload length the header announces
	 * @param payloadStart the first bytes of the payload, fewer than announced
	 * @return the header and the payload's first bytes
	 */
	public static byte[] frameStart(int opcode, long announcedLength, byte[] payloadStart) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int lengthBytes = (announcedLength >= 0 && announcedLength < 126) ? 0
				: (announcedLength >= 0 && announcedLength < 65536) ? 2 : 8;
		byte[] mask = newMask();
		writeHeader(out, true, 0, opcode, announcedLength, mask, lengthBytes);
		for (int i = 0; i < payloadStart.length; i++) {
			out.write(payloadStart[i] ^ mask[i % 4]);
		}
		return out.toByteArray();
	}

	private static void writeHeader(ByteArrayOutputStream out, boolean fin, int rsv, int opcode, long length,
			byte @Nullable [] mask, int lengthBytes) {
		out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
		int maskBit = (mask != null) ? 0x80 : 0;
		if (lengthBytes == 0) {
			out.write(maskBit | (int) length);
		}
		else {
			out.write(maskBit | ((lengthBytes == 2) ? 126 : 127));
			for (int i = lengthBytes - 1; i >= 0; i--) {
				out.write((int) (length >>> (8 * i)) & 0xFF);
			}
		}
		if (mask != null) {
			out.write(mask, 0, 4);
		}
	}

	private static byte[] newMask() {
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		return mask;
	}

	/**
	 * Encode the payload of a close frame.
	 * @param code the close code
	 * @param reason the reason's bytes, UTF-8 or not
	 * @return the payload
	 */
	public static byte[] closePayload(int code, byte[] reason) {
		byte[] payload = new byte[2 + reason.length];
		payload[0] = (byte) (code >> 8);
		payload[1] = (byte) code;
		System.arraycopy(reason, 0, payload, 2, reason.length);
		return payload;
	}

	/**
	 * Compress a message's payload as permessage-deflate does (RFC 7692): raw deflate,
	 * flushed, without the trailing empty block. Send it in a frame with RSV1 set.
	 * @param payload the payload
	 * @return the compressed payload
	 */
	public static byte[] deflate(byte[] payload) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		deflater.setInput(payload);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[1024];
		int count;
		while ((count = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
			out.write(buffer, 0, count);
		}
		deflater.end();
		byte[] all = out.toByteArray();
		return Arrays.copyOf(all, all.length - 4);
	}

	private byte[] inflate(byte[] payload) throws IOException {
		byte[] input = Arrays.copyOf(payload, payload.length + 4);
		input[payload.length + 2] = (byte) 0xFF;
		input[payload.length + 3] = (byte) 0xFF;
		this.inflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[1024];
		try {
			int count;
			while ((count = this.inflater.inflate(buffer)) > 0) {
				out.write(buffer, 0, count);
			}
		}
		catch (DataFormatException ex) {
			throw new IOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * Read the next text message, its fragments joined, and return its text. Pings and
	 * pongs before or between its fragments are passed over; anything else fails.
	 * @return the text
	 * @throws IOException on I/O failure, if the server closed instead, if a binary
	 * message came instead, or if the server broke RFC 6455 (a stray continuation, a new
	 * message inside a fragmented one, text that is not UTF-8)
	 */
	public String readText() throws IOException {
		ByteArrayOutputStream fragments = null;
		boolean compressed = false;
		while (true) {
			Frame frame = nextFrame();
			if (frame == null) {
				throw new EOFException((fragments != null) ? "Connection closed inside a fragmented text message"
						: "Connection closed without a close frame");
			}
			switch (frame.opcode()) {
				case 0x9, 0xA -> {
					// Control frames may come before a message and between its fragments
				}
				case 0x8 -> throw new IOException(
						"Closed with " + frame.closeCode() + " '" + frame.closeReason() + "' instead of a text message");
				case 0x1 -> {
					if (fragments != null) {
						throw new ProtocolException("A new text message inside a fragmented one");
					}
					if (frame.fin()) {
						return decode(frame.compressed(), frame.payload());
					}
					fragments = new ByteArrayOutputStream();
					fragments.write(frame.payload());
					compressed = frame.compressed();
				}
				case 0x0 -> {
					if (fragments == null) {
						throw new ProtocolException("A continuation frame outside a fragmented message");
					}
					if (frame.compressed()) {
						throw new ProtocolException("RSV1 on a continuation frame");
					}
					fragments.write(frame.payload());
					if (frame.fin()) {
						return decode(compressed, fragments.toByteArray());
					}
				}
				default -> throw new IOException("A frame with opcode 0x" + Integer.toHexString(frame.opcode())
						+ ((fragments != null) ? " inside a fragmented text message" : " instead of a text message"));
			}
		}
	}

	private String decode(boolean compressed, byte[] payload) throws IOException {
		byte[] bytes = compressed ? inflate(payload) : payload;
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ProtocolException("A text message that is not valid UTF-8: " + ex);
		}
	}

	/**
	 * Read the next text message, or return {@code null} if none comes within the given
	 * time (the socket's read timeout is restored afterwards).
	 * @param quiet how long to wait for a message
	 * @return the text, or {@code null}
	 * @throws IOException on I/O failure or if the server closed instead
	 */
	public @Nullable String readTextWithin(Duration quiet) throws IOException {
		int timeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout((int) quiet.toMillis());
		try {
			return readText();
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		finally {
			this.socket.setSoTimeout(timeout);
		}
	}

	/**
	 * Read frames until the server's close frame and return its code: 1005 for a close
	 * frame without a code, -1 if the connection ended without a close frame.
	 * @return the close code
	 * @throws IOException on I/O failure, {@link SocketTimeoutException} if nothing comes
	 * within 10 seconds
	 */
	public int readCloseCode() throws IOException {
		while (true) {
			Frame frame = nextFrame();
			if (frame == null) {
				return -1;
			}
			if (frame.opcode() == 0x8) {
				byte[] payload = frame.payload();
				this.closeReason = (payload.length > 2)
						? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
				return frame.closeCode();
			}
		}
	}

	/**
	 * Return the reason of the close frame that {@link #readCloseCode()} read.
	 * @return the reason, or {@code null} before a close frame was read
	 */
	public @Nullable String closeReason() {
		return this.closeReason;
	}

	/**
	 * Read the next frame, or return {@code null} if the connection ended before one
	 * began. Once a frame has begun it is read whole (see {@link #REST_OF_FRAME_TIMEOUT}),
	 * and checked as a client must check a server's frames: not masked, no RSV2 or RSV3,
	 * RSV1 only with permessage-deflate.
	 */
	private @Nullable Frame nextFrame() throws IOException {
		InputStream in = this.socket.getInputStream();
		int first;
		try {
			first = in.read();
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			return null;
		}
		if (first == -1) {
			return null;
		}
		int timeout = this.socket.getSoTimeout();
		boolean extend = timeout != 0 && timeout < REST_OF_FRAME_TIMEOUT;
		if (extend) {
			this.socket.setSoTimeout(REST_OF_FRAME_TIMEOUT);
		}
		try {
			return restOfFrame(in, first);
		}
		finally {
			if (extend && !this.socket.isClosed()) {
				this.socket.setSoTimeout(timeout);
			}
		}
	}

	private Frame restOfFrame(InputStream in, int first) throws IOException {
		int second = readByte(in, "length");
		if ((second & 0x80) != 0) {
			throw new ProtocolException("The server sent a masked frame (RFC 6455 5.1: a server must not mask)");
		}
		if ((first & 0x30) != 0) {
			throw new ProtocolException("The server set RSV2 or RSV3, which no negotiated extension defines");
		}
		boolean rsv1 = (first & 0x40) != 0;
		if (rsv1 && !this.deflateNegotiated) {
			throw new ProtocolException("The server set RSV1 without permessage-deflate negotiated");
		}
		long length = second & 0x7F;
		if (length == 126) {
			length = (readByte(in, "length") << 8) | readByte(in, "length");
			requireShortestEncoding(length < 126, length, 2);
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | readByte(in, "length");
			}
			if (length < 0 || length > Integer.MAX_VALUE - 8) {
				throw new ProtocolException("A frame length of " + Long.toUnsignedString(length) + " bytes");
			}
			requireShortestEncoding(length < 65_536, length, 8);
		}
		int opcode = first & 0x0F;
		if (opcode >= 0x8 && (length > 125 || (first & 0x80) == 0)) {
			throw new ProtocolException("A control frame (opcode 0x" + Integer.toHexString(opcode) + ") of " + length
					+ " bytes" + (((first & 0x80) == 0) ? ", fragmented" : "") + " (RFC 6455 5.5: at most 125, whole)");
		}
		byte[] payload = in.readNBytes((int) length);
		if (payload.length < length) {
			throw new EOFException(
					"Connection ended inside a frame's payload, after " + payload.length + " of " + length + " bytes");
		}
		return new Frame(opcode, (first & 0x80) != 0, rsv1, payload);
	}

	private static void requireShortestEncoding(boolean shorterFits, long length, int lengthBytes)
			throws ProtocolException {
		if (shorterFits) {
			throw new ProtocolException("A length of " + length + " in " + lengthBytes
					+ " extended bytes (RFC 6455 5.2: the minimal number of bytes must be used)");
		}
	}

	private static int readByte(InputStream in, String part) throws IOException {
		int b = in.read();
		if (b == -1) {
			throw new EOFException("Connection ended inside a frame's " + part);
		}
		return b;
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
		return readFrame().opcode();
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
		Frame frame = nextFrame();
		if (frame == null) {
			throw new EOFException("Connection closed");
		}
		return frame;
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
		this.inflater.end();
		this.socket.close();
	}

	/**
	 * A frame received from the server.
	 *
	 * @param opcode the opcode, such as 0x9 for a ping or 0x8 for a close
	 * @param fin whether FIN is set: the frame is the last of its message
	 * @param compressed whether RSV1 is set: the payload is deflated (permessage-deflate)
	 * @param payload the payload, as sent
	 */
	public record Frame(int opcode, boolean fin, boolean compressed, byte[] payload) {

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
