package io.multiws.test;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.multiws.javaclient.WsClient;
import io.multiws.javaclient.WsClientListener;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One connection of a {@link WsTestClient}: send text, binary or JSON, and await what the
 * server sends back. Closing it sends a normal close frame. It is a {@link WsClient}
 * without reconnect nor envelope: every message is recorded as it came, and the first
 * close is the last.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsTestConnection extends ReceivingPeer implements AutoCloseable {

	private final String path;

	private final TestJson json;

	private final Duration timeout;

	private volatile @Nullable WsClient client;

	WsTestConnection(String path, ReceivedMessages messages, TestJson json, Duration timeout) {
		super(messages);
		this.path = path;
		this.json = json;
		this.timeout = timeout;
	}

	void connecting(WsClient client) {
		this.client = client;
	}

	WsClientListener listener() {
		return new Recorder();
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
		WebSocket webSocket = client().webSocket();
		Assert.state(webSocket != null, "Not connected");
		return webSocket;
	}

	private WsClient client() {
		WsClient client = this.client;
		Assert.state(client != null, "Not connected");
		return client;
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
		join(client().sendText(text, true), "text");
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
		join(client().sendText(fragment, last), "a text fragment");
		return this;
	}

	/**
	 * Send a binary message, waiting until it is written.
	 * @param bytes the bytes
	 * @return this connection
	 */
	public WsTestConnection sendBinary(byte[] bytes) {
		join(client().sendBinary(ByteBuffer.wrap(bytes), true), "binary");
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
		join(client().sendBinary(ByteBuffer.wrap(fragment), last), "a binary fragment");
		return this;
	}

	/**
	 * Send an object as JSON text.
	 * @param value the object
	 * @return this connection
	 */
	public WsTestConnection sendJson(Object value) {
		return sendText(this.json.write(value));
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
		WsClient client = this.client;
		if (client == null) {
			return;
		}
		try {
			client.close(code, reason).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			client.abort();
		}
		catch (ExecutionException | TimeoutException ex) {
			client.abort();
		}
	}

	/**
	 * Drop the TCP connection without a close frame, as a killed process would; the
	 * connection then reads as closed with 1006.
	 */
	public void abort() {
		client().abort();
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

	/**
	 * Records every message as it came, and the close.
	 */
	private final class Recorder implements WsClientListener {

		@Override
		public void onMessage(String text, @Nullable String id) {
			messages().add(text);
		}

		@Override
		public void onBinary(ByteBuffer data, @Nullable String id) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			messages().add(bytes);
		}

		@Override
		public void onClose(int code, String reason, boolean reconnect) {
			messages().closed(code, reason);
		}

	}

}
