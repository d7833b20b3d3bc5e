package io.multiws.tests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A real WebSocket client for tests, on the JDK's {@link WebSocket}: it records every
 * message and the raw close code, and reports a refused handshake's HTTP status.
 *
 * @author multi-ws team
 */
public final class TestWsClient implements WebSocket.Listener, AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final StringBuilder text = new StringBuilder();

	private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

	private volatile @Nullable String closeReason;

	private volatile @Nullable WebSocket webSocket;

	private TestWsClient() {
	}

	/**
	 * Connect, failing the test if the handshake is refused.
	 * @param uri the WebSocket URI
	 * @return the connected client
	 */
	public static TestWsClient connect(String uri) {
		return connect(uri, Map.of());
	}

	/**
	 * Connect with extra handshake headers, failing the test if the handshake is refused.
	 * @param uri the WebSocket URI
	 * @param headers the headers
	 * @param subprotocols the subprotocols to offer
	 * @return the connected client
	 */
	public static TestWsClient connect(String uri, Map<String, String> headers, String... subprotocols) {
		TestWsClient client = new TestWsClient();
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		if (subprotocols.length > 0) {
			builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
		}
		try {
			client.webSocket = builder.buildAsync(URI.create(uri), client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				throw new HandshakeRefusedException(handshake.getResponse().statusCode(),
						String.valueOf(handshake.getResponse().body()));
			}
			throw new IllegalStateException("Could not connect to " + uri, ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException("Could not connect to " + uri, ex);
		}
		return client;
	}

	/**
	 * Return the HTTP status of a refused handshake, or 101 if it succeeded (the
	 * connection is then closed).
	 * @param uri the WebSocket URI
	 * @param headers the handshake headers
	 * @return the status
	 */
	public static int handshakeStatus(String uri, Map<String, String> headers) {
		try {
			connect(uri, headers).close();
			return 101;
		}
		catch (HandshakeRefusedException ex) {
			return ex.status();
		}
	}

	public WebSocket webSocket() {
		WebSocket webSocket = this.webSocket;
		if (webSocket == null) {
			throw new IllegalStateException("Not connected");
		}
		return webSocket;
	}

	public String subprotocol() {
		return webSocket().getSubprotocol();
	}

	public TestWsClient send(String message) {
		join(webSocket().sendText(message, true));
		return this;
	}

	public TestWsClient sendBinary(byte[] message) {
		join(webSocket().sendBinary(ByteBuffer.wrap(message), true));
		return this;
	}

	/**
	 * Wait for the next text message.
	 * @return the text
	 */
	public String awaitText() {
		Object message = awaitMessage();
		if (message instanceof String text) {
			return text;
		}
		throw new AssertionError("Expected a text message but got " + describe(message));
	}

	/**
	 * Wait longer than usual for the next text message.
	 * @param timeout how long to wait
	 * @return the text
	 */
	public String awaitText(Duration timeout) {
		Object message = pollMessage(timeout);
		if (message instanceof String text) {
			return text;
		}
		throw new AssertionError("Expected a text message within " + timeout + " but got " + message);
	}

	/**
	 * Wait for the next binary message.
	 * @return the bytes
	 */
	public byte[] awaitBinary() {
		Object message = awaitMessage();
		if (message instanceof byte[] bytes) {
			return bytes;
		}
		throw new AssertionError("Expected a binary message but got " + describe(message));
	}

	/**
	 * Wait for a number of text messages.
	 * @param count how many
	 * @return the texts in order
	 */
	public List<String> awaitTexts(int count) {
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			texts.add(awaitText());
		}
		return texts;
	}

	private Object awaitMessage() {
		try {
			Object message = this.messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (message == null) {
				throw new AssertionError("No message within " + TIMEOUT + (this.closeCode.isDone()
						? "; the connection closed with " + this.closeCode.getNow(null) + " " + this.closeReason : ""));
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Return the next message if one arrives within a short time.
	 * @param wait how long to wait
	 * @return the message or {@code null}
	 */
	public @Nullable Object pollMessage(Duration wait) {
		try {
			return this.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Return the messages received and not yet taken.
	 * @return the number of messages
	 */
	public int pendingMessages() {
		return this.messages.size();
	}

	/**
	 * Wait for the server to close the connection.
	 * @return the raw close code
	 */
	public int awaitCloseCode() {
		try {
			return this.closeCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new AssertionError("The server did not close the connection within " + TIMEOUT, ex);
		}
	}

	public @Nullable String closeReason() {
		return this.closeReason;
	}

	public boolean isClosed() {
		return this.closeCode.isDone();
	}

	/**
	 * Whether the server closes the connection within a short time.
	 * @param wait how long to wait
	 * @return whether it is closed
	 */
	public boolean isClosedWithin(Duration wait) {
		try {
			this.closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.messages.add(this.text.toString());
			this.text.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.binary.write(bytes, 0, bytes.length);
		if (last) {
			this.messages.add(this.binary.toByteArray());
			this.binary.reset();
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closeCode.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeReason = String.valueOf(error);
		this.closeCode.complete(1006);
	}

	@Override
	public void close() {
		WebSocket webSocket = this.webSocket;
		if (webSocket != null && !webSocket.isOutputClosed()) {
			try {
				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				webSocket.abort();
			}
		}
	}

	/**
	 * Drop the TCP connection without a close frame, as a killed process would.
	 */
	public void abort() {
		webSocket().abort();
	}

	private static void join(CompletableFuture<?> future) {
		try {
			future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException | CompletionException ex) {
			throw new IllegalStateException("Send failed", ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException("Send failed", ex);
		}
	}

	private static String describe(Object message) {
		return (message instanceof byte[] bytes) ? bytes.length + " bytes" : "text '" + message + "'";
	}

	/**
	 * A handshake refused with an HTTP status.
	 */
	public static final class HandshakeRefusedException extends RuntimeException {

		private final int status;

		HandshakeRefusedException(int status, String body) {
			super("Handshake refused with " + status + ": " + body);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

}
