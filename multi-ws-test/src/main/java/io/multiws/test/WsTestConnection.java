package io.multiws.test;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multiws.core.WsJsonCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One connection of a {@link WsTestClient}: send text, binary or JSON, and await what the
 * server sends back. Closing it sends a normal close frame.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsTestConnection extends ReceivingPeer implements AutoCloseable {

	private final String path;

	private final WsJsonCodec jsonCodec;

	private final Duration timeout;

	private volatile @Nullable WebSocket webSocket;

	WsTestConnection(String path, ReceivedMessages messages, WsJsonCodec jsonCodec, Duration timeout) {
		super(messages);
		this.path = path;
		this.jsonCodec = jsonCodec;
		this.timeout = timeout;
	}

	void connected(WebSocket webSocket) {
		this.webSocket = webSocket;
	}

	WebSocket.Listener listener() {
		return new Listener();
	}

	/**
	 * Return the path this connection was opened to.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the JDK WebSocket of this connection, for what the methods here do not
	 * cover, such as pings or a message of fragments sent concurrently. What it receives
	 * still goes to the {@code await} methods, which keep requesting messages.
	 * @return the WebSocket
	 */
	public WebSocket webSocket() {
		WebSocket webSocket = this.webSocket;
		Assert.state(webSocket != null, "Not connected");
		return webSocket;
	}

	/**
	 * Return the subprotocol the server chose.
	 * @return the subprotocol, empty if none
	 */
	public String subprotocol() {
		return webSocket().getSubprotocol();
	}

	/**
	 * Send a text message, waiting until it is written.
	 * @param text the text
	 * @return this connection
	 */
	public WsTestConnection sendText(String text) {
		join(webSocket().sendText(text, true), "text");
		return this;
	}

	/**
	 * Send a fragment of a text message, waiting until it is written: the message ends
	 * with the fragment sent with {@code last}, and no other message may start before.
	 * @param fragment the text of this fragment
	 * @param last whether this fragment ends the message
	 * @return this connection
	 */
	public WsTestConnection sendText(String fragment, boolean last) {
		join(webSocket().sendText(fragment, last), "a text fragment");
		return this;
	}

	/**
	 * Send a binary message, waiting until it is written.
	 * @param bytes the bytes
	 * @return this connection
	 */
	public WsTestConnection sendBinary(byte[] bytes) {
		join(webSocket().sendBinary(ByteBuffer.wrap(bytes), true), "binary");
		return this;
	}

	/**
	 * Send a fragment of a binary message, waiting until it is written: the message ends
	 * with the fragment sent with {@code last}, and no other message may start before.
	 * @param fragment the bytes of this fragment
	 * @param last whether this fragment ends the message
	 * @return this connection
	 */
	public WsTestConnection sendBinary(byte[] fragment, boolean last) {
		join(webSocket().sendBinary(ByteBuffer.wrap(fragment), last), "a binary fragment");
		return this;
	}

	/**
	 * Send an object as JSON text.
	 * @param value the object
	 * @return this connection
	 */
	public WsTestConnection sendJson(Object value) {
		return sendText(this.jsonCodec.write(value));
	}

	/**
	 * Whether the connection has closed, from either side.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return messages().isClosed();
	}

	/**
	 * Close with 1000, if still open, and wait for the close frame to be written.
	 */
	@Override
	public void close() {
		close(WebSocket.NORMAL_CLOSURE, "");
	}

	/**
	 * Close with a status of the client's choice, if still open.
	 * @param code the close code
	 * @param reason the reason
	 */
	public void close(int code, String reason) {
		WebSocket webSocket = this.webSocket;
		if (webSocket != null && !webSocket.isOutputClosed()) {
			try {
				webSocket.sendClose(code, reason).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				webSocket.abort();
			}
			catch (ExecutionException | TimeoutException ex) {
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

	private void join(CompletableFuture<?> send, String what) {
		try {
			send.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("Could not send " + what + " on " + this.path + ": " + ex.getCause(), ex);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Could not send " + what + " on " + this.path + " within " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	@Override
	public String toString() {
		return "WsTestConnection to " + this.path;
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				messages().add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.write(bytes, 0, bytes.length);
			if (last) {
				messages().add(this.binary.toByteArray());
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			messages().closed(statusCode, reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			messages().closed(1006, String.valueOf(error));
		}

	}

}
